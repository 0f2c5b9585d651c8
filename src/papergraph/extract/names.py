"""What a name looks like, and what kind of thing a name is, from cues.

Shared by the components that find names the vocabulary does not know.
All word lists come from ontology/cues.toml.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from ..text import fold, name_key

# One Latin "word" of a name: letters/digits, joined by - . + & @ ' inside. Greek
# letters count as letters: names hold them ("τ-bench", "ΨPO", "Mistral-ORPO-α").
_GREEK_CAPITALS = "\u0391-\u03a9"
_GREEK = _GREEK_CAPITALS + "\u03b1-\u03c9"
_ALNUM = f"A-Za-z0-9{_GREEK}"
# A possessive ends the word: "FooNet's accuracy" names FooNet.
_JOIN = rf"(?:[-.+&@]|['’](?!s(?![{_ALNUM}])))"
# A word may end in "+" ("HumanEval+") or, after a letter, "%" ("Min-K% Prob"; not "62.7%").
_END = r"(?:(?<=[A-Za-z])%|\+*)"
WORD = re.compile(rf"[{_ALNUM}](?:[{_ALNUM}]|{_JOIN}(?=[{_ALNUM}]))*{_END}")
_CAPWORD = rf"[A-Z0-9{_GREEK_CAPITALS}][{_ALNUM}]*(?:{_JOIN}[{_ALNUM}]+)*{_END}"
# A multi-word name starts and continues with capitalised or numeric words
# ("Persona Hub", "Depth Anything V2"); "to Self-Improve" is not one.
# Each branch consumes its first character before looking behind it (a
# two-character lookbehind): a pattern that opens with a character class lets
# `re` skip straight to the Latin letters and digits of mostly Chinese text.
_ALONE = rf"(?<![{_ALNUM}\-].)(?<!\d,.)"  # nothing of a word, nor "3,", right before the first character
_FIRST_CAP, _FIRST = f"[A-Z0-9{_GREEK_CAPITALS}]", f"[{_ALNUM}]"
NAME = re.compile(rf"{_FIRST_CAP}{_ALONE}{_CAPWORD[len(_FIRST_CAP):]}(?:[ \u00a0]{_CAPWORD})*"
                  rf"|{_FIRST}{_ALONE}{WORD.pattern[len(_FIRST):]}")
# A full English name in brackets or quotes may hold small words:
# "多階心智理論問答（Multi-Order Theory of Mind Q&A）", "“Let it Wag!”基准".
BRACKETED_NAME = re.compile(
    r"(?<=[（(“\"])([A-Z][\w&'’!?+.-]*(?:[ ](?:of|for|and|the|in|on|with|to|it|a|[A-Z0-9][\w&'’!?+.-]*))+)(?=[）)”\"])"
)
# A URL ends at a space, and at Chinese text or punctuation glued to it ("代码见
# https://github.com/x/y。我们…"): Han characters, CJK and full-width punctuation
# and curly quotes are never part of one here.
_URL_CHAR = r"[^\s\u2018-\u201f\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]"
URL = re.compile(rf"(?:https?://|www\.){_URL_CHAR}+"
                 rf"|(?<![A-Za-z0-9.-])[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:com|org|io|ai|net|dev|edu|cn)/{_URL_CHAR}*")

# Variant suffixes: "Llama-3 70B", "Mistral-7B-Instruct", "Zephyr-7B-SFT", "Medusa-2", "Gemini Pro v1.5";
# a hyphen also takes a size in lower case ("Llama2-7b", as model hubs write it).
SIZE = r"\d+(?:\.\d+)?[BMK]|\d+x\d+B"  # a model's parameters: 7B, 2.7B, 125M, 8x7B
# and, after a mixture of experts' total, the parameters active per token: "Qwen3-235B-A22B"
_SIZE = rf"{SIZE}|\d+[kK]|A\d+(?:\.\d+)?B"
_TUNE = r"\d+(?:\.\d+)*|Instruct|Chat|Base|SFT|DPO|RLHF|Vision|Turbo|Omni|Mini|Small|Medium|Large|Pro|Ultra|Flash|Plus|Max|Nano|XL(?:/\d+)?|it|hf|HF|v\d+(?:\.\d+)?"
# A tuned variant also follows a spaced dash, as model cards and papers write it:
# "Mistral 7B – Instruct", "Llama 2 13B – Chat", "Mixtral 8x7B - Instruct".
_SPACED_TUNE = r"[ ][-–—][ ](?:Instruct|Chat|Base|Python|SFT|DPO|RLHF|Vision)"
# A dated snapshot of an API model: "GPT-4 0613", "GPT-3.5 Turbo 1106" (month and day)
_SNAPSHOT = r"[ ](?:0[1-9]|1[0-2])[0-3]\d"
VARIANT_SUFFIX = re.compile(
    rf"(?:-(?:{_SIZE}|\d+(?:\.\d+)?b|(?i:{_TUNE}))|[ ](?:{_SIZE})|[ ](?:Instruct|Chat|Turbo|Mini|Omni|[vV]\d+(?:\.\d+)*)"
    rf"|{_SPACED_TUNE}|{_SNAPSHOT})+"
    r"(?![A-Za-z0-9])"
)
# The spaced dash of such a suffix, written as the hyphen it stands for when the name is looked up
SPACED_DASH = re.compile(r" [-–—] ")
# A model's size glued to its name: "Flamingo80B", "OPT175B" (a capital B or M: "GPT4" is no size)
GLUED_SIZE = re.compile(r"\d+(?:\.\d+)?[BM](?![A-Za-z0-9])")
# A size or count on its own ("7B", "2.7B", "13B", "52k", "1.2M") is not a name, nor is a
# factor or a range of them ("2.7x", "2.7x-3.5x").
BARE_SIZE = re.compile(r"^\d+(?:\.\d+)?(?:[BMKTbmkt]|GB|TB|MB)$|^\d+x\d+[BMbm]$"
                       r"|^\d+(?:\.\d+)?[x×](?:[-–~]\d+(?:\.\d+)?[x×])?$")


# Dataset settings written after the name: "ImageNet 256 x 256", "ImageNet 512×512";
# capitalised words hyphenated to it: "LegalBench-Instruct", "GSM8K-Hard"; a release number: "LiveCodeBench v6";
# a split or edition after a space
DATASET_VARIANT_SUFFIX = re.compile(r"[ \-]?\d{2,4}\s?[x×]\s?\d{2,4}(?![A-Za-z0-9])|(?:-[A-Z][A-Za-z]+)+(?![A-Za-z0-9-])"
                                    r"|[ \-]v\d+(?:\.\d+)?(?![A-Za-z0-9])"  # a release: "LiveCodeBench v6"
                                    # a split or edition, spaced: "SWE-bench Multilingual", "GPQA Diamond"
                                    r"|[ ](?:Verified|Lite|Multilingual|Multimodal|Hard|Extended|Diamond|Full)(?![A-Za-z0-9-])"
                                    # a year's edition: "WMT'21", "WMT 2021", "SemEval-2022" (not "GSM8K 2000 道题")
                                    r"|['’]\d{2}(?![\w'’])|[ \-](?:19|20)\d{2}(?![\w.'’])(?!\s?[年道个条篇例题名张份组次人万亿])")


# A count of something, hyphenated: "7-billion-parameter", "4-bit", "3-shot", "2-stage".
COUNTED = re.compile(r"^\d+(?:\.\d+)?(?:-[a-z]+)+$")
# An adjective made of a name: "FLOP-controlled", "RAG-based", "LLM-powered" (str.endswith: no regex per word)
ADJECTIVAL_ENDINGS = tuple("-" + w for w in (
    "based", "controlled", "aware", "driven", "powered", "guided", "augmented", "enhanced", "free", "level", "wise",
    "style", "like", "specific", "agnostic", "oriented", "centric", "friendly", "efficient", "intensive", "matched"))


def looks_like_name(word: str) -> bool:
    """True for LongRAG, HotpotQA, GPT-4, MT-Bench, CRAG, Phi-3; False for Method, the, 4-bit."""
    if (len(word) < 2 or not any(map(str.isalpha, word)) or BARE_SIZE.match(word) or COUNTED.match(word)
            or word.endswith(ADJECTIVAL_ENDINGS)):
        return False
    if any(map(str.isdigit, word)):
        return True
    if any(map(str.isupper, word[1:])):  # CamelCase or ALLCAPS
        return True
    return "-" in word and word[0].isupper() and any(p[:1].isupper() for p in word.split("-")[1:])


# where an appositive ends: a clause mark, but not the comma of a thousands group ("1,062 道");
# a colon opens what the thing does ("一种新的训练后稀疏化方案：把每个权重矩阵……")
_APPOSITIVE_STOP = re.compile(r"[，。；;！？!?：:]|,(?!(?<=\d,)\d{3}(?!\d))|\.(?=\s)")
# "一个……小型语言模型家族": a word that groups the models before it, and is no head itself
# (the Chinese of "a family of small language models"; "代码系统家族" is left undecided)
_MODEL_FAMILY_AFTER_HEAD = re.compile(r"^(?:家族|系列)")


@dataclass
class KindCues:
    """Reads what kind of thing a name is from the words around it and its shape."""

    kind_nouns: dict[str, list[str]]
    kind_shapes: dict[str, dict[str, list[str]]]  # "strong"/"weak" -> kind -> patterns
    appositive: dict[str, list[str]]

    @cached_property
    def _nouns(self) -> list[str]:
        return sorted({fold(n) for ns in self.kind_nouns.values() for n in ns}, key=len, reverse=True)

    @cached_property
    def _noun_alt(self) -> str:
        # an English noun stands alone ("system", not inside "ecosystem"); a Chinese one may follow
        # Latin letters straight away ("零样本TTS系统YourTTS")
        english = [re.escape(n) for n in self._nouns if re.search(r"[a-z]", n)]
        chinese = [re.escape(n) for n in self._nouns if not re.search(r"[a-z]", n)]
        return rf"(?<![a-z])(?:{'|'.join(english)})(?![a-z])|{'|'.join(chinese)}"

    @cached_property
    def _noun_after(self) -> re.Pattern:
        # "NQ 数据集", "SummHay）任务", "the X benchmark"
        return re.compile(r"[)）”\"]?[^\S\n]?(" + self._noun_alt + ")")  # not across a line: fields are lines

    @cached_property
    def _noun_before(self) -> re.Pattern:
        # "框架 LongRAG", "长视频助手 (LongVA)", "the benchmark X"
        return re.compile(r"(" + self._noun_alt + r")[^\S\n]?[(（“\"]?[^\S\n]?\Z")  # \Z: "$" also matches before a final newline

    @cached_property
    def _any_noun(self) -> re.Pattern:
        return re.compile(r"(" + self._noun_alt + ")")

    @cached_property
    def _appositive(self) -> re.Pattern:
        zh = sorted({fold(w) for w in self.appositive.get("zh", [])}, key=len, reverse=True)
        en = sorted({fold(w) for w in self.appositive.get("en", [])}, key=len, reverse=True)
        # after a comma or a dash ("X，这是一个……数据集", "X, a benchmark for"), or a copula
        # ("X 是一个……数据集", "X is a massive text embedding dataset")
        return re.compile(
            r"[)）]?\s?(?:[，,:：—–-]{1,2}\s?(?:" + "|".join(map(re.escape, zh)) + r"|(?:"
            + "|".join(map(re.escape, en)) + r")\s)|是一[个种款套]|is\san?\s|are\s)"
        )

    @cached_property
    def _noun_kind(self) -> dict[str, str]:
        return {fold(n): kind for kind, ns in self.kind_nouns.items() for n in ns}

    @cached_property
    def _shapes(self) -> dict[str, list[tuple[re.Pattern, str]]]:
        return {
            strength: [(re.compile(p), kind) for kind, ps in by_kind.items() for p in ps]
            for strength, by_kind in self.kind_shapes.items()
        }

    def by_shape(self, name: str, strength: str) -> str | None:
        # a pure function of the name, asked again for every use of a name in every
        # paper: remembered (bounded, since a long build meets ever new names)
        known = self._by_shape.get((name, strength), False)
        if known is not False:
            return known
        kind = next((kind for pattern, kind in self._shapes.get(strength, []) if pattern.search(name)), None)
        if len(self._by_shape) >= 100_000:
            self._by_shape.clear()
        self._by_shape[(name, strength)] = kind
        return kind

    @cached_property
    def _by_shape(self) -> dict[tuple[str, str], str | None]:
        return {}

    def noun_kind(self, noun: str) -> str | None:
        """The kind a kind noun says: "数据集" -> Dataset."""
        return self._noun_kind.get(fold(noun))

    def noun_after(self, folded: str, end: int) -> str | None:
        m = self._noun_after.match(folded, end)
        return self._noun_kind[m.group(1)] if m else None

    def noun_before(self, folded: str, start: int) -> str | None:
        m = self._noun_before.search(folded[max(0, start - 10):start])
        return self._noun_kind[m.group(1)] if m else None

    def described_as(self, folded: str, end: int, limit: int = 60) -> str | None:
        """The head noun of an appositive after a name: "X，这是一个……的数据集" -> Dataset.

        Chinese puts the head noun last, English first ("X, a benchmark for ...").
        """
        m = self._appositive.match(folded, end)
        if not m:
            return None
        s = _APPOSITIVE_STOP.search(folded, m.end(), m.end() + limit)
        clause = folded[m.end(): s.start() if s else m.end() + limit]
        latin = bool(re.match(r"[a-z]", clause.strip()))
        if latin:
            clause = _english_head(clause)
        nouns = list(self._any_noun.finditer(clause))
        if not nouns:
            return None
        if latin:
            return self._noun_kind[nouns[0].group(1)]
        # Chinese puts the head last ("一个……的数据集"; "高效的LLM树搜索" is a search, not an
        # LLM), unless the noun opens the clause: "该方法在冻结其他专家的同时……"
        first, last = nouns[0], nouns[-1]
        if not clause[:first.start()].strip():
            return self._noun_kind[first.group(1)]
        kind, rest = self._noun_kind[last.group(1)], clause[last.end():]
        if kind == "Model":
            rest = _MODEL_FAMILY_AFTER_HEAD.sub("", rest, count=1)
        return None if re.search(r"[\u4e00-\u9fff]", rest) else kind

    def describes(self, phrase: str) -> str | None:
        """The kind a descriptive phrase names, if it is one.

        "一个用于文本生成视频的大规模数据集" -> Dataset (a Chinese noun phrase ends
        with its head); "A ROS framework for embodied AI" -> Method (English
        puts the head first). "使用长上下文大语言模型增强检索增强生成" is a verb
        phrase, not a description: None.
        """
        folded = fold(phrase).strip()
        if re.match(r"(a|an)\s", folded):
            m = self._any_noun.search(_english_head(folded))
            return self._noun_kind[m.group(1)] if m else None
        if not re.search(r"[\u4e00-\u9fff]", folded):
            return None  # English titles describe with "A ..."; anything else is a claim
        m = re.search(r"(?<![a-z])(" + self._noun_alt + r")[\W_]*$", folded)
        return self._noun_kind[m.group(1)] if m else None


_PREPOSITION = re.compile(r"\s(?:for|to|of|with|on|in|via|from|by|towards?|through)\s")


# "a series of language models", "a family of open models": a noun that counts or groups
# the head noun after "of", and is no head noun itself
_GROUP_OF = re.compile(r"\b(?:series|family|suite|collection|set|range|pair|line)\s(?=of\s)")


def _english_head(phrase: str) -> str:
    """An English description up to its first preposition, where its head noun stands:
    "a challenge to long-context llms" -> "a challenge" (no model), "a ros framework for ..." -> "a ros framework";
    after a group noun, up to the next one: "an innovative series of language models for ..." -> "language models"."""
    group = _GROUP_OF.search(phrase)
    if group is not None and not _PREPOSITION.search(phrase, 0, group.start() + 1):
        phrase = phrase[group.end() + len("of "):]
    return _PREPOSITION.split(phrase, maxsplit=1)[0]


def word_char(ch: str) -> bool:
    """An ASCII letter or digit: what a name's word boundary looks at."""
    return ch.isascii() and ch.isalnum()


def occurrences(text: str, name: str, hyphen_before: bool = True):
    """Start offsets of `name` standing alone in `text` (not inside a longer Latin word).

    A plain find with boundary checks: per-name regular expressions would be
    compiled anew for every paper.
    """
    if not name:
        return
    n = len(name)
    i = text.find(name)
    while i >= 0:
        before = text[i - 1] if i else ""
        after = text[i + n] if i + n < len(text) else ""
        if not (word_char(before) or (before == "-" and not hyphen_before)) and not word_char(after):
            yield i
        i = text.find(name, i + 1)


def singular(name: str) -> str:
    """"NARs" -> "NAR": an acronym's plural names the same thing."""
    return name[:-1] if re.fullmatch(r"[A-Z]{2,}s", name) else name


def is_generic(name: str, generic_keys: set[str]) -> bool:
    key = name_key(name)
    return key in generic_keys or (key.endswith("s") and key[:-1] in generic_keys)
