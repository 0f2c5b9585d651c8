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
from bisect import bisect_left

from spacy.language import Language
from spacy.tokens import Doc

from ..knowledge import load_knowledge
from ..model import Relation
from .cues import CueScanner, by_sentence, cue_pattern
from .state import state

AGENTS = ("Model", "Method")
# "while/whereas/but" after a space; each branch opens with a character (the space
# is looked for behind it), which lets `re` skip to the candidates
_CLAUSE = re.compile(r"[，,；;：:]|w(?<=\sw)(?:hile|hereas)\s|b(?<=\sb)ut\s")
_WITH = re.compile(r"(与|和|跟|同)\s?$")  # "与 GPT-4 相当"
_LISTED = re.compile(r"\s?(?:和|及|、|,|and)\s?")  # between two names of one list (folded: "，" is ",")
_BETWEEN = re.compile(r"\s*(的\S{0,4})?\s*")  # what may sit between the name and the cue
_OF = re.compile(r"\s?的\s?")  # "Phi 的 SelfRAG-2": the first describes the second
# "经指令微调的版本 Mistral 7B – Instruct", "微调后的 X": the cue describes the name after it,
# which is what was tuned (from the subject), not what it was tuned from
_TUNED_ONE = re.compile(r"\s?(?:后|过后)?(?:得到)?的")
# "的版本 ", "的模型", "后得到的模型（称为 "
_TUNED_ONE_GAP = re.compile(_TUNED_ONE.pattern + r"\s?[\u4e00-\u9fff]{0,4}\s?(?:[（(]\s?(?:称为|名为|即)\s?)?")
_STOP = re.compile(r"[，。；,;]")
_BETWEEN_FRAME = re.compile(r"\s?")  # "比 Medusa 快": only a space between the cue and its object
_FRAME_CLOSE = re.compile(r"[上中里]")
_AT_OPEN, _AT_CLOSE = re.compile(r"在\s?$"), re.compile(r"\s?[上中里]")  # "在 LLaMA 上": a place
# what may stand between "在 X 上" and a training verb: "对 Qwen2.5-32B 进行(了)(监督式)", "进行指令"
_TRAINED_OBJECT = re.compile(r"[的 ]*(?:(?:对\s?[^，。；,;]{1,40}?\s?)?进行(?:了|监督式|监督|指令)*\s?)?")
_ON_BEFORE = re.compile(r"(?<![a-z])(on|across|over)\s(the\s)?$")
# cue -> relation, and the kinds its object may be
_DIRECTED = (("outperforms", AGENTS), ("compared_with", AGENTS), ("fine_tuned_from", ("Model",)),
             ("based_on", AGENTS))


class RelationFinder:
    def __init__(self, ontology: str | None):
        cues = load_knowledge(ontology).cues
        r, p = cues["relations"], cues["proposal"]
        self.cues = CueScanner({
            "outperforms": r["outperforms_zh"] + r["outperforms_en"],
            "compared": r["compared_zh"] + r["compared_en"],
            "fine_tuned_from": r["fine_tuned_zh"] + r["fine_tuned_en"],
            "based_on": r["based_on_zh"] + r["based_on_en"],
            "based_on_framed": r.get("based_on_framed_zh", []),
            "outperforms_framed": r.get("outperforms_framed_zh", []),
            "uses": r["uses_zh"] + r["uses_en"],
            "authors": p["subjects_zh"] + p["subjects_en"],
        })
        self.training = cue_pattern(cues["results"].get("training_context", []))
        # what must follow the object of a framed cue: "以 X 为", "比 X 快"
        self.frame_close = {
            "based_on": re.compile(rf"\s?(?:{cue_pattern(r.get('based_on_frame_close_zh', [])).pattern})"),
            "outperforms": re.compile(rf"\s?(?:{cue_pattern(r.get('outperforms_frame_close_zh', [])).pattern})"),
        }

    def __call__(self, doc: Doc) -> Doc:
        st = state(doc)
        if not st.entities:
            return doc
        folded = st.folded
        proposed = [st.entities[s] for s in st.proposed if s in st.entities]
        own = proposed[0].key if proposed else None
        kind_of = {entity.key: entity.kind for entity in st.entities.values()}
        seen: set[tuple] = set()
        # Each cue list and the clause marks are found once over the whole text,
        # then handed to the sentence they fall in: one regex pass per pattern
        # per paper instead of one per sentence.
        sents = st.sents
        starts = [s.start_char for s in sents]
        hits = {name: by_sentence(found, sents, starts) for name, found in self.cues.scan(folded).items()}
        clauses = [(m.start(), m.end()) for m in _CLAUSE.finditer(folded)]
        clause_starts = [a for a, _b in clauses]

        def add(subject, relation, obj, sent):
            if obj is None or subject == obj:
                return
            k = (subject, relation, obj)
            if k not in seen:
                seen.add(k)
                st.relations.append(Relation(subject, relation, obj, sent.evidence))

        def clause_start(base: int, pos: int) -> int:
            # the end of the last clause mark inside [base, pos)
            i = bisect_left(clause_starts, pos) - 1
            while i >= 0 and clauses[i][0] >= base:
                if clauses[i][1] <= pos:
                    return clauses[i][1]
                i -= 1
            return base

        def clause_end(pos: int, end: int) -> int:
            i = bisect_left(clause_starts, pos)
            return clauses[i][0] if i < len(clauses) and clauses[i][1] <= end else end

        for i, sent in enumerate(sents):
            names = st.names_in(sent.start_char, sent.end_char)
            if not names:
                continue
            base = sent.start_char
            speaks_for_authors = bool(hits["authors"][i])
            default_subject = own if (speaks_for_authors or own in {n[2].key for n in names}) else None

            def described(names=names) -> dict[int, str]:
                """"基于 Phi 的 SelfRAG-2": Phi only describes the name after it, which is what
                the sentence is about (name start -> the key of the name it describes)."""
                return {names[k][0]: names[k + 1][2].key for k in range(len(names) - 1)
                        if names[k][2].kind in AGENTS and names[k + 1][2].kind in AGENTS
                        and _OF.fullmatch(folded, names[k][1], names[k + 1][0])}

            def subject_before(pos: int):
                first = clause_start(base, pos)
                agents = [ent for s, e, ent in names if e <= pos and s >= first and ent.kind in AGENTS]
                if agents:
                    return agents[-1].key
                if default_subject:
                    return default_subject
                modifiers = described()
                # "在 LLaMa 上微调得到的模型（称为 Humpback），在 … 上超越了…": what a "在 … 上" frame
                # holds is where something happened, not who did it
                agents = [ent for s, e, ent in names if e <= pos and ent.kind in AGENTS and s not in modifiers
                          and not (_AT_OPEN.search(folded, max(base, s - 2), s) and _AT_CLOSE.match(folded, e))]
                return agents[0].key if agents else None

            def objects_after(pos: int, kinds) -> list[str]:
                last = clause_end(pos, sent.end_char)
                return [ent.key for s, e, ent in names if s >= pos and e <= last and ent.kind in kinds]

            # "我们的方法与 GPT-4 相当": the compared name sits between 与 and the cue;
            # "与 llama.cpp 和 MLC-LLM 相当": so does a list of them, all compared alike
            for m_start, _m_end in hits["compared"][i]:
                for k, (s, e, ent) in enumerate(names):
                    if ent.kind not in AGENTS or e > m_start or not _BETWEEN.fullmatch(folded, e, m_start):
                        continue
                    first = k
                    while first > 0 and _LISTED.fullmatch(folded, names[first - 1][1], names[first][0]):
                        first -= 1
                    for opener in range(first, k + 1):
                        o_start = names[opener][0]
                        lead = folded[max(base, o_start - 3):o_start]
                        if _WITH.search(lead):
                            subject = subject_before(o_start - len(lead))
                            if kind_of.get(subject, "Model") not in AGENTS:
                                break  # a benchmark is compared with nothing
                            for _s, _e, listed in names[opener:k + 1]:
                                if listed.kind in AGENTS:
                                    add(subject, "compared_with", listed.key, sent)
                            break
            beaten: dict[str, str] = {}  # what the sentence says something outperformed -> what did
            for relation, kinds in _DIRECTED:
                cue_hits = hits["compared" if relation == "compared_with" else relation][i]
                framed = hits.get(relation + "_framed", ())
                framed = framed[i] if framed else []
                if framed:
                    cue_hits = sorted([*cue_hits, *framed])
                for m_start, m_end in cue_hits:
                    objs = objects_after(m_end, kinds)
                    if (m_start, m_end) in framed:
                        # "以 X 为基础", "比 X 快": the object right after the cue, the frame's close right after it
                        obj = next(((s, e) for s, e, ent in names if s >= m_end and objs and ent.key == objs[0]), None)
                        if (obj is None or not _BETWEEN_FRAME.fullmatch(folded, m_end, obj[0])
                                or not self.frame_close[relation].match(folded, obj[1])):
                            continue
                        objs = objs[:1]
                    if relation in ("based_on", "fine_tuned_from"):
                        objs = objs[:1]
                    subject = subject_before(m_start)
                    if objs and relation in ("based_on", "fine_tuned_from"):
                        at = next(s for s, _e, ent in names if s >= m_end and ent.key == objs[0])
                        subject = described().get(at, subject)  # "基于 Phi 的 SelfRAG-2": SelfRAG-2 is based on Phi
                    if relation == "compared_with" and subject is None:
                        continue
                    if relation in ("outperforms", "compared_with") and kind_of.get(subject, "Model") not in AGENTS:
                        continue  # a benchmark beats nothing: "on GAIA, humans obtain 92% vs. 15% for GPT-4"
                    if relation == "fine_tuned_from" and objs and _TUNED_ONE.match(folded, m_end):
                        # only a model is tuned from a model; "使用 LoRA 微调的 Mistral-7B" says
                        # how, and "用 Magpie 微调的模型表现与 X 相当" does not name the tuned one
                        at = next(s for s, _e, ent in names if s >= m_end and ent.key == objs[0])
                        if kind_of.get(subject) == "Model" and _TUNED_ONE_GAP.fullmatch(folded, m_end, at):
                            add(objs[0], relation, subject, sent)
                        continue
                    for obj in objs:
                        add(subject, relation, obj, sent)
                        if relation == "outperforms" and subject is not None:
                            beaten.setdefault(obj, subject)
            evaluated = {ent.key for s, e, ent in names
                         if ent.kind == "Dataset" and self._evaluated_here(folded, s, e, base, sent.end_char)}
            if speaks_for_authors:
                for _m_start, m_end in hits["uses"][i]:
                    for obj in objects_after(m_end, ("Method", "Dataset"))[:2]:
                        if obj != own and obj not in evaluated:
                            add(None, "uses", obj, sent)
            for s, e, ent in names:
                if ent.key in evaluated:
                    # "SimPO outperforms DPO by 6.4 points on AlpacaEval 2": SimPO was evaluated there
                    subject = subject_before(s)
                    add(beaten.get(subject, subject) or None, "evaluated_on", ent.key, sent)
        return doc

    def _evaluated_here(self, folded: str, start: int, end: int, base: int, sent_end: int) -> bool:
        """"在 NQ 上/中", "在 AlpacaEval 2.0、MT-Bench 和 FLASK 上", "on NQ": measured there.

        A "在 … 上" frame may hold a list of datasets; "在 … 上预训练" is training, not evaluation.
        """
        # within 60 characters either way, spaces not counted: "在MT Bench、…上" and
        # "在 MT Bench、… 上" are the same frame
        frame_start = folded.rfind("在", max(base, start - 90), start)
        if (frame_start >= 0 and not _STOP.search(folded, frame_start, start)
                and start - frame_start - folded.count(" ", frame_start, start) <= 60):
            close = _FRAME_CLOSE.search(folded, end, min(sent_end, end + 90))
            if (close and not _STOP.search(folded, end, close.start())
                    and close.start() - end - folded.count(" ", end, close.start()) <= 60):
                # "在 X 上预训练", "在 s1K 上对 Qwen2.5-32B 进行监督式微调": trained there
                lead = _TRAINED_OBJECT.match(folded, close.end(), min(sent_end, close.end() + 60))
                if not self.training.match(folded, lead.end()):
                    return True
        return bool(_ON_BEFORE.search(folded[max(base, start - 12):start]))


@Language.factory("pg_relations", default_config={"ontology": None})
def make_relation_finder(nlp: Language, name: str, ontology: str | None):
    return RelationFinder(ontology)
