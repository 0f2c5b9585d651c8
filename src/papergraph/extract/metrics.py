"""Pipeline component: a metric written as an everyday word is a name only where
the text uses it as a measure.

"准确率", "accuracy", "加速比", "cross-entropy" name measures, but digests also
use them as plain words ("显著提升任务准确度", "同时保持准确度"). A metric counts
"only when tied to a result or named as a measure" (the annotation guidelines),
so a metric stays where:

- a result the text reports is measured by it (pg_results, which runs before);
- a number stands in its clause ("准确率达到 65%", "2.7x 的加速比");
- a measure noun stands in its clause ("以准确率作为评价指标", "the metric");
- it is written as a named measure: an acronym or a formula ("EM", "pass@1", "ROUGE-L");
- the paper names it again and again (`focus_mentions` times, as for tasks).

Otherwise each of its mentions is dropped.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from ..knowledge import load_knowledge
from .cues import cue_pattern
from .state import state

_CLAUSE_MARK = re.compile(r"[。；;！？!?\n，,：:]")
# a score, a rate or a factor: "65%", "0.85", "2.7x", "3 倍", "6.4 分"
_NUMBER = re.compile(r"\d+(?:\.\d+)?\s?(?:%|％|x(?![a-z])|×|倍|分|个百分点|points?\b)|\d+\.\d+")
_WORDS_ONLY = re.compile(r"[^\W\d_]+(?:[\s\-'’][^\W\d_]+)*")  # letters (any script), spaces, hyphens


class MetricEvidence:
    def __init__(self, ontology: str | None):
        cues = load_knowledge(ontology).cues
        self.measure_noun = cue_pattern(cues["kind_nouns"]["Metric"])
        self.focus_mentions = int(cues.get("metrics", {}).get("focus_mentions", 3))

    def __call__(self, doc: Doc) -> Doc:
        st = state(doc)
        metrics: dict[str, list[tuple[int, int]]] = {}
        for where, entity in st.entities.items():
            if entity.kind == "Metric":
                metrics.setdefault(entity.key, []).append(where)
        if not metrics:
            return doc
        measured = {r.metric for r in st.results}
        for key, spans in metrics.items():
            if key in measured or len(spans) >= self.focus_mentions:
                continue
            if any(self._used_as_measure(st, start, end) for start, end in spans):
                continue
            for where in spans:
                st.remove(where)
        return doc

    def _used_as_measure(self, st, start: int, end: int) -> bool:
        surface = st.text[start:end]
        if not _WORDS_ONLY.fullmatch(surface) or (surface.isascii() and surface.isupper()):
            return True  # "EM", "pass@1", "ROUGE-L", "F1": a named measure
        folded = st.folded
        sentence = st.sentence_at(start)
        clause_start, clause_end = sentence.start_char, sentence.end_char
        for m in _CLAUSE_MARK.finditer(folded, clause_start, start):
            clause_start = m.end()
        after = _CLAUSE_MARK.search(folded, end, clause_end)
        clause_end = after.start() if after else clause_end
        return bool(_NUMBER.search(folded, clause_start, clause_end)
                    or self.measure_noun.search(folded, clause_start, clause_end))


@Language.factory("pg_metrics", default_config={"ontology": None})
def make_metric_evidence(nlp: Language, name: str, ontology: str | None) -> MetricEvidence:
    return MetricEvidence(ontology)
