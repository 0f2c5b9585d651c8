"""Pipeline component: reported numbers tied to a named dataset.

"LongRAG 在 NQ 数据集上的 EM 达到了62.7%" -> Result(dataset=Natural Questions,
metric=EM, value=62.7, unit="%", subject=LongRAG). A number is a result only
when its sentence names a dataset or benchmark; counts and sizes ("4409个",
"7B", "30倍") and earlier numbers in asides ("（之前为52%）") are not.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from ..knowledge import load_knowledge
from ..model import Evidence, Result
from ..text import fold
from .state import entity_of, state

NUMBER = re.compile(
    r"(?<![A-Za-z0-9.\-@])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<unit>\s?(?:%|％|个百分点|百分点|percentage points|points?|分)?)"
)
_PRIOR = re.compile(r"[（(]\s*(?:之前|此前|以前|原为|此前为|previous(?:ly)?|from|vs\.?|compared)")
_CLAUSE = re.compile(r"[，,；;]|(?<=\s)(?:while|whereas|but)\s|而")


class ResultFinder:
    def __init__(self, ontology: str | None):
        cues = load_knowledge(ontology).cues["results"]
        words = sorted({fold(w) for w in cues["not_a_score"]}, key=len, reverse=True)
        self.not_a_score = re.compile(r"\s?(?:" + "|".join(map(re.escape, words)) + r")(?![a-z])")

    def __call__(self, doc: Doc) -> Doc:
        st = state(doc)
        folded = fold(doc.text)
        proposed = [st.entities[s] for s in st.proposed if s in st.entities]
        for sent in doc.sents:
            names = [(s.start_char, s.end_char, entity_of(doc, s)) for s in sent.ents]
            names = [n for n in names if n[2] is not None]
            datasets = [n for n in names if n[2].kind == "Dataset"]
            if not datasets:
                continue
            for m in NUMBER.finditer(doc.text, sent.start_char, sent.end_char):
                start, end = m.start("num"), m.end("num")
                if any(s <= start < e for s, e, _ in names):
                    continue  # part of a name: "GPT-4", "AlpacaEval 2.0"
                unit = m["unit"].strip()
                unit = "%" if unit in ("%", "％") else unit
                if not unit and self.not_a_score.match(folded, end):
                    continue
                if self._in_prior_aside(doc.text, sent.start_char, start):
                    continue
                value_text = m["num"].replace(",", "")
                metric = self._nearest(names, start, ("Metric",), sent.start_char, folded)
                if not unit and "." not in value_text and metric is None:
                    continue  # a bare integer with no measure named is a count
                dataset = self._nearest(names, start, ("Dataset",), sent.start_char, folded, allow_earlier=True)
                if dataset is None:
                    continue
                subject = self._nearest(names, start, ("Model", "Method"), sent.start_char, folded, before_only=True)
                if subject is None and proposed:
                    subject = proposed[0].key
                unit_name = {"%": "%", "个百分点": "pp", "百分点": "pp", "percentage points": "pp",
                             "points": "points", "point": "points", "分": "points"}.get(unit, unit)
                st.results.append(Result(
                    dataset=dataset, value=float(value_text), value_text=m.group().strip(),
                    unit=unit_name, metric=metric, subject=subject,
                    evidence=Evidence(sent.text.strip(), st.source),
                ))
        return doc

    @staticmethod
    def _in_prior_aside(text: str, sent_start: int, pos: int) -> bool:
        opening = max(text.rfind("（", sent_start, pos), text.rfind("(", sent_start, pos))
        if opening < 0 or max(text.rfind("）", opening, pos), text.rfind(")", opening, pos)) >= 0:
            return False
        return bool(_PRIOR.match(text, opening))

    @staticmethod
    def _nearest(names, pos, kinds, sent_start, folded, before_only=False, allow_earlier=False):
        """The closest name of a kind in the number's clause (or, if allowed, earlier in the sentence)."""
        clause_starts = [m.end() for m in _CLAUSE.finditer(folded, sent_start, pos)]
        clause_start = clause_starts[-1] if clause_starts else sent_start
        clause_end_m = _CLAUSE.search(folded, pos)
        clause_end = clause_end_m.start() if clause_end_m else len(folded)
        in_clause = [
            (abs(pos - (e if e <= pos else s)), ent.key)
            for s, e, ent in names
            if ent.kind in kinds and s >= clause_start and e <= clause_end and (not before_only or e <= pos)
        ]
        if in_clause:
            return min(in_clause)[1]
        if allow_earlier:
            earlier = [(pos - e, ent.key) for s, e, ent in names if ent.kind in kinds and e <= pos]
            if earlier:
                return min(earlier)[1]
        return None


@Language.factory("pg_results", default_config={"ontology": None})
def make_result_finder(nlp: Language, name: str, ontology: str | None):
    return ResultFinder(ontology)
