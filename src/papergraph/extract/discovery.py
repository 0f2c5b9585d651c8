"""Pipeline component: names the vocabulary does not know yet.

A new paper usually names something new: the system in its title ("LongRAG:
..."), the benchmark it introduces ("我们引入了综合RAG基准 (CRAG)"). Such names
are found from cues, never from a list:

- the name a title puts before its colon (or dash);
- the name that follows "we propose / 我们提出 ...";
- a name-shaped word beside a kind noun ("X 基准", "框架 X", "the X benchmark");
- a name whose shape tells its kind ("-Bench", "-7B", "-Instruct").

Each found name is then marked wherever else the paper uses it, and an
abbreviation given in brackets after it ("Mixture-of-Agents (MoA)") becomes an
alias. The same component records what the paper proposes.
"""
from __future__ import annotations

import re
from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc

from ..knowledge import load_knowledge
from ..model import Entity
from ..text import fold, name_key
from .names import NAME, KindCues, is_generic, looks_like_name
from .state import add_entity, entity_of, state

_TITLE_HEAD = re.compile(r"^\s*(?P<head>[^:：,，]{1,60}?)\s*(?P<sep>[:：]|\s+-{1,2}\s+|\s+[–—]\s+|,)\s*\S")
_ZH_TITLE_HEAD = re.compile(r"^\s*(?P<head>[^:：]{1,30}?)\s*[:：]")
_CLAUSE_END = re.compile(r"[。；;！？!?]|\.(?=\s)|\n")
_BRACKET_AFTER = re.compile(r"\s?[（(]\s*(?P<inner>[^()（）]{1,60}?)\s*[)）]")
_ACRONYM = re.compile(r"^[A-Za-z][A-Za-z0-9\-+&.]{0,14}$")
# Last words of names that are techniques ("Direct Nash Optimization").
_METHOD_WORDS = re.compile(
    r"(?i)(optimi[sz]ation|learning|tuning|training|attention|decoding|search|prompting|"
    r"distillation|alignment|adaptation|generation|retrieval|reasoning|editing|sampling|agents?)$"
)


class NameDiscovery:
    def __init__(self, ontology: str | None):
        knowledge = load_knowledge(ontology)
        self.vocabulary = knowledge.vocabulary
        cues = knowledge.cues
        self.kinds = KindCues(cues["kind_nouns"], cues["kind_shapes"])
        p = cues["proposal"]
        subjects = sorted({fold(s) for s in p["subjects_zh"] + p["subjects_en"]}, key=len, reverse=True)
        verbs_zh = sorted({fold(v) for v in p["verbs_zh"]}, key=len, reverse=True)
        verbs_en = sorted({fold(v) for v in p["verbs_en"]}, key=len, reverse=True)
        naming = sorted({fold(v) for v in p["naming_zh"] + p["naming_en"]}, key=len, reverse=True)
        self.subject = re.compile(r"(?<![a-z])(?:" + "|".join(map(re.escape, subjects)) + r")(?![a-z])")
        self.verb = re.compile(
            "(?:" + "|".join(map(re.escape, verbs_zh)) + r")|(?<![a-z])(?:"
            + "|".join(map(re.escape, verbs_en)) + r")(?![a-z])"
        )
        self.naming = re.compile(r"(?<![a-z])(?:" + "|".join(map(re.escape, naming)) + r")(?![a-z])")

    # -- the component -------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        st = state(doc)
        folded = fold(doc.text)
        self._title_head(doc, folded)
        self._proposal_sentences(doc, folded)
        self._cued_names(doc, folded)
        self._bracket_aliases(doc)
        self._other_occurrences(doc)
        st.proposed = sorted(set(st.proposed))
        return doc

    # -- finders ---------------------------------------------------------------

    def _title_head(self, doc: Doc, folded: str) -> None:
        st = state(doc)
        start, end = st.fields.get("title", (0, 0))
        title = doc.text[start:end]
        m = _TITLE_HEAD.match(title)
        if not m:
            return
        head = m["head"]
        words = head.split()
        if m["sep"] == "," and not (len(words) == 1 and looks_like_name(head)):
            return
        if not all(w[:1].isupper() or w[:1].isdigit() for w in words) or len(words) > 5:
            return  # "Judging the Judges: ..." is a phrase, not a name
        if is_generic(head, self.vocabulary.generic):
            return
        zh = self._zh_title_head(doc)
        if len(words) > 1 and not self._named_again(doc, head, zh):
            return  # "Leave No Context Behind: ..." is a slogan unless the text names it
        h_start = start + m.start("head")
        h_end = h_start + len(head)
        entity = self.vocabulary.lookup(head)
        if entity is None:
            rest = title[m.end("sep"):]
            entity = self._new_entity(doc, folded, head, h_start, h_end, title_rest=rest)
            if zh and name_key(zh) != entity.key:
                st.aliases.setdefault(entity.key, set()).add(zh)
        span = self._place(doc, h_start, h_end, entity, replace=True)
        if span is not None:
            st.proposed.append(span)

    @staticmethod
    def _named_again(doc: Doc, head: str, zh: str | None) -> bool:
        """A multi-word title head is a name when the summary uses it (or its short form)."""
        summary = fold(state(doc).field_text(doc, "summary"))
        acronym = "".join(w[0] for w in re.split(r"[\s\-]+", head) if w)
        return (
            fold(head) in summary
            or bool(zh and fold(zh) in summary)
            or (len(acronym) >= 2 and re.search(r"(?<![a-z0-9])" + re.escape(acronym.lower()) + r"(?![a-z0-9])", summary) is not None)
        )

    def _zh_title_head(self, doc: Doc) -> str | None:
        st = state(doc)
        m = _ZH_TITLE_HEAD.match(st.field_text(doc, "title_zh"))
        return m["head"] if m and re.search(r"[\u4e00-\u9fff]", m["head"]) else None

    def _proposal_sentences(self, doc: Doc, folded: str) -> None:
        st = state(doc)
        s_start, _ = st.fields.get("summary", (0, 0))
        for sent in doc.sents:
            if sent.start_char < s_start:
                continue
            text = folded[sent.start_char:sent.end_char]
            subj = self.subject.search(text)
            if not subj:
                continue
            verb = self.verb.search(text, subj.end())
            if not verb or verb.start() - subj.end() > 12:
                continue
            w_start = sent.start_char + verb.end()
            clause = _CLAUSE_END.search(doc.text, w_start, sent.end_char)
            w_end = min(clause.start() if clause else sent.end_char, w_start + 90)
            chosen = self._proposal_candidate(doc, folded, w_start, w_end)
            if chosen is not None:
                st.proposed.append(chosen)

    def _proposal_candidate(self, doc: Doc, folded: str, start: int, end: int):
        """The span a proposal clause introduces: a new name first, else a known one in the title."""
        st = state(doc)
        title = st.field_text(doc, "title")
        title_keys = {name_key(w) for w in NAME.findall(title)} | {name_key(title)}
        known_in_title = None
        for m in NAME.finditer(doc.text, start, end):
            name = m.group().rstrip(".")
            m_end = m.start() + len(name)
            existing = self._span_at(doc, m.start(), m_end)
            if existing is not None:
                ent = st.entities[existing]
                if not ent.known:
                    return existing
                if known_in_title is None and (
                    ent.key in title_keys or any(name_key(a) in title_keys for a in ent.aliases)
                    or fold(ent.label) in fold(title)
                ):
                    known_in_title = existing
                continue
            if not looks_like_name(name) and not self.naming.search(folded, max(start, m.start() - 6), m.start()):
                continue
            if is_generic(name, self.vocabulary.generic) or self._overlaps(doc, m.start(), m_end):
                continue
            entity = self._new_entity(doc, folded, name, m.start(), m_end)
            span = self._place(doc, m.start(), m_end, entity)
            if span is not None:
                return span
        return known_in_title

    def _cued_names(self, doc: Doc, folded: str) -> None:
        """Name-shaped words whose shape or neighbouring noun tells their kind.

        Only in the summary: Title Case makes every title word look like a name.
        """
        s_start, s_end = state(doc).fields.get("summary", (0, 0))
        for m in NAME.finditer(doc.text, s_start, s_end):
            name = m.group().rstrip(".")
            start, end = m.start(), m.start() + len(name)
            if self._overlaps(doc, start, end) or not looks_like_name(name):
                continue
            if is_generic(name, self.vocabulary.generic):
                continue
            kind = (
                self.kinds.by_shape(name)
                or self.kinds.noun_after(folded, end)
                or self.kinds.noun_before(folded, start)
            )
            if kind is None:
                continue
            self._place(doc, start, end, Entity(name_key(name), name, kind, (), None, known=False))

    def _bracket_aliases(self, doc: Doc) -> None:
        """"Mixture-of-Agents (MoA)": the bracketed short form names the same entity."""
        st = state(doc)
        for span in list(doc.ents):
            entity = entity_of(doc, span)
            m = _BRACKET_AFTER.match(doc.text, span.end_char)
            if entity is None or not m:
                continue
            inner = m["inner"].strip()
            i_start = m.start("inner")
            inside = self._span_at(doc, i_start, i_start + len(inner))
            if inside is not None:
                continue  # already a name of its own: "Natural Questions (NQ)" was matched whole
            if not _ACRONYM.match(inner) or not any(c.isupper() for c in inner):
                continue
            if is_generic(inner, self.vocabulary.generic) or self.vocabulary.lookup(inner):
                continue
            if not entity.known:
                st.aliases.setdefault(entity.key, set()).add(inner)
            add_entity(doc, i_start, i_start + len(inner), entity)

    def _other_occurrences(self, doc: Doc) -> None:
        """A name found once is marked everywhere the paper uses it."""
        st = state(doc)
        names: dict[str, Entity] = {}
        for entity in st.entities.values():
            if not entity.known:
                names[entity.label] = entity
                for alias in st.aliases.get(entity.key, ()):
                    names[alias] = entity
        for name in sorted(names, key=len, reverse=True):
            if not re.search(r"[A-Za-z0-9]", name):
                continue
            pattern = re.compile(r"(?<![A-Za-z0-9\-])" + re.escape(name) + r"(?![A-Za-z0-9])")
            for m in pattern.finditer(doc.text):
                if not self._overlaps(doc, m.start(), m.end()):
                    add_entity(doc, m.start(), m.end(), names[name])

    # -- helpers ---------------------------------------------------------------

    def _new_entity(self, doc: Doc, folded: str, name: str, start: int, end: int, title_rest: str = "") -> Entity:
        kind = (
            self.kinds.by_shape(name)
            or self._kind_from_known_part(name)
            or self._kind_from_text(doc, folded, name)
            or self._kind_from_title_rest(title_rest)
            or ("Method" if _METHOD_WORDS.search(name) else None)
            or "Method"
        )
        return Entity(name_key(name), name, kind, (), None, known=False)

    def _kind_from_known_part(self, name: str) -> str | None:
        """"Trans-LoRA" is a method like LoRA; "JINA CLIP" a model like CLIP."""
        for part in re.split(r"[\s\-]+", name):
            e = self.vocabulary.lookup(part) if len(part) > 2 else None
            if e is not None and e.kind in ("Model", "Method", "Dataset"):
                return e.kind
        return None

    def _kind_from_text(self, doc: Doc, folded: str, name: str) -> str | None:
        votes: Counter[str] = Counter()
        for m in re.finditer(r"(?<![A-Za-z0-9])" + re.escape(name) + r"(?![A-Za-z0-9])", doc.text):
            for kind in (self.kinds.noun_after(folded, m.end()), self.kinds.noun_before(folded, m.start())):
                if kind:
                    votes[kind] += 1
        return max(sorted(votes), key=votes.__getitem__) if votes else None

    def _kind_from_title_rest(self, rest: str) -> str | None:
        folded = fold(rest)
        for word in re.findall(r"[a-z]+", folded):
            if word in ("benchmark", "benchmarks", "dataset", "datasets", "corpus", "leaderboard", "suite", "arena"):
                return "Dataset"
        return None

    @staticmethod
    def _overlaps(doc: Doc, start: int, end: int) -> bool:
        return any(s < end and start < e for (s, e) in state(doc).entities)

    @staticmethod
    def _span_at(doc: Doc, start: int, end: int):
        for (s, e) in state(doc).entities:
            if s == start and e == end:
                return (s, e)
        return None

    def _place(self, doc: Doc, start: int, end: int, entity: Entity, replace: bool = False):
        """Add the name; with `replace`, it wins over shorter names inside it."""
        st = state(doc)
        if replace:
            inside = [(s, e) for (s, e) in st.entities if start <= s and e <= end]
            if len(inside) == len([1 for (s, e) in st.entities if s < end and start < e]):
                for key in inside:
                    del st.entities[key]
                doc.ents = [x for x in doc.ents if not (start <= x.start_char and x.end_char <= end)]
        span = add_entity(doc, start, end, entity)
        return (span.start_char, span.end_char) if span is not None else None


@Language.factory("pg_discovery", default_config={"ontology": None})
def make_name_discovery(nlp: Language, name: str, ontology: str | None):
    return NameDiscovery(ontology)
