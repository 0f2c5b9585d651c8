"""Pipeline component: what the text says about the names it contains.

Within one sentence, cue words from ontology/cues.toml link the names around
them: "MoA ... 超过了 GPT-4 Omni" (outperforms), "与 GPT-4 相当" (compared_with),
"在 NQ 上" / "on NQ" (evaluated_on), "基于 Phi-3 Mini" (based_on),
"fine-tuned from Mistral-7B" (fine_tuned_from), "使用 LoRA" (uses).
A subject the sentence does not name is the paper's own proposal when the
sentence speaks for the authors, else the paper itself (subject None).
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from ..knowledge import load_knowledge
from ..model import Evidence, Relation
from .cues import cue_pattern
from .state import state

AGENTS = ("Model", "Method")
_CLAUSE = re.compile(r"[，,；;：:]|(?<=\s)(?:while|whereas|but)\s")


class RelationFinder:
    def __init__(self, ontology: str | None):
        cues = load_knowledge(ontology).cues
        r, p = cues["relations"], cues["proposal"]
        self.outperforms = cue_pattern(r["outperforms_zh"], r["outperforms_en"])
        self.compared = cue_pattern(r["compared_zh"], r["compared_en"])
        self.based_on = cue_pattern(r["based_on_zh"], r["based_on_en"])
        self.fine_tuned = cue_pattern(r["fine_tuned_zh"], r["fine_tuned_en"])
        self.uses = cue_pattern(r["uses_zh"], r["uses_en"])
        self.evaluation_en = cue_pattern(r["evaluation_en"])
        self.authors = cue_pattern(p["subjects_zh"], p["subjects_en"])
        self.training = cue_pattern(cues["results"].get("training_context", []))

    def __call__(self, doc: Doc) -> Doc:
        st = state(doc)
        folded = st.folded
        proposed = [st.entities[s] for s in st.proposed if s in st.entities]
        own = proposed[0].key if proposed else None
        seen: set[tuple] = set()

        def add(subject, relation, obj, sent):
            if obj is None or subject == obj:
                return
            k = (subject, relation, obj)
            if k not in seen:
                seen.add(k)
                st.relations.append(Relation(subject, relation, obj, Evidence(sent.text.strip(), st.source)))

        for sent in st.sents:
            names = st.names_in(sent.start_char, sent.end_char)
            if not names:
                continue
            text = folded[sent.start_char:sent.end_char]
            base = sent.start_char
            speaks_for_authors = bool(self.authors.search(text))
            default_subject = own if (speaks_for_authors or own in {n[2].key for n in names}) else None

            def subject_before(pos: int):
                clause_start = self._clause_start(folded, base, pos)
                agents = [ent for s, e, ent in names if e <= pos and s >= clause_start and ent.kind in AGENTS]
                if agents:
                    return agents[-1].key
                if default_subject:
                    return default_subject
                agents = [ent for s, e, ent in names if e <= pos and ent.kind in AGENTS]
                return agents[0].key if agents else None

            def objects_after(pos: int, kinds) -> list[str]:
                clause_end = self._clause_end(folded, pos, sent.end_char)
                return [ent.key for s, e, ent in names if s >= pos and e <= clause_end and ent.kind in kinds]

            # "我们的方法与 GPT-4 相当": the compared name sits between 与 and the cue
            for m in self.compared.finditer(text):
                for s, e, ent in names:
                    between = folded[e:base + m.start()]
                    lead = folded[max(base, s - 3):s]
                    if ent.kind in AGENTS and re.search(r"(与|和|跟|同)\s?$", lead) and re.fullmatch(r"\s*(的\S{0,4})?\s*", between):
                        add(subject_before(s - len(lead)), "compared_with", ent.key, sent)
            for relation, pattern, kinds in (
                ("outperforms", self.outperforms, AGENTS),
                ("compared_with", self.compared, AGENTS),
                ("fine_tuned_from", self.fine_tuned, ("Model",)),
                ("based_on", self.based_on, AGENTS),
            ):
                for m in pattern.finditer(text):
                    pos = base + m.end()
                    objs = objects_after(pos, kinds)
                    if relation in ("based_on", "fine_tuned_from"):
                        objs = objs[:1]
                    subject = subject_before(base + m.start())
                    if relation == "compared_with" and subject is None:
                        continue
                    for obj in objs:
                        add(subject, relation, obj, sent)
            evaluated = {ent.key for s, e, ent in names
                         if ent.kind == "Dataset" and self._evaluated_here(folded, s, e, base, sent.end_char)}
            for m in self.uses.finditer(text):
                if not speaks_for_authors:
                    break
                for obj in objects_after(base + m.end(), ("Method", "Dataset"))[:2]:
                    if obj != own and obj not in evaluated:
                        add(None, "uses", obj, sent)
            for s, e, ent in names:
                if ent.key in evaluated:
                    add(subject_before(s) or None, "evaluated_on", ent.key, sent)
        return doc

    def _evaluated_here(self, folded: str, start: int, end: int, base: int, sent_end: int) -> bool:
        """"在 NQ 上/中", "在 AlpacaEval 2.0、MT-Bench 和 FLASK 上", "on NQ": measured there.

        A "在 … 上" frame may hold a list of datasets; "在 … 上预训练" is training, not evaluation.
        """
        frame_start = folded.rfind("在", max(base, start - 60), start)
        if frame_start >= 0 and not re.search(r"[，。；,;]", folded[frame_start:start]):
            close = re.search(r"[上中里]", folded[end:min(sent_end, end + 60)])
            if close and not re.search(r"[，。；,;]", folded[end:end + close.start()]):
                after = folded[end + close.end():end + close.end() + 6]
                if not self.training.match(after.lstrip("的 ")):
                    return True
        before = folded[max(base, start - 12):start]
        return bool(re.search(r"(?<![a-z])(on|across|over)\s(the\s)?$", before))

    @staticmethod
    def _clause_start(folded: str, base: int, pos: int) -> int:
        starts = [m.end() for m in _CLAUSE.finditer(folded, base, pos)]
        return starts[-1] if starts else base

    @staticmethod
    def _clause_end(folded: str, pos: int, end: int) -> int:
        m = _CLAUSE.search(folded, pos, end)
        return m.start() if m else end


@Language.factory("pg_relations", default_config={"ontology": None})
def make_relation_finder(nlp: Language, name: str, ontology: str | None):
    return RelationFinder(ontology)
