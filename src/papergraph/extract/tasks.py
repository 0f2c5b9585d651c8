"""Pipeline component: a research task the vocabulary knows is a name only where
the text names it as a task.

Task names are everyday phrases ("问答", "指令跟随", "video generation"), and a
digest uses them in passing ("同时保持指令跟随能力", "用于可控视频生成") far more
often than it names a task. A task counts "when stated as such" (the annotation
guidelines), so a vocabulary task stays only where the paper treats it as one:

- a task noun stands right after it ("问答任务", "VQA tasks", "问答 (QA) 任务")
  or right before it ("the task of text-to-SQL");
- a title holds it: the paper is about it;
- a list that a task noun opens holds it ("在广泛的任务中进行了评估，包括视觉问答、图像标注");
- something is evaluated on it ("在多跳问答上进行比较", "on question answering");
- the paper proposes it, or names it again and again (`focus_mentions` times).

Otherwise each of its mentions is dropped. Tasks found by discovery came from
such cues already and are left alone.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from ..knowledge import load_knowledge
from ..text import fold
from .cues import cue_pattern
from .state import state

_ALIAS_BRACKET = r"(?:\s?[（(][^()（）]{1,20}[)）])?"  # "问答 (QA) 任务": the bracket between name and noun
_CLAUSE_END = re.compile(r"[。；;！？!?\n]")
_TAIL = 16  # characters before a name that "the task of", "在", "on" may take
_LIST_SEPARATOR = re.compile(r"[、,，:：]|(?<![a-z])(?:and|or)(?![a-z])|以及|和|与|及|或")  # folded: 與 is 与


def _short_item(item: str) -> bool:
    """A list item: up to eight Chinese characters or two English words."""
    item = item.strip()
    return len(item) <= 8 if not item.isascii() else len(item.split()) <= 2


class TaskEvidence:
    def __init__(self, ontology: str | None):
        cues = load_knowledge(ontology).cues
        nouns = cues["kind_nouns"]["Task"]
        tasks, relations = cues.get("tasks", {}), cues["relations"]
        # Cue words are looked for with str methods on the few characters before a name:
        # regular expressions opening with a word-boundary check are tried at every position.
        self.nouns = tuple(fold(w) for w in nouns)
        self.noun_after = re.compile(rf"{_ALIAS_BRACKET}\s?(?:{cue_pattern(nouns).pattern})")
        naming = [fold(w) for w in tasks.get("naming", [])]
        # "the task of", "任务：", with or without a space around the naming word
        self.noun_then_naming = _spaced(n + gap + w for n in self.nouns for w in naming for gap in ("", " "))
        self.list_openers = tuple(fold(w) for w in tasks.get("list_openers_zh", []) + tasks.get("list_openers_en", []))
        self.evaluation_words = _spaced(fold(w) for w in relations["evaluation_zh"] + relations["evaluation_en"])
        self.evaluation_tail = re.compile(
            rf"{_ALIAS_BRACKET}\s?(?:{cue_pattern(relations['evaluation_tail_zh']).pattern})")
        self.evaluation_needs_tail = frozenset(fold(w) for w in relations["evaluation_zh"])  # "在 X 上"
        self.focus_mentions = int(tasks.get("focus_mentions", 3))

    def __call__(self, doc: Doc) -> Doc:
        st = state(doc)
        tasks: dict[str, list[tuple[int, int]]] = {}
        for where, entity in st.entities.items():  # not ordered_names(): what it sorts, removals undo
            if entity.kind == "Task" and entity.known:
                tasks.setdefault(entity.key, []).append(where)
        if not tasks:
            return doc
        proposed = set(st.proposed)
        titles = [st.fields[f] for f in ("title", "title_zh") if f in st.fields]
        folded, noun_after = st.folded, self.noun_after.match
        for spans in tasks.values():
            if len(spans) >= self.focus_mentions:
                continue
            for where in spans:  # the cheap signs first
                start, end = where
                if (where in proposed or noun_after(folded, end) or any(a <= start < b for a, b in titles)
                        or self._in_stating_clause(st, start, end)):
                    break
            else:
                for where in spans:
                    st.remove(where)
        return doc

    def _in_stating_clause(self, st, start: int, end: int) -> bool:
        """The words before the name say it is a task: "the task of", "在 … 上", a list a task noun opens."""
        folded = st.folded
        clause_start = st.sentence_at(start).start_char
        for m in _CLAUSE_END.finditer(folded, clause_start, start):
            clause_start = m.end()
        tail = folded[max(clause_start, start - _TAIL):start]
        if _ends_with_word(tail, self.noun_then_naming):
            return True
        word = _ends_with_word(tail, self.evaluation_words)
        if word and (word.strip() not in self.evaluation_needs_tail or self.evaluation_tail.match(folded, end)):
            return True
        # a list a task noun opens: the last task noun of the clause, a list opener, and from
        # there to the name only the list ("包括视觉问答、图像标注"; not "tasks … models like
        # GPT-3, without sacrificing its language modeling")
        noun_end = max((i + len(n) for n in self.nouns if (i := folded.rfind(n, clause_start, start)) >= 0),
                       default=-1)
        if noun_end < 0:
            return False
        opener_end = max((i + len(w) for w in self.list_openers if (i := folded.rfind(w, noun_end, start)) >= 0),
                         default=-1)
        if opener_end < 0:
            return False
        # what lies between, less the names found in it, is separators and short items
        # (an item no vocabulary knows: "图像标注"), not a clause of its own
        between, pos = [], opener_end
        for s, e, _entity in st.names_in(opener_end, start):
            between.append(folded[pos:s])
            pos = e
        between.append(folded[pos:start])
        return all(_short_item(item) for piece in between for item in _LIST_SEPARATOR.split(piece))


def _spaced(words) -> tuple[str, ...]:
    """Each cue as it may stand right before a name: with a space after it or without."""
    return tuple(sorted({w + gap for w in words if w for gap in ("", " ")}, key=len, reverse=True))


def _ends_with_word(tail: str, cues: tuple[str, ...]) -> str | None:
    """The cue `tail` ends with (longest first), if no Latin letter runs into a Latin cue from before."""
    if not tail.endswith(cues):  # one call for the usual answer
        return None
    for cue in cues:
        if tail.endswith(cue):
            before = tail[-len(cue) - 1:-len(cue)]
            if not (cue[0].isascii() and cue[0].isalpha() and before.isascii() and before.isalpha()):
                return cue
    return None


@Language.factory("pg_tasks", default_config={"ontology": None})
def make_task_evidence(nlp: Language, name: str, ontology: str | None) -> TaskEvidence:
    return TaskEvidence(ontology)

