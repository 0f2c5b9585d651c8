"""Pipeline component: reported numbers tied to a named dataset.

"LongRAG 在 NQ 数据集上的 EM 达到了62.7%" -> Result(dataset=Natural Questions,
metric=EM, value=62.7, unit="%", subject=LongRAG).

A number is a result only when it is tied to a dataset: one named in its
clause, one named earlier in the sentence as where things were measured, or,
in a paper that introduces a benchmark, that benchmark. Counts and sizes
("4409个", "7B"), changes ("高出了 26%", "+7.9", every number of "提高了 7% 和
11%"), margins over what was beaten ("超越 o1-preview 4.5 个百分点"), ranks
("前 20%"), starting points ("从 7%"), ranges and shares of something used
("仅使用了 3%", "1% 的训练数据") are not results. Nothing is invented: every
result carries the sentence it was read from.
"""
from __future__ import annotations

import re
from bisect import bisect_right

from spacy.language import Language
from spacy.tokens import Doc

from ..knowledge import load_knowledge
from ..model import Result
from ..text import fold
from .cues import cue_pattern
from .state import state

NUMBER = re.compile(
    r"(?<![A-Za-z0-9.\-@_/])(?P<cmp>[<>≤≥]=?\s?)?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<unit>\s?(?:%|％|个百分点|百分点|percentage points|points?|分(?![钟鐘]))?)"
)
# as relations._CLAUSE, with "而": each branch opens with a character
_CLAUSE = re.compile(r"[，,；;：:而]|w(?<=\sw)(?:hile|hereas)\s|b(?<=\sb)ut\s")
_RANGE_AFTER = re.compile(r"\s?(?:[–~～-]|to\s)\s?\d")
_FROM = re.compile(r"(?:(?<![a-z])from|从)\s?$")  # "from 28.6% to 33.0%": a change's two ends, not a range
_PRIOR_ASIDE = re.compile(r"[（(]\s*(?:之前|此前|以前|原为|原来|previous(?:ly)?|prior)[^（()）]*$")
_COORDINATION = re.compile(r"^\s?(?:和|与|及|、|,|，|and|&|/)\s?$")  # "MMLU / GSM8K 上分别为 53.46 / 53.83"
# "在 MT-Bench 和 Chatbot Arena 上……均超过 80%": the number holds on every dataset listed
_EACH = re.compile(r"(?<!平)均|都|皆|(?<![a-z])(?:both|all)(?![a-z])")
UNIT_NAMES = {"%": "%", "个百分点": "pp", "百分点": "pp", "percentage points": "pp",
              "points": "points", "point": "points", "分": "points"}


def _places_in_lists(folded: str, numbers: list[re.Match]) -> list[tuple[int, int]]:
    """(i, n) for each number: the i-th of n numbers listed together ("88.7% 和 86.8%")."""
    runs: list[list[re.Match]] = []
    for m in numbers:
        if runs and _COORDINATION.match(folded[runs[-1][-1].end():m.start()]):
            runs[-1].append(m)
        else:
            runs.append([m])
    return [(i, len(run)) for run in runs for i in range(len(run))]


def _inside_a_name(names: list[tuple], starts: list[int], pos: int) -> bool:
    i = bisect_right(starts, pos) - 1
    return i >= 0 and names[i][1] > pos


def _listing(doc, names: list[tuple], at: int, after: bool = True) -> list[str]:
    """The keys of the names listed together with names[at] ("HumanEval 与 MBPP"), in
    text order: those before it, and with `after` those after it too."""
    folded = state(doc).folded  # Simplified: "與" is "与"
    first = last = at
    while first > 0 and _COORDINATION.match(folded[names[first - 1][1]:names[first][0]]):
        first -= 1
    while after and last + 1 < len(names) and _COORDINATION.match(folded[names[last][1]:names[last + 1][0]]):
        last += 1
    return [ent.key for _s, _e, ent in names[first:last + 1]]


# from a number to the dataset it was measured on: "59.1% win rate on (the) ", no other number
# between but the end of a change ("28.6%→33.0% on MATH", "from 28.6% to 33.0% on MATH") or
# the gain in brackets ("57.0% (+8.1%) on LiveCodeBench")
_ON_AFTER_NUMBER = re.compile(r"[\d.,]+\s?%?(?:\s?(?:→|->|to)\s?[\d.,]+\s?%?)?(?:\s?\([+\-−]\s?[\d.,]+\s?%?\))?"
                              r"[^\d。；;，,]{0,40}?(?<![a-z])(?:on|across|over)\s(?:the\s)?")
_RANGE_BEFORE = re.compile(r"\d+(?:\.\d+)?\s?%?\s?(?:to|至|到)\s?$")
# "提高了 7% 和 11%", "by 15.6% and 9.1%", "222.8/22.0": numbers listed after one cue share it
_LISTED_BEFORE = re.compile(
    r"(?:\d+(?:\.\d+)?\s?(?:%|个百分点|百分点|分|points?)?\s?(?:和|与|及|、|/|,|and|&)\s?)+$")
_LIST_MARK = re.compile(r"[和与及、/,&]|and")
# "1% 的训练数据", "5% 数据", "10% of the data": a share of what was used, not a score
_SHARE_OF_DATA = re.compile(r"\s?(?:的|of\s(?:the\s)?(?:training\s)?)?\s?(?:训练)?(?:数据|样本|参数|data|samples|parameters)")
# "+7.9", "+ 2.1 分": a signed number is a change; and a rank is not a score: "跻身前 20%",
# "in the top 5%" (not "之前为 52%", "目前")
_SIGNED_OR_RANK = re.compile(r"(?:[+＋]|(?<![之此以先目提当])前|(?<![a-z])top)\s?$")
# "困惑度下降都小于 0.1", "less than 0.1": a bound, not a score
_BOUND_BEFORE = re.compile(r"(?:小于|少于|不到|不超过|突破|(?<![a-z])(?:less|fewer) than)\s?$")
# "MMLU 高 5 分", "比 DCLM 高出 5.6 分": by how much one is higher or lower is a margin (not
# "最高 95%", the best score, nor "高达", which is not right before the number)
_HIGHER_BY = re.compile(r"(?<![最提])(?:高|低)出?了?\s?$")
# "比同等的模型多解决 12% 的问题": more or fewer than something, in one clause
_THAN_BY = re.compile(r"(?<![对相])比(?![较例特率])[^，,；;。]{1,40}?(?:多|少|快|慢)[\u4e00-\u9fff]{0,3}了?\s?$")
# "在 MBPP 上多解决 17%", "其他模型至少再少 16%": how many more (or fewer) it solved, a margin
# (not "最多", "至少", "许多")
_MORE_DONE = re.compile(r"(?<![最更很较许差不至之])(?:多|少)[\u4e00-\u9fff]{2}了?\s?$|再(?:多|少)了?\s?$")
# "时间与成本只有 MMLU 的 6%": a share of what something else takes, not a score on it
# (but "高于 CoT 的 77.5%" is CoT's score)
_SHARE_OF_NAMED = re.compile(r"(?:只有|只需|仅有|仅为|仅需|相当于)[^，,。；;：:]{1,30}的\s?$")
# between a name something beat and a number: "超越 o1-preview 4.5 个百分点" is a margin
_MARGIN_GAP = re.compile(r"\s?(?:了|约|达|by)?\s?")
# a clause that says where it measured without a name: "六个常用数学推理基准上", "on six benchmarks"
# (each branch opens with a character class, so `re` skips to the candidates)
_UNNAMED_PLACE = re.compile(r"(?:基准|数据集)(?:测试)?上|[oa](?<![a-z][oa])(?:n|cross)\s(?:\w+\s){0,3}?(?:benchmarks|datasets)(?![a-z])")


def _word_right_after(words: list[str]) -> re.Pattern:
    """One of `words` right after a number, in folded text ("5 个", "7.4% improvement"): the
    longest first, a Latin one not the start of a longer word; matches nothing if none."""
    folded = sorted({fold(w) for w in words}, key=len, reverse=True)
    latin = [w for w in folded if w[-1:].isascii() and w[-1:].isalpha()]
    other = [w for w in folded if w not in latin]  # "比特" may be glued to what follows: "4比特LLaMa2"
    alternatives = [*(["(?:" + "|".join(map(re.escape, latin)) + r")(?![a-z])"] if latin else []),
                    *map(re.escape, other)]
    return re.compile(r"\s?(?:" + "|".join(alternatives) + ")" if alternatives else r"(?!)")


class ResultFinder:
    def __init__(self, ontology: str | None):
        knowledge = load_knowledge(ontology)
        cues = knowledge.cues["results"]
        self.not_a_score = _word_right_after(cues["not_a_score"])
        self.change_after = _word_right_after(cues.get("change_after", []))
        self.bound_after = _word_right_after(cues.get("bound_after", []))
        change = cue_pattern(cues.get("not_a_result_before", [])).pattern
        self.not_a_result_before = re.compile(
            "(?:" + change
            + r")\s?(?:分别|至多|最多)?(?:为|是|达)?\s?(?:约|大约|高达|近|将近|接近|超过|about|up to|at most|nearly|almost)?\s?$"
        )
        # "绝对提升分别为：random 21.4%、format 13.8%": every number of the list a change word opens
        self.change_list = re.compile("(?:" + change + r")\s?分别(?:为|是)?\s?[:：][^，,。；;]*$")
        self.training = cue_pattern(cues.get("training_context", []))
        # right after the training word, or after what was trained, at the clause's end:
        # "在 ScienceQA 上微调后", "在 GSM8K 上微调 Mistral-7B 时，"
        after = cue_pattern(cues.get('after_training_zh', [])).pattern
        self.after_training_zh = re.compile(rf"了?\s?(?:{after})|[^，,。；;]{{1,30}}?(?:{after})\s?[，,]")
        self.after_training_en = cue_pattern(cues.get("after_training_en", []))
        self.performers = cue_pattern(cues.get("performers", []))
        rel = knowledge.cues["relations"]
        # "X 超过了 A、B 和 C，在 MT-Bench 上得分 8.30": A, B and C are what X beat, not
        # who scored; a name right after one of these is the object of a comparison
        self.compared_to = re.compile(
            "(?:" + cue_pattern(rel["outperforms_zh"], rel["outperforms_en"], rel["compared_zh"],
                                rel["compared_en"]).pattern + r")\s?(?:了|the)?\s?$")

    def __call__(self, doc: Doc) -> Doc:
        st = state(doc)
        folded = st.folded
        proposed = [st.entities[s] for s in st.proposed if s in st.entities]
        own_benchmark = next((e.key for e in proposed if e.kind == "Dataset"), None)
        seen: set[tuple] = set()
        s_start = st.fields.get("summary", (0, 0))[0]
        text = st.text
        for sent in st.sents:
            if sent.end_char <= s_start:
                continue  # titles state no results
            names = st.names_in(sent.start_char, sent.end_char)
            numbers = list(NUMBER.finditer(text, sent.start_char, sent.end_char))
            if numbers and names:  # not a number inside a name: "GPT-4", "AlpacaEval 2.0"
                starts = [s for s, _e, _ent in names]  # names never overlap: one bisection each
                numbers = [m for m in numbers if not _inside_a_name(names, starts, m.start("num"))]
            # "分别" or not: "o1-mini 和 o1-preview……只有 60.54% 和 52.55%" pairs them in order
            places = _places_in_lists(folded, numbers)
            for m, place in zip(numbers, places):
                result = self._result(doc, folded, sent, names, m, proposed, own_benchmark, place)
                if result is None:
                    continue
                datasets, value_text, subjects, metric, unit, value = result
                for dataset in datasets:
                    if (dataset, value) in seen:
                        continue  # the same number on the same dataset, said again
                    seen.add((dataset, value))
                    for subject in subjects or [None]:
                        st.results.append(Result(
                            dataset=dataset, value=value, value_text=value_text, unit=unit,
                            metric=metric, subject=subject, evidence=sent.evidence,
                        ))
        return doc

    def _result(self, doc, folded, sent, names, m, proposed, own_benchmark, place=(0, 1)):
        """(datasets, value as written, subjects, metric, unit, value) of the number `m`, or None.

        `place` is (i, n) for the i-th of n numbers listed together ("88.7% 和 86.8%", with
        "分别" or without): each then goes with the i-th of n subjects, or of n datasets."""
        start, end = m.start("num"), m.end("num")
        unit = m["unit"].strip()
        unit = "%" if unit in ("%", "％") else unit
        if not unit and self.not_a_score.match(folded, end):
            return None
        if self.change_after.match(folded, m.end()) or self.bound_after.match(folded, m.end()):
            return None  # "a 7.4% improvement on WikiMIA", "50% 以下": a change or a bound, not a score
        if ((_RANGE_AFTER.match(state(doc).text, m.end()) and not _FROM.search(folded, max(0, start - 6), start))
                or re.search(r"[–~～-]\s?$", state(doc).text[max(0, start - 2):start])):
            return None  # "8.9–15.5%": a range is not one result
        # where what the number is comes before it: "drops by 16% to 33%", "提高了 5% 至 8%",
        # "提高了 7% 和 11%": a range's second number, or a listed one, shares the first one's cue
        lead = start - len(m["cmp"] or "")
        tail = folded[max(sent.start_char, lead - 5):lead]
        first = (_RANGE_BEFORE.search(folded, max(sent.start_char, lead - 24), lead)
                 or (_LISTED_BEFORE.search(folded, max(sent.start_char, lead - 60), lead)
                     if _LIST_MARK.search(tail) else None))  # the search only where a list mark is near
        if first:
            lead = first.start()
        before = folded[max(sent.start_char, lead - 16):lead]  # room for the longest cue ("gains between ")
        if (self.not_a_result_before.search(before) or re.search(r"占[^，,。；;]{0,8}$", before) or _BOUND_BEFORE.search(before)
                or self._in_change_list(folded, sent.start_char, lead)
                or _SIGNED_OR_RANK.search(before) or _HIGHER_BY.search(before) or _MORE_DONE.search(before)
                or _THAN_BY.search(folded, max(sent.start_char, lead - 48), lead)
                or _SHARE_OF_NAMED.search(folded, max(sent.start_char, lead - 40), lead)
                or (unit == "%" and _SHARE_OF_DATA.match(folded, m.end()))
                or self._margin(names, folded, sent.start_char, lead)):
            return None
        value_text = m["num"].replace(",", "")
        metric = self._nearest(names, start, ("Metric",), sent.start_char, folded)
        if not unit and "." not in value_text and metric is None:
            return None  # a bare integer with no measure named is a count
        index, listed = place
        # "A 和 B 分别达到 x 和 y": the numbers go with the subjects; else with the datasets
        named_subjects = self._subjects(doc, names, start, sent.start_char, folded) if listed > 1 else None
        by_subject = named_subjects is not None and len(named_subjects) == listed
        datasets = self._datasets(doc, names, start, sent, folded, (0, 1) if by_subject else place)
        if not datasets and (names or self.performers.search(folded, sent.start_char, sent.end_char)):
            datasets = self._own_benchmark(own_benchmark, unit, metric)
        if not datasets:
            return None
        if _PRIOR_ASIDE.search(folded, sent.start_char, start):
            subjects = []  # "71%（之前为52%）": the earlier best, reached by no one the text names
        else:
            subjects = named_subjects if named_subjects is not None else self._subjects(
                doc, names, start, sent.start_char, folded)
            if not subjects and proposed and proposed[0].kind in ("Model", "Method"):
                subjects = [proposed[0].key]
            if listed > 1 and len(subjects) == listed:
                subjects = [subjects[index]]
        return (datasets, ((m["cmp"] or "") + m.group("num") + m["unit"]).strip(), subjects, metric,
                UNIT_NAMES.get(unit, unit), float(value_text))

    def _in_change_list(self, folded, sent_start, pos) -> bool:
        """The number is in a list a change word opens: "绝对提升分别为：random 21.4%、format 13.8%、…"."""
        at = folded.rfind("分别", max(sent_start, pos - 200), pos)  # the word every such list has: looked for first
        return at >= 0 and self.change_list.search(folded, max(sent_start, at - 12), pos) is not None

    def _margin(self, names, folded, sent_start, pos) -> bool:
        """The number right after a name something outperformed: by how much it won."""
        beaten = next(((s, e) for s, e, ent in reversed(names) if e <= pos), None)
        return (beaten is not None and _MARGIN_GAP.fullmatch(folded, beaten[1], pos) is not None
                and self.compared_to.search(folded, sent_start, beaten[0]) is not None)

    def _datasets(self, doc, names, pos, sent, folded, place=(0, 1)) -> list[str]:
        """The dataset the number was measured on, ignoring qualifiers in brackets.

        Of n datasets listed together ("在 HumanEval 与 MBPP 上分别取得 67% 与 65%"),
        the i-th number's is the i-th, when `place` is (i, n); a number said of each
        ("在 A 和 B 上……均超过 80%") is on all of them."""
        candidates = [
            (s, e, ent) for s, e, ent in names
            if ent.kind == "Dataset" and not self._qualifier(doc, names, s)
        ]
        index, listed = place
        # "a 59.1% win rate on Arena-Hard": English names the dataset after the number
        found = next(((s, e, ent) for s, e, ent in candidates
                      if pos < s <= pos + 60 and _ON_AFTER_NUMBER.fullmatch(folded, pos, s)), None)
        if found is None:
            found = self._nearest_in_clause(candidates, pos, sent.start_char, folded)
        if found is None:
            clause_start, _clause_end = self._clause_bounds(folded, pos, sent.start_char, sent.end_char)
            if _UNNAMED_PLACE.search(folded, clause_start, pos):
                return []  # "并把六个常用数学推理基准上的平均表现从 17.6% 提升到 35.7%": not the MATH500 named before
            earlier = [(s, e, ent) for s, e, ent in candidates if e <= pos]
            for s, e, ent in reversed(earlier):
                clause_start, clause_end = self._clause_bounds(folded, s, sent.start_char, sent.end_char)
                if not self._trained_there(folded, clause_start, clause_end):
                    found = (s, e, ent)  # measured there, not trained there
                    break
            else:
                return []
        listing = None
        if listed > 1 or (found[1] <= pos and _EACH.search(folded, found[1], pos)):
            listing = _listing(doc, candidates, candidates.index(found))
        if listing and listed > 1:
            if len(listing) == listed:
                return [listing[index]]
            # "在 AIME 上达到 57.1%，在 MATH 上达到 94.8%，而先前的模型分别只有 6.5% 和 59.2%":
            # the datasets named one by one before the numbers, in order (the numbers are
            # not the subjects': the caller has checked); only when the numbers' own clause names no dataset
            before = list(dict.fromkeys(ent.key for s, e, ent in candidates if e <= pos and s >= sent.start_char))
            if len(before) >= listed and self._nearest_in_clause(candidates, pos, sent.start_char, folded) is None:
                return [before[-listed:][index]]
            return [found[2].key]
        return listing or [found[2].key]

    def _trained_there(self, folded: str, start: int, end: int) -> bool:
        """The clause says a dataset was trained on, and not as what came before a
        measurement on it ("在 ScienceQA 上微调后", "after fine-tuning on ScienceQA")."""
        m = self.training.search(folded, start, end)
        if m is None:
            return False
        return not (self.after_training_zh.match(folded, m.end())
                    or self.after_training_en.search(folded, start, m.start()))

    @staticmethod
    def _own_benchmark(own_benchmark, unit, metric) -> list[str]:
        # In a paper that introduces a benchmark, a rate with no dataset named is on it.
        return [own_benchmark] if own_benchmark and (unit == "%" or metric) else []

    @staticmethod
    def _qualifier(doc, names, start) -> bool:
        """"HotpotQA（全维基）": a dataset in brackets right after another qualifies it."""
        before = state(doc).text[max(0, start - 4):start]
        if not re.search(r"[（(][^（()）]{0,3}$", before):
            return False
        opening = start - len(before) + max(before.rfind("（"), before.rfind("("))
        return any(e2 <= opening and opening - e2 <= 1 and ent.kind == "Dataset" for _s2, e2, ent in names)

    def _subjects(self, doc, names, pos, sent_start, folded) -> list[str]:
        """What reached the number: the nearest model or method before it in its
        clause, with any names coordinated with it ("GPT-4o和Claude 3 Opus").

        With none in its clause, the nearest before it in the sentence, unless
        those were what something was compared with ("X 超过了 A 和 B，在 … 上得分
        8.30"): then X. In its own clause a compared name keeps the number
        ("超过 GPT-4 的 80%" is GPT-4's)."""
        clause_start, _ = self._clause_bounds(folded, pos, sent_start, pos)
        agents = [(s, e, ent) for s, e, ent in names if ent.kind in ("Model", "Method") and e <= pos]
        in_clause = [a for a in agents if a[0] >= clause_start]
        if in_clause:
            return _listing(doc, agents, len(agents) - 1, after=False)
        last = len(agents) - 1
        while last >= 0:
            group = _listing(doc, agents, last, after=False)
            first = agents[last - len(group) + 1]
            previous_end = agents[last - len(group)][1] if last >= len(group) else sent_start
            if not self.compared_to.search(folded, previous_end, first[0]):
                return group
            last -= len(group)
        return []

    @staticmethod
    def _clause_bounds(folded, pos, lo, hi):
        starts = [m.end() for m in _CLAUSE.finditer(folded, lo, pos)]
        end = _CLAUSE.search(folded, pos, hi)
        return (starts[-1] if starts else lo), (end.start() if end else hi)

    def _in_clause(self, candidates, pos, sent_start, folded):
        """The key of the candidate nearest `pos` in its clause."""
        nearest = self._nearest_in_clause(candidates, pos, sent_start, folded)
        return nearest[2].key if nearest else None

    def _nearest_in_clause(self, candidates, pos, sent_start, folded):
        """The (start, end, entity) nearest `pos` in its clause (ties: the first key)."""
        clause_start, clause_end = self._clause_bounds(folded, pos, sent_start, len(folded))
        inside = [(abs(pos - (e if e <= pos else s)), ent.key, i) for i, (s, e, ent) in enumerate(candidates)
                  if s >= clause_start and e <= clause_end]
        return candidates[min(inside)[2]] if inside else None

    def _nearest(self, names, pos, kinds, sent_start, folded):
        return self._in_clause([n for n in names if n[2].kind in kinds], pos, sent_start, folded)


@Language.factory("pg_results", default_config={"ontology": None})
def make_result_finder(nlp: Language, name: str, ontology: str | None):
    return ResultFinder(ontology)
