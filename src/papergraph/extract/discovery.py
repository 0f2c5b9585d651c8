"""Pipeline component: names the vocabulary does not know yet.

A new paper usually names something new: the system in its title ("LongRAG:
..."), the benchmark it introduces ("我们引入了综合RAG基准 (CRAG)"). Such names
are found from cues, never from a list:

- the name a title puts before its colon (or dash);
- the name that follows "we propose / 我们提出 ...", each item of an enumeration
  it opens ("(a) … (b) …"), and one a conjunction adds ("以及对应的数据集 SA-1B");
- a new name right after the authors' own kind noun ("我们的模型 s1-32B");
- a name-shaped word beside a kind noun ("X 基准", "框架 X", "the X benchmark");
- a name whose shape tells its kind ("-Bench", "-7B", "-Instruct");
- a plain word listed between names of one kind ("PopQA、Biography、PubHealth");
- a Chinese term glossed by an English name ("双重量化 (Double Quantization)"),
  or in lower case after a naming word ("被称为反思令牌 (reflection tokens)").

Each found name is then marked wherever else the paper uses it, and an
abbreviation given in brackets after it ("Mixture-of-Agents (MoA)") becomes an
alias. The same component records what the paper proposes.
"""
from __future__ import annotations

import dataclasses
import re
from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc

from ..knowledge import load_knowledge
from ..model import Entity
from ..text import fold, name_key
from .names import BARE_SIZE, BRACKETED_NAME, NAME, KindCues, is_generic, looks_like_name, occurrences, singular, word_char
from .cues import CueScanner, cue_pattern, leftmost
from .gazetteer import case_sensitive
from .state import state

_TITLE_HEAD = re.compile(r"^\s*(?P<head>[^:：,，]{1,60}?)\s*(?P<sep>[:：]|\s+-{1,2}\s+|\s+[–—]\s+|,)\s*\S")
# between a noun and the naming word that names it: "模型，并将其命名为", "a model which we call"
_NAMING_LEAD = re.compile(r"(?:[，,]?\s?(?:并|而|且|which|that|and)?\s?(?:将其|把它|将它们|其|它|we|is|are|was|were)?\s?(?:被)?)$")
_NAME_OPENS = re.compile(r"\s?[a-z0-9]")  # folded: a Latin name right after a verb
_RESULT_VERBS = frozenset(("得到",))  # making verbs whose object is what came out
# "已释出的", "此前提出的": a proposal verb used of what was done before; "包括 GPT-4 以及开源的
# 模型 X": one that describes things listed (an adjective: "open-source")
_OTHERS_BEFORE_VERB = re.compile(r"(?:已经?|此前|之前|先前|以往|以及|包括|例如|如|、)\s?$")
# "Qwen3 Technical Report", "Phi-3 Technical Report: A Highly Capable ...", "GPT-4o System Card"
_REPORT_TITLE = re.compile(r"\s*(?P<name>[A-Za-z0-9][\w.\-]*(?: [\w.\-]+){0,3}?)\s+(?i:technical report|tech report"
                           r"|system card|model card)\s*(?:$|[:：]|\s[-–—]\s)")
# "本文介绍 Qwen 模型家族的最新版本 Qwen3": a name that owns what comes next is not the object
_OWNER_OF_NEXT = re.compile(r"\s?(?:模型|系列|家族|模型家族|模型系列)?的")
# a title head that is a name and its release number: "MInference 1.0", "Foo v2"
_VERSIONED = re.compile(r"(?P<name>\S+) (?:v\d+(?:\.\d+)*|\d+\.\d+(?:\.\d+)*)")
_ZH_TITLE_HEAD = re.compile(r"^\s*(?P<head>[^:：]{1,30}?)\s*[:：]")
_CLAUSE_END = re.compile(r"[。；;！？!?]|\.(?=\s)|\n")
_BRACKET_AFTER = re.compile(r"\s?[（(]\s*(?P<inner>[^()（）]{1,60}?)\s*[)）]")
# " 1.5" after a model family's name: a version (one digit, a point, one digit), not a score
_VERSION_AFTER = re.compile(r" \d\.\d")
_SCORE_UNIT_AFTER = re.compile(r"\s?(?:%|分|个百分点|points?|pp)")
_NUMBER_AFTER = re.compile(r"了?\s?(?:约|高达|近|超过)?\s?\d")
# "一种……" opened after a proposal verb, still open at a name ...
_ONE_KIND_OF = re.compile(r"(?:一种|一个|一套|一款|一类)[^，,。；;:：]*$")
# ... and closed after it by "的" and the head noun the phrase describes: "……证明数据的方法："
_MODIFIES_A_HEAD = re.compile(r"[)）]?[^，,。；;:：a-z0-9]{0,30}?的[\u4e00-\u9fff]{1,8}(?=[，,。；;:：]|$)")
# "介绍如何", "展示了怎样", "show how": a verb whose object is a way of doing something
_HOW_AFTER = re.compile(r"了?\s?(?:如何|怎样|怎么|how\s)")
# a Chinese character right after a word, other than a particle that makes the word a verb
_HAN_NOT_PARTICLE = re.compile(r"[\u4e00-\u9fff](?<![了出给])")
# "验证器 Omni-Judge": Chinese words, no conjunction or preposition among them, right before a name
_OPEN_NOUN_THEN_NAME = re.compile(r"[^\W\d_a-z与和及或比跟同对在中的]+\s?[a-z0-9]")
# "简称 MN-Minitron-8B", "簡稱 X", "aka X" inside a bracket: the short form the text uses
_CALLED_SHORT = re.compile(r"(?:简称|簡稱|又称|又稱|或称|或稱|aka|a\.k\.a\.)\s?(?P<short>[A-Za-z][A-Za-z0-9\-+&.]{0,24})")
# "grouped-query attention, GQA" inside a bracket: a gloss, then a short form
_GLOSS_THEN_SHORT = re.compile(r"(?P<long>[A-Za-z][\w\- ]+?)\s?[,，]\s?(?P<short>[A-Za-z][A-Za-z0-9\-+&.]{0,14})")
_SIZE_AFTER = re.compile(r"[- ]\d+(?:\.\d+)?[Bb](?![A-Za-z0-9])")  # "JetMoE-8B"
_EVALUATED_BEFORE = re.compile(r"在\s?$")
_EVALUATED_AFTER = re.compile(r"\s?(上|中)的?(得分|准确率|成绩|表现|性能|评估)")
# a sentence opening with a short name (a section label before it) and a proposal verb
# (a lab: a Latin name such as OpenAI or CMU, a Chinese one ending in 大学, 实验室, 团队, 研究院 or
# 公司, or a short company name)
_LAB_OPENS = re.compile(
    r"\s?(?:【[^】]{1,8}】)?\s?(?P<who>[A-Za-z][A-Za-z0-9&.\-]{1,15}(?: [A-Z][A-Za-z0-9&.\-]{1,15})?"
    r"|[\u4e00-\u9fff]{1,8}(?:大学|实验室|团队|研究院|公司)|微软|谷歌|阿里|腾讯|字节|百度|华为|智谱|清华|北大|复旦|浙大)"
    r"\s?(?=开源|推出|提出|发布)")
# ... unless it names earlier work: "先前的工作提出", "已有研究提出"
_OTHERS_WORK = re.compile(r"先前|之前|此前|已有|以往|现有|传统|前人|其他")
_HAN_CHAR = re.compile(r"[\u4e00-\u9fff]")
_LIST_SEPARATOR = re.compile(r"^[\s、,，/（()）]*(?:和|与|及|以及|或|and|or)?[\s、,，/（()）]*$")
_GLOSSED = re.compile(
    r"[\s了]*(?:一种|一个|一套|一款)?(?:新的|新颖的|新型的?)?\s?(?P<zh>[\u4e00-\u9fff]{2,12})\s?[（(]"
    r"(?P<gloss>[A-Za-z][A-Za-z0-9\- ]{1,60}(?:[,，]\s?[A-Za-z][A-Za-z0-9\-]{1,15})?)[)）]"
)
_REPORTING_NOUNS = re.compile(r"(?i)\b(experiments?|analys[ie]s|stud(y|ies)|results?|evaluations?|settings?|ablations?)$")
_ACRONYM = re.compile(r"^[A-Za-z][A-Za-z0-9\-+&.]{0,14}$")
# Last words of names that are techniques ("Direct Nash Optimization").
_METHOD_WORDS = re.compile(
    r"(?i)(optimi[sz]ation|learning|tuning|training|attention|decoding|search|prompting|"
    r"distillation|alignment|adaptation|generation|retrieval|reasoning|editing|sampling|agents?)$"
)


# After a proposal's first name, one more listed with it: "、泛化不足 (IG)", "和典型接受方案
# (typical acceptance scheme)"; an English phrase needs the Chinese term it glosses
_LISTED_GLOSS = re.compile(
    r"[)）]?\s?(?P<sep>、|和|与|與|及|,|，|and)\s?(?P<zh>[\u4e00-\u9fff]{0,10})\s?[（(]"
    r"(?P<name>[A-Za-z][A-Za-z0-9\- ]{1,40})[)）]"
)
# "双重量化 (Double Quantization)": an English name in Title Case (two to five words,
# each capitalised but for small words) glossing the Chinese term right before it
# (found from the bracket, then the term looked for before it: a pattern opening with the
# term would be tried, and fail, at every Han character of the text)
_TITLE_CASE_GLOSS = re.compile(
    r"[（(](?P<name>[A-Z][A-Za-z0-9\-]*(?: (?:of|for|and|in|on|with|to|[A-Z][A-Za-z0-9\-]*)){1,4})(?=[)）,，])"
)
# "加权自洽（weighted self-consistency）": lower-case English words glossing the Chinese term
# before the bracket (the pattern opens at the bracket: one opening with the Chinese run
# would be tried at every character)
_LOWER_GLOSS = re.compile(r"[（(](?P<gloss>[a-z][a-z\-]*(?: [a-z][a-z\-]*){1,4})[)）]")
_JOINED_BEFORE_TERM = re.compile(r"[与和及的了将用把对在以或并]|提出|引入|采用|使用|通过|利用|基于")
# words that say which use of a technique, not which technique: "标准蒸馏（standard distillation）"
_PLAIN_MODIFIERS = frozenset(("standard", "traditional", "conventional", "vanilla", "naive", "classic", "classical",
                              "existing", "original", "full", "simple", "basic", "typical", "regular", "plain",
                              "common", "general", "generic", "prior", "previous", "current", "the", "a", "an"))
# "一个新的四维度指标，即": the phrase before "namely" says what the names after it are
_NAMELY = re.compile(r"\s?(.{2,30}?)\s?[,，]?\s?(?:即|也就是|namely|i\.e\.,?)\s?")
_COUNTED_BY = re.compile(r"\s?[个种项位名条]")
# what a sized checkpoint adds to its family's name: " 16B", "-2.7B", "-1B-7B"
_SIZE_ONLY = re.compile(r"[\s-]*\d+(?:\.\d+)?[BMK](?:[\s-]\d+(?:\.\d+)?[BMK])*", re.IGNORECASE)
_ENUMERATED = re.compile(r"\s?(?:、|和|与|及|以及)\s?")  # folded: 與 is 与
# "3 newly created datasets (i.e., IQTest, FunctionQA, and PaperQA)", "两个新构建的数据集（即 A 和 B）":
# datasets a paper made, listed by name; matched on folded text
# ("new benchmarks including MMLU" may be others' recent ones: "including" only after a making word).
# The noun and the list opener are looked for first, what makes them new in the words before.
_DATASETS_LISTED = re.compile(
    r"(?:datasets|benchmarks|数据集|基准)\s?(?:[:：]|[（(:：,，]?\s?(?:i\.e\.,?|即|namely|(?P<including>包括|including)))\s?")
# "新构建了三个专用数据集：" (a count and a few characters of description may come between)
_NEW_BEFORE = re.compile(
    r"(?:(?P<made>(?<![a-z])newly\s(?:created|collected|constructed|built|curated|annotated)"
    r"|新(?:构建|收集|创建|建|标注)(?:的|了)(?:[一二两三四五六七八九十\d]+\s?[个套项])?[\u4e00-\u9fff]{0,3}?)"
    r"|(?<![a-z])new|新的)\s?(?:[a-z-]+\s){0,2}?$")
_BUILT_BEFORE = re.compile(r"(?:构建|收集|创建|整理|标注)了[^，,。；;：:]{0,24}$")
_PURPOSE_BEFORE_NAME = re.compile(r"用于[^、，,。；;：:]{1,20}?的\s?")
_LIST_GAP = re.compile(r"\s?(?:,\s?and|,|and|、|和|与|及|以及)\s?")
# between names of one kind: not "以及" ("AgentInstruct 以及 AgentLM-7B": a dataset, then models)
_SAME_KIND_GAP = re.compile(r"\s?(?:,\s?and|,|and|、|和|与|及)\s?")
# "被称为反思令牌 (reflection tokens)": a Chinese term after a naming word (the cues'
# naming_zh, put before it), glossed; matched on folded text
_NAMED_GLOSS = r"\s?[“\"]?(?P<zh>[\u4e00-\u9fff]{2,12})[”\"]?\s?[（(](?P<name>[a-z][a-z0-9\- ]{1,40})[)）]"
_LISTED_ACRONYM = re.compile(r"[A-Z][A-Za-z0-9-]{1,10}")
_PART_SEPARATOR = re.compile(r"[\s\-]+")
_SIZED_PART = re.compile(r"-(?:\d+(?:\.\d+)?[BMK]|\d+px|XL|L|H|G)(?![A-Za-z0-9])")
_PARAMETER_SIZED = re.compile(r"(?P<stem>[A-Za-z][\w.\-]*?)[- ]\d+(?:\.\d+)?[BM]")  # "SmolVLM-256M"
# "MAR-B", "ViT-H", "Foo-Large": a stem and a size letter or word, as model families name their sizes
_SIZE_SUFFIX = r"(?:XXL|XL|S|B|M|L|H|G|Tiny|Small|Base|Medium|Large|Huge)(?![A-Za-z0-9])"
_SIZE_VARIANT = re.compile(rf"(?P<stem>[A-Za-z][\w.]*)-(?P<size>{_SIZE_SUFFIX})$")
_GLOSS_BEFORE_ENDS = ("(", "（", ",", "，")  # what _LONG_FORM_BEFORE and _TERM_BEFORE end with
_BRACKETED_SHORT = re.compile(r"[（(]\s?([A-Z][A-Za-z0-9\-]{1,15})\s?[)）]")
_GLOSS_OPENS = re.compile(r"\s?\(")  # folded: "（" is "("
_CLAUSE_MARK = re.compile(r"[,:;。]")  # in folded text, where "，：；" are ",:;"
# "Nougat (Neural Optical Understanding for Academic Documents)": a name, then its long form in brackets
_EXPANDED = re.compile(r"\s?(?P<name>[A-Z][A-Za-z0-9\-]{1,30})\s?[（(](?P<long>[A-Za-z][A-Za-z\-]*(?:[ \-][A-Za-z]+){1,9})[)）]")
# after a verb, in folded text: "the weapons of mass destruction proxy (" before its short form
_LONG_FORM_OPENS = re.compile(r"\s?(?:the\s|a\s|an\s)?(?P<long>[a-z][a-z\-]*(?:\s[a-z][a-z\-]*){1,9})\s?\(\s?")
# after a verb, in folded text: a Chinese term (no "的": not a description) standing before
# the name it translates ("提出了剪枝攻击树 TAP (Tree of Attacks with Pruning)")
_TRANSLATION_OPENS = re.compile(r"[\s了]*(?:一种|一个|一套|一款)?\s?(?:(?!的)[\u4e00-\u9fff]){2,12}\s?")
# English words, the first capitalised: "Weight Averaged Reward Models", "Open Pretrained Transformer"
_SPELLED_OUT = re.compile(r"[A-Z][A-Za-z0-9'&.\-]*(?:,? [A-Za-z0-9'&.\-]+)+")
# after a name, the rest of its list, then "等" or a count, and the Chinese words after them:
# "、accelerate 与 flexgen 三个主流推论系统", "、vsi-bench 等视频推理基准" (folded)
_PHRASE_END = re.compile(r"上|中|的|以及|和|与|及")
_COUNTED_LIST_AFTER = re.compile(r"(?:\s?(?:、|,|和|与|及|以及|and)\s?[a-z0-9][a-z0-9 .+\-]{0,40}?)*"
                                 r"\s?(?:等\s?(?:[一二两三四五六七八九十]|\d+)?|这?\s?(?:[一二两三四五六七八九十]|\d+))"
                                 r"\s?(?P<run>[\u4e00-\u9fff]{1,10})")
# "（4 位元量化的 " before a known name that closes the bracket
_BRACKET_OF_KNOWN = re.compile(r"[（(][^（()）]{0,20}的\s?")
_ARTICLES = frozenset(("The", "A", "An"))
# a Chinese character or full-width mark right before (a space may come between)
_HAN_BEFORE = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff01-\uff0f\uff1a-\uff20]\s?$")
# a word for a class of things, at a name's end: "LLM", "APIs", "Model"
_CLASS_WORD = re.compile(r"[A-Z0-9]+s?|Models?")
# Title Case words, none with a capital or digit inside: "Moderation Evaluation"
_PLAIN_TITLE_WORDS = re.compile(r"[A-Z][a-z]+(?: [A-Z][a-z]+)*")
# a title that is one name: two to four capitalised words ("Self-Taught Evaluators")
_TITLE_NAME_PHRASE = re.compile(r"[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*(?: [A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*){1,3}")
# a title that ends with the name of what it brings: "... Inference with Sarathi-Serve"
_TITLE_TAIL = re.compile(r"\s(?:with|via|using)\s(?P<name>[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*)\s*$")
_TERM_BEFORE = re.compile(r"(?P<long>[\u4e00-\u9fff]{2,16})\s?[（(]\s?$")  # a Chinese term its bracket glosses
# "(Sparse Mixture of Experts, " right before a short form
_LONG_FORM_BEFORE = re.compile(r"[（(](?P<long>[A-Za-z][A-Za-z0-9\- ]{3,70}?)\s?[,，]\s?$")
# "(a) … (b) …", "（1）…（2）…", "(i) … (ii) …": the items of an enumeration (folded: "（" is "(")
_ITEM_MARK = re.compile(r"\((?:[a-h]|[1-9]|i{1,3}|iv|vi{0,3})\)\s?")


_NOT_BETWEEN_VERB_AND_OBJECT = re.compile(r"[^\s了一个种款套]")  # folded: 個 is 个


def _right_after_verb(folded: str, verb_end: int, start: int) -> bool:
    """Only spaces, 了 and a measure word ("一个", "一种", "一款") stand between the verb and `start`."""
    return _NOT_BETWEEN_VERB_AND_OBJECT.search(folded, verb_end, start) is None


def _find_all(text: str, word: str, start: int, end: int):
    at = text.find(word, start, end)
    while at >= 0:
        yield at
        at = text.find(word, at + 1, end)


# "1k", "7b" (lower-cased): a multiplier written after a number
_NUMBER_MULTIPLIER = re.compile(r"(?<=\d)[kmb]\b")


def _abbreviates(short: str, long: str) -> bool:
    """"NF4" for "NormalFloat", "IXC" for "InternLM-XComposer": the short form's letters
    stand in the long form in order, from its first letter on. A multiplier after a number
    ("GSM1k" for "Grade School Math 1000") is a number's part, not a letter."""
    letters = [c for c in _NUMBER_MULTIPLIER.sub("", short.lower()) if c.isalpha()]
    rest = iter(long.lower())
    return bool(letters) and long[:1].lower() == letters[0] and all(c in rest for c in letters)


def _coined_phrase(phrase: str) -> bool:
    """A lower-case phrase is a coined name only when short: "budget forcing", not "ablation experiments"."""
    words = phrase.split()
    return any(w[:1].isupper() for w in words) or (len(words) <= 3 and not _REPORTING_NOUNS.search(phrase))


_SHORT_WORDS = frozenset(("a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "via",
                          "with"))


def _spells(name: str, long: str) -> bool:
    """The long form's word initials, short words left out ("Neural Optical Understanding for
    Academic Documents": n o u a d), start as the name does and, but for one, come in the
    name's letters in order."""
    initials = [w[0].lower() for w in long.split() if w.lower() not in _SHORT_WORDS]
    letters = name.lower()
    if len(initials) < 2 or initials[0] != letters[0]:
        return False
    found, at = 0, 0
    for ch in initials:
        i = letters.find(ch, at)
        if i >= 0:
            found, at = found + 1, i + 1
    return found >= len(initials) - 1


def _list_separator(folded: str, a: int, b: int) -> bool:
    """The gap [a, b) between two names separates items of a list ("、", "和", ", and"). Not
    the bare space that sets Latin text off from Chinese ("STEM 问答"), which squeezed text
    leaves out ("STEM问答")."""
    gap = folded[a:b]
    if not gap.strip():
        return _HAN_CHAR.match(folded, a - 1) is None and _HAN_CHAR.match(folded, b) is None
    return _LIST_SEPARATOR.match(gap) is not None


def _same_side(kind: str, other: str) -> bool:
    """Both data, or both what is trained and run (models, methods, ...)."""
    return (kind == "Dataset") == (other == "Dataset")


class NameDiscovery:
    def __init__(self, ontology: str | None):
        knowledge = load_knowledge(ontology)
        self.vocabulary = knowledge.vocabulary
        cues = knowledge.cues
        self.kinds = KindCues(cues["kind_nouns"], cues["kind_shapes"], cues.get("appositive", {}))
        self._known_part_kinds: dict[str, str | None] = {}
        self._known_spellings: dict[str, tuple[str, ...]] = {}
        self._english_kind_nouns = frozenset(n for ns in cues["kind_nouns"].values() for n in ns if n.isascii())
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
        self.making = cue_pattern(p.get("making_zh", []), p.get("making_en", []))
        self.verb = re.compile(self.verb.pattern + "|" + self.making.pattern)
        self.novelty = cue_pattern(p.get("novelty_zh", []), p.get("novelty_en", []))
        # "更强的基线 LLaVA-1.5": right before the name
        self.introducing_noun = re.compile(f"(?:{cue_pattern(p.get('introducing_nouns', [])).pattern})\\s?$")
        self.naming = re.compile(r"(?<![a-z])(?:" + "|".join(map(re.escape, naming)) + r")(?![a-z])")
        self.naming_words = tuple(naming)  # for str.endswith: asked at nearly every name
        naming_zh = sorted({fold(v) for v in p["naming_zh"]}, key=len, reverse=True)
        self.named_gloss = re.compile("(?:" + "|".join(map(re.escape, naming_zh)) + ")" + _NAMED_GLOSS)
        # the same cues, found in one pass per paper (the patterns above stay for small windows)
        self.making_words = {fold(w) for w in p.get("making_zh", []) + p.get("making_en", [])}
        self.data_verbs = {fold(w) for w in p.get("data_verbs_zh", []) + p.get("data_verbs_en", [])}
        resulting = p.get("resulting_zh", [])
        self.owner_words = tuple(fold(w) for w in p.get("possessive_zh", []) + p.get("possessive_en", []) + resulting)
        self.resulting_words = frozenset(fold(w) for w in resulting)
        # "我们的模型 s1-32B", "我们最大的模型（即 Stable Diffusion 3）", "our new framework X";
        # "得到的模型 ALMA-R" (what came out)
        owner_nouns = cue_pattern(*(self.kinds.kind_nouns.get(k, []) for k in ("Model", "Method", "Dataset")))
        self.possessed = re.compile(
            rf"(?:(?P<owner>{cue_pattern(p.get('possessive_zh', []), resulting).pattern})[\u4e00-\u9fff]{{0,4}}的"
            rf"|(?:{cue_pattern(p.get('possessive_en', [])).pattern})(?:\s[a-z]+)?\s)\s?"
            rf"(?P<noun>{owner_nouns.pattern})\s?[,，:：]?\s?(?P<namely>(?:\(\s?)?(?:即|namely|i\.e\.,?)|\(\s?)?\s?")
        # "……以及对应的数据集 SA-1B": a conjunction, a few words, a kind noun, the next name
        conjunctions = cue_pattern(p.get("list_conjunctions_zh", []), p.get("list_conjunctions_en", [])).pattern
        self.listed_described = re.compile(
            rf"\)?(?:\s?\([^()]{{1,20}}\))?\s?[,、]?\s?(?:{conjunctions})\s?(?:the\s)?[^,.;:()。；：]{{0,20}}?"
            rf"(?P<noun>{owner_nouns.pattern})\s?[,:]?\s?")
        # "OSS-Instruct, a novel approach to …", "X，这是一种新颖的方法": an apposition calls it new
        novelty_zh = cue_pattern([w for w in p.get("novelty_zh", []) if w != "首次"]).pattern  # "X，首次…" is X acting
        # ... or the paper's own: "MathInstruct, our meticulously curated dataset", "X，我们的……"
        self.novel_apposition = re.compile(
            rf"[,，]\s?(?:(?:a|an|the)\s(?:{cue_pattern(p.get('novelty_en', [])).pattern})"
            rf"|(?:这是|它是|是)?\s?(?:{novelty_zh})|(?P<own>our\s|我们的))")
        # "超过 DoReMi", "outperforms FooLM": what a paper beats is mostly a model (in the annotated
        # sets so far, four in five of the beaten names are models, the rest methods);
        # "more than 16x16 patches" is a size
        rel = cues["relations"]
        self.beaten_before = re.compile(
            rf"(?:{cue_pattern(rel['outperforms_zh'], rel['outperforms_en']).pattern})\s?了?\s?(?:the\s)?$")
        self.proposal_cues = CueScanner({
            "subject": p["subjects_zh"] + p["subjects_en"], "verb_zh": p["verbs_zh"], "verb_en": p["verbs_en"],
            "making": p.get("making_zh", []) + p.get("making_en", []),
            "novelty": p.get("novelty_zh", []) + p.get("novelty_en", []),
        }, letter_bounded=("subject", "verb_en"))

    # -- the component -------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        st = state(doc)
        folded = st.folded
        self._title_head(doc, folded)
        self._proposal_sentences(doc, folded)
        self._possessed_names(doc, folded)
        self._cued_names(doc, folded)
        self._novel_appositions(doc, folded)
        self._new_datasets(doc, folded)
        self._quoted_names(doc, folded)
        self._glossed_terms(doc, folded)
        self._named_glosses(doc, folded)
        self._refined_glosses(doc)
        self._bracket_aliases(doc)
        self._other_occurrences(doc)
        self._one_kind_per_name(doc)
        self._stated_kinds(doc, folded)
        self._variants_of_proposals(doc)
        st.proposed = sorted(set(st.proposed))
        return doc

    @staticmethod
    def _variants_of_proposals(doc: Doc) -> None:
        """"JetMoE: ..." introduces JetMoE-8B-Chat too; "Medusa" Medusa-1 and Medusa-2; but a
        size alone ("DeepSeekMoE 16B", "OLMoE-1B-7B") names a checkpoint of the proposal, not
        one more thing it proposes (the annotation guidelines: the family, unless the sized
        name is the release itself, which a proposal sentence then names)."""
        st = state(doc)
        # compared by key, which ignores spaces and hyphens: "Mixtral 8x7B" and "Mixtral-8x7B-Instruct"
        proposed = {st.entities[p].key: st.entities[p].label for p in st.proposed if p in st.entities}
        kinds = {st.entities[p].key: st.entities[p].kind for p in st.proposed if p in st.entities}
        heads = [h for h in proposed if len(h) > 2]
        if not heads:
            return
        # "Eurus-2-7B-PRIME": a new name that ends in the proposal's name is a model the paper
        # made with it (on someone else's base), as such papers name their releases
        made_with = tuple("-" + proposed[h] for h in heads)
        for span_range, entity in st.entities.items():
            key = entity.key
            if not entity.known and entity.label.endswith(made_with):
                st.proposed.append(span_range)
                continue
            # (a dataset only of a dataset: "Aya Collection" is no variant of the Aya model, but
            # "FooMoE-16B-Chat" is a model of the FooMoE method)
            if entity.family in heads:
                head = entity.family
            elif entity.known:
                continue  # a known variant only of its own family: "Mixtral-8x7B-Instruct"
            else:
                head = next((h for h in heads if key.startswith(h) and key != h and _same_side(kinds[h], entity.kind)),
                            None)
            if head is not None:
                rest = entity.label[len(proposed[head]):]
                if entity.label.lower().startswith(proposed[head].lower()) and (
                        _SIZE_ONLY.fullmatch(rest) or rest[:1] in (".", *"0123456789")):
                    continue  # a size alone; or the head's number goes on: "Mamba-2.8B" is no Mamba-2
                st.proposed.append(span_range)

    def _stated_kinds(self, doc: Doc, folded: str) -> None:
        """A known name of two kinds (ShareGPT4V: a model family and its dataset) is, in this
        paper, of the kind a noun right beside it says, when no noun says its usual one:
        "我們推出 ShareGPT4V 資料集"."""
        st = state(doc)
        extra = self.vocabulary.extra_kinds
        uses: dict[str, list] = {}
        for span_range, entity in st.entities.items():
            if entity.known and entity.key in extra:
                uses.setdefault(entity.key, []).append((span_range, entity))
        proposed = set(st.proposed)
        for key, spans in uses.items():
            # what the paper introduces it as, if it does ("名为 Magpie 的…方法", then "Magpie 数据")
            spans = [use for use in spans if use[0] in proposed] or spans
            said = {self.kinds.noun_after(folded, e) or self.kinds.noun_before(folded, s) for (s, e), _ent in spans}
            kind = spans[0][1].kind
            stated = [k for k in extra[key] if k in said]
            if kind not in said and len(stated) == 1:
                for span_range, entity in uses[key]:
                    st.put(span_range, dataclasses.replace(entity, kind=stated[0]))

    @staticmethod
    def _one_kind_per_name(doc: Doc) -> None:
        """A name read as a model in the title and a method in the text is one
        entity: the kind most of its uses gave it (the first, on a tie)."""
        st = state(doc)
        by_key: dict[str, list] = {}
        for start, end, entity in st.ordered_names():
            if not entity.known:
                by_key.setdefault(entity.key, []).append(((start, end), entity))
        for key, uses in by_key.items():
            kinds = Counter(e.kind for _r, e in uses)
            if len(kinds) < 2:
                continue
            first = {}
            for _r, e in uses:
                first.setdefault(e.kind, len(first))
            kind = min(kinds, key=lambda k: (-kinds[k], first[k]))
            chosen = next(e for _r, e in uses if e.kind == kind)
            spans = {r for r, _e in uses}
            for r in spans:
                st.put(r, chosen)
            # (doc.ents are written from st.entities by pg_entities)

    # -- finders ---------------------------------------------------------------

    def _title_head(self, doc: Doc, folded: str) -> None:
        st = state(doc)
        start, end = st.fields.get("title", (0, 0))
        title = st.text[start:end]
        report = _REPORT_TITLE.match(title) if ("eport" in title or "ard" in title) else None
        if report is not None:
            # "Qwen3 Technical Report", "Phi-3 Technical Report: ...": the report's subject is its release
            self._title_name(doc, folded, start + report.start("name"), report["name"])
            return
        m = _TITLE_HEAD.match(title)
        if not m:
            self._title_opening(doc, folded, start, title)
            self._title_tail(doc, folded, start, title)
            self._whole_title(doc, folded, start, title)
            return
        head = m["head"]
        pair = re.fullmatch(r"(\S+) (?:and|&) (\S+)", head)
        if pair and all(looks_like_name(w) or w[:1].isupper() for w in pair.groups()):
            # "Eagle and Finch: ...": two names
            for g in (1, 2):
                name, g_start = pair.group(g), start + m.start("head") + pair.start(g)
                entity = self.vocabulary.lookup(name) or self._new_entity(doc, folded, name)
                span = self._place(doc, g_start, g_start + len(name), entity, replace=True)
                if span is not None:
                    st.proposed.append(span)
            return
        words = head.split()
        if m["sep"] == "," and not (len(words) == 1 and looks_like_name(head)):
            return
        versioned = _VERSIONED.fullmatch(head)
        if versioned and looks_like_name(versioned["name"]) \
                and fold(head) not in st.field_folded("summary"):
            # "MInference 1.0: ..." introduces MInference, as the summary calls it throughout
            head, words = versioned["name"], [versioned["name"]]
        # "Summary of a Haystack: ..." named in the summary by its short form "(SummHay)"
        short = self._short_form_of(doc, head) if len(words) > 1 else None
        if (not all(w[:1].isupper() or w[:1].isdigit() for w in words) or len(words) > 5) and short is None:
            return  # "Judging the Judges: ..." is a phrase, not a name
        if is_generic(head, self.vocabulary.generic):
            return
        zh = self._zh_title_head(doc)
        if len(words) > 1 and short is None and not self._named_again(doc, head, zh):
            return  # "Leave No Context Behind: ..." is a slogan unless the text names it
        h_start = start + m.start("head")
        h_end = h_start + len(head)
        entity = self.vocabulary.lookup(head)
        if entity is None:
            described = self.kinds.describes(title[m.end("sep"):])
            zh_rest = self._zh_title_rest(doc)
            described = (self.kinds.describes(zh_rest) if zh_rest else None) or described
            if short and not described:  # what the text says of its short form: "（SummHay）任务"
                votes = self._kind_votes(doc, folded, short)
                described = max(sorted(votes), key=votes.__getitem__) if votes else None
            entity = self._new_entity(doc, folded, head, described=described)
            if zh and name_key(zh) != entity.key:
                st.aliases.setdefault(entity.key, set()).add(zh)
            if short:
                st.aliases.setdefault(entity.key, set()).add(short)
        span = self._place(doc, h_start, h_end, entity, replace=True)
        if span is not None:
            st.proposed.append(span)

    def _title_name(self, doc: Doc, folded: str, at: int, name: str) -> None:
        """The name at `at` in the title is what the paper proposes, known or new."""
        st = state(doc)
        entity = self.vocabulary.lookup(name) or self._new_entity(doc, folded, name)
        span = self._place(doc, at, at + len(name), entity, replace=True)
        if span is not None and span not in st.proposed:
            st.proposed.append(span)

    def _short_form_of(self, doc: Doc, head: str) -> str | None:
        """A short form in brackets in the summary that abbreviates the title's head:
        "“大海捞针摘要”（SummHay）" for "Summary of a Haystack"."""
        for m in _BRACKETED_SHORT.finditer(state(doc).field_text("summary")):
            short = m.group(1)
            if (sum(c.isalpha() for c in short) >= 3 and sum(c.isupper() for c in short) >= 2
                    and len(short) < len(head) and _abbreviates(short, head)
                    and self.vocabulary.lookup(short) is None):  # "(LoRA)" is no short form of "LoRA Land"
                return short
        return None

    def _trim(self, name: str, start: int, text: str) -> tuple[str, int]:
        """Drop generic words at the edges: "MLLM HuatuoGPT-Vision" and "Mistral-7B LLM"
        name HuatuoGPT-Vision and Mistral-7B. What is left must still look like a name:
        "OpenAI Moderation Evaluation" is one name, not "Moderation". An article in English
        text goes ("The English models" names no "The English"); in Chinese text it can only
        be the name's own: "训练数据集 The Cauldron"."""
        words = name.split(" ")
        if len(words) > 1 and words[0] in _ARTICLES and not _HAN_BEFORE.search(text, max(0, start - 2), start):
            start += len(words[0]) + 1
            words = words[1:]
            name = " ".join(words)
        first = start
        while len(words) > 1 and is_generic(words[0], self.vocabulary.generic):
            start += len(words[0]) + 1
            words = words[1:]
        # at the end only a class word goes ("Mistral-7B LLM", "TensorHub APIs", "X Model"): a
        # generic technique word there is the name's head ("Per-Channel Key Quantization" is no
        # "Per-Channel Key")
        while len(words) > 1 and _CLASS_WORD.fullmatch(words[-1]) and is_generic(words[-1], self.vocabulary.generic):
            words = words[:-1]
        trimmed = " ".join(words)
        # a known plain word is a name ("小型 LLM Gemma" is Gemma)
        known = trimmed != name and self.vocabulary.lookup(trimmed) is not None
        if first != start and trimmed == name[start - first:] and _PLAIN_TITLE_WORDS.fullmatch(trimmed) and not known:
            # only words before it went: "OpenAI Moderation Evaluation" leaves plain words, no name
            return name, first
        # "Large Language Model" is generic whole: "Large Language" is no name
        if trimmed != name and ((not looks_like_name(trimmed) and not known)
                                or is_generic(name, self.vocabulary.generic)):
            return name, first
        return trimmed, start

    def _title_opening(self, doc: Doc, folded: str, start: int, title: str) -> None:
        """"Self-Play Preference Optimization for ...": a title that opens with a
        name the summary abbreviates (SPPO) introduces that name."""
        st = state(doc)
        words = list(re.finditer(r"[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*", title))
        summary = st.field_text("summary")
        for n in range(min(5, len(words)), 0, -1):
            parts = [p for w in words[:n] for p in w.group().split("-")]
            if len(parts) < 2 or not all(w.group()[0].isupper() for w in words[:n]):
                continue
            acronym = "".join(p[0] for p in parts)
            at = next(occurrences(summary.lower(), acronym.lower()), None)
            found = summary[at:at + len(acronym)] if at is not None else ""
            if not found or sum(c.isupper() for c in found) < 2:
                continue
            head = title[words[0].start():words[n - 1].end()]
            if is_generic(head, self.vocabulary.generic):
                return
            entity = self.vocabulary.lookup(head) or self.vocabulary.lookup(found)
            if entity is None:
                entity = self._new_entity(doc, folded, head)
                st.aliases.setdefault(entity.key, set()).add(found)
            span = self._place(doc, start + words[0].start(), start + words[n - 1].end(), entity, replace=True)
            if span is not None:
                st.proposed.append(span)
            return

    def _title_tail(self, doc: Doc, folded: str, start: int, title: str) -> None:
        """"Taming Throughput-Latency Tradeoff in LLM Inference with Sarathi-Serve": a title
        that ends with a new name after "with", "via" or "using" introduces it."""
        m = _TITLE_TAIL.search(title)
        if m is None or not looks_like_name(m["name"]) or is_generic(m["name"], self.vocabulary.generic) \
                or self.vocabulary.lookup(m["name"]) is not None:
            return
        self._title_name(doc, folded, start + m.start("name"), m["name"])

    def _whole_title(self, doc: Doc, folded: str, start: int, title: str) -> None:
        """"Self-Taught Evaluators": a title of a few capitalised words that the summary
        uses as a name ("这个 Self-Taught Evaluator 把…") is the name of what the paper
        proposes; the summary's spelling (singular) is the name."""
        st = state(doc)
        if not _TITLE_NAME_PHRASE.fullmatch(title.strip()) or st.overlaps(start, start + len(title)):
            return
        name = title.strip()
        s_start, s_end = st.fields.get("summary", (0, 0))
        for spelling in (name, name[:-1] if name.endswith("s") else None):
            if spelling and folded.find(fold(spelling), s_start, s_end) >= 0 \
                    and not is_generic(spelling, self.vocabulary.generic):
                self._title_name(doc, folded, start + title.index(name), spelling)
                return

    @staticmethod
    def _named_again(doc: Doc, head: str, zh: str | None) -> bool:
        """A multi-word title head is a name when the summary uses it (or its short form)."""
        summary = state(doc).field_folded("summary")
        acronym = "".join(w[0] for w in re.split(r"[\s\-]+", head) if w)
        return (
            fold(head) in summary
            or bool(zh and fold(zh) in summary)
            or (len(acronym) >= 2 and next(occurrences(summary, acronym.lower()), None) is not None)
        )

    def _zh_title_rest(self, doc: Doc) -> str | None:
        st = state(doc)
        m = _ZH_TITLE_HEAD.match(st.field_text("title_zh"))
        return st.field_text("title_zh")[m.end():] if m else None

    def _zh_title_head(self, doc: Doc) -> str | None:
        st = state(doc)
        m = _ZH_TITLE_HEAD.match(st.field_text("title_zh"))
        return m["head"] if m and re.search(r"[\u4e00-\u9fff]", m["head"]) else None

    def _proposal_sentences(self, doc: Doc, folded: str) -> None:
        """"我们提出了一种新的框架 LongRAG", "we introduce X": X is proposed."""
        st = state(doc)
        s_start, _ = st.fields.get("summary", (0, 0))
        cues = self.proposal_cues.scan(folded, raw=True)
        verb_groups = [cues["verb_zh"], cues["verb_en"], cues["making"]]  # in the order the verb pattern tries them
        for sent in st.sents:
            if sent.start_char < s_start:
                continue
            text = folded[sent.start_char:sent.end_char]
            base, stop = sent.start_char, sent.end_char
            subj = next(iter(leftmost([cues["subject"]], base, stop)), None)
            subj_end = subj[1] if subj else None
            if subj_end is None:  # "Parrot 提出了语义变量": the paper's own system speaks for it
                # (as proposed so far: "本文提出 QoQ。…QoQ 引入…，並設計 SmoothAttention")
                own_names = [fold(st.entities[p].label) for p in st.proposed if p in st.entities]
                subj_end = next((base + at + len(n) for n in own_names if (at := text.find(n)) >= 0), None)
            if subj_end is None:
                # "【方案】微软推出 Windows Agent Arena", "CMU 提出 LCPO": as newsletters write it, the
                # lab that opens the sentence, right before the verb, is the authors
                lab = _LAB_OPENS.match(folded, base, stop)
                if lab is not None and not _OTHERS_WORK.search(lab["who"]):
                    subj_end = lab.end("who")
            if subj_end is None:
                continue
            novel = any(base <= a and b <= stop for a, b in cues["novelty"])
            verbs = [(a, b) for a, b, _group in leftmost(verb_groups, subj_end, stop)
                     if self._is_authors_verb(folded, a, b, stop)]
            # "我们……审查了……，并引入了 CV-Bench": every proposal verb of the sentence opens a window.
            for i, (v_start, v_end) in enumerate(verbs):
                w_start = v_end
                w_end = verbs[i + 1][0] if i + 1 < len(verbs) else sent.end_char
                only_new = folded[v_start:v_end] in self.making_words  # "我们训练的 LLM，X": X only if new
                if not only_new and folded.startswith("的", v_end):
                    # a verb used as an attribute ("自动构建的指令数据集：从 RapidAPI Hub 收集……")
                    # describes the noun after it: a name past the clause is not what it made
                    clause = _CLAUSE_MARK.search(folded, v_end, w_end)
                    w_end = clause.start() if clause else w_end
                chosen = None if only_new else (self._glossed_name(doc, folded, w_start, w_end)
                                                or self._expanded_name(doc, folded, w_start, w_end))
                if chosen is None:
                    # "我们整理了 CommitPack，覆盖 350 种编程语言": what is curated or compiled is data
                    hint = "Dataset" if folded[v_start:v_end] in self.data_verbs else None
                    chosen = self._proposal_candidate(doc, folded, w_start, min(w_end, w_start + 120), novel, only_new,
                                                      hint)
                if chosen is not None:
                    st.proposed.append(chosen)
                    st.proposed.extend(self._listed_with(doc, folded, chosen, sent.end_char))
                    st.proposed.extend(self._new_names_listed_after(doc, folded, chosen, w_end))
                else:
                    named = self._chinese_named(doc, folded, w_start, min(w_end, sent.end_char))
                    if named is not None:
                        st.proposed.append(named)
                st.proposed.extend(self._enumerated(doc, folded, w_start, w_end, novel, only_new))

    def _is_authors_verb(self, folded: str, a: int, b: int, stop: int) -> bool:
        """A proposal verb at [a, b) of a sentence that has the authors (or their system) as
        subject says what they did, but not when the words around it make it something else."""
        attributive = folded.startswith("的", b)
        if folded[a:b] in self.making_words and not (
                (b < stop and attributive and folded[a - 1:a] != "预")
                or (folded[a:b] in _RESULT_VERBS and _NAME_OPENS.match(folded, b))):
            # making verbs count only as "我们训练的 X", or one that names what came out right
            # before it ("微调 LLaMA 后得到 ToolLLaMA"; only a new name counts, see only_new: "微调
            # Llama-3-8B-Base" names what went in); elsewhere they are part of a phrase
            # (专家专门化微调), and "预训练的 Vicuna" is pre-trained: someone else's
            return False
        if _GLOSS_OPENS.match(folded, b):
            return False  # a verb glossed in brackets is a term: "开源（OSS）LLM" (open-source LLMs)
        if folded.startswith("实现", a) and _NUMBER_AFTER.match(folded, b):
            return False  # "实现了 3.05 倍的加速比，比 EAGLE-1 快": a result achieved, not a thing made
        if _HOW_AFTER.match(folded, b):
            return False  # "介绍如何把 Llama 3.1 8B 压缩到 4B": what it shows is a way, not a name
        if folded[a:b] == "开源" and _HAN_NOT_PARTICLE.match(folded, b) and not _OPEN_NOUN_THEN_NAME.match(folded, b):
            # an adjective ("在开源非思考模型中", "缩小了开源代码生成模型与 GPT-4 Code Interpreter
            # 的差距"), unless its noun is what the name after it is: "训练了开源验证器 Omni-Judge"
            return False
        if attributive and _OTHERS_BEFORE_VERB.search(folded, max(0, a - 3), a):
            return False  # done already, or listed: "超越已释出的最佳 34B 模型（Llama 1）"
        return folded[a - 1:a] != "的"  # "最强的开源模型 QwQ-32B-Preview": an adjective

    def _novel_appositions(self, doc: Doc, folded: str) -> None:
        """"using OSS-Instruct, a novel approach to …": a name the text calls new right after
        it is the paper's own, though no sentence proposes it; a known name only if the
        title names it too (not "GPT-4, the first model to …" in passing), or the text calls
        it "our" ("trained on MathInstruct, our curated instruction tuning dataset")."""
        st = state(doc)
        s_start, s_end = st.fields.get("summary", (0, 0))
        title = st.field_text("title") + " " + st.field_text("title_zh")
        for m in self.novel_apposition.finditer(folded, s_start, s_end):
            before = st.names_in(max(s_start, m.start() - 80), m.start())
            if not before or m.start() - before[-1][1] > 1 or folded[before[-1][1]:m.start()].strip():
                continue  # the comma does not follow a name
            start, end, entity = before[-1]
            if entity.kind not in ("Model", "Method", "Dataset") or (start, end) in st.proposed:
                continue
            if entity.known and not m["own"] and next(occurrences(title, st.text[start:end]), None) is None:
                continue  # a known name called new is the paper's own if the title names it too; "our" says so
            st.proposed.append((start, end))

    def _new_datasets(self, doc: Doc, folded: str) -> None:
        """"3 newly created datasets (i.e., IQTest, FunctionQA, and PaperQA)": each name of
        the list is a dataset the paper made."""
        st = state(doc)
        s_start, s_end = st.fields.get("summary", (0, 0))
        for m in _DATASETS_LISTED.finditer(folded, s_start, s_end):
            new = _NEW_BEFORE.search(folded, max(s_start, m.start() - 40), m.start())
            if new is None:
                # "作者构建了两个……的数据集：": made by the authors, new without the word
                built = _BUILT_BEFORE.search(folded, max(s_start, m.start() - 40), m.start())
                sent = st.sentence_at(m.start())
                if built is None or not self.subject.search(folded, sent.start_char, built.start()):
                    continue
            elif m["including"] and not new["made"]:
                continue
            pos = m.end()
            while True:
                purpose = _PURPOSE_BEFORE_NAME.match(folded, pos)  # "用于 SFT 冷启动的 Video-R1-CoT-165k"
                if purpose:
                    pos = purpose.end()
                word = NAME.match(st.text, pos)
                if word is None:
                    break
                start, end = word.start(), word.end()
                existing = st.name_starting_at(start)
                if existing is not None:
                    end = existing[1]
                    entity = st.entities[existing]
                    if entity.kind != "Dataset" and entity.known:
                        break
                    if entity.kind != "Dataset":  # a kind guessed from its shape; the list says
                        st.rename(entity.key, Entity(entity.key, entity.label, "Dataset", entity.aliases, None, known=False))
                    if st.entities[existing].known:
                        existing = None  # someone else's, listed among the new: not proposed
                elif looks_like_name(word.group()) and not is_generic(word.group(), self.vocabulary.generic):
                    existing = self._place(doc, start, end, Entity(name_key(word.group()), word.group(), "Dataset",
                                                                   (), None, known=False))
                if existing is not None:
                    st.proposed.append(existing)
                elif st.name_starting_at(start) is None:
                    break
                gap = _LIST_GAP.match(folded, end)
                if gap is None:
                    break
                pos = gap.end()

    def _possessions(self, folded: str, start: int, end: int):
        """self.possessed's matches, tried only where an owner word stands (found with str.find:
        a pattern opening with a word-boundary check is tried at every position)."""
        at = {i for w in self.owner_words for i in _find_all(folded, w, start, end)}
        for i in sorted(at):
            m = self.possessed.match(folded, i, end)
            if m:
                yield m

    def _possessed_names(self, doc: Doc, folded: str) -> None:
        """"我们的模型 s1-32B 在 AIME24 上超越了 o1-preview": a new name the authors' own
        kind noun introduces is theirs, though no proposal verb says so; so is a known one
        the noun's apposition names ("我们最大的模型（即 Stable Diffusion 3）")."""
        st = state(doc)
        s_start, s_end = st.fields.get("summary", (0, 0))
        for m in self._possessions(folded, s_start, s_end):
            name = NAME.match(st.text, m.end(), s_end)  # right after the noun: "我们的模型称为 X" is the naming rule's
            if name is None:
                continue
            # a known model only as the noun's apposition: "我们最大的模型（即 Stable Diffusion 3）"
            # ("our model, Llama-2-7B" is the one they started from); a known method or
            # dataset right after the authors' own noun is theirs: "我们的算法 AQLM"; what came
            # out ("得到的模型 ALMA-R") only if new: a known one is what went in
            only_new = m["owner"] in self.resulting_words or (
                not m["namely"] and self.kinds.noun_kind(m["noun"]) == "Model")
            chosen = self._proposal_candidate(doc, folded, m.end(), name.end(), novel=False, only_new=only_new)
            if chosen is not None:
                st.proposed.append(chosen)

    def _enumerated(self, doc: Doc, folded: str, start: int, end: int, novel: bool, only_new: bool) -> list:
        """"QLoRA 引入了多项创新：(a) 4 位 NormalFloat (NF4)，…；(b) 双重量化 (Double
        Quantization)，…；(c) 分页优化器 (Paged Optimizers)": each item a proposal
        enumerates opens with what it introduces."""
        marks = [m.end() for m in _ITEM_MARK.finditer(folded, start, end)]
        if len(marks) < 2:
            return []
        out = []
        for item_start in marks:
            item_end = _ITEM_MARK.search(folded, item_start, end)
            item_end = item_end.start() if item_end else end
            chosen = None if only_new else self._glossed_name(doc, folded, item_start, item_end)
            if chosen is None:
                chosen = self._proposal_candidate(doc, folded, item_start, min(item_end, item_start + 60), novel,
                                                  only_new)
            if chosen is not None:
                out.append(chosen)
        return out

    def _glossed_name(self, doc: Doc, folded: str, start: int, end: int):
        """"我们提出预算强制（budget forcing）", "引入组相对策略优化 (Group Relative Policy
        Optimization, GRPO)": right after the verb, a Chinese term glossed in English
        in brackets is what the sentence introduces; its English form is its name."""
        st = state(doc)
        # matched on folded text ("一種新穎的" is "一种新颖的" there, same length), read from the text as written
        m = _GLOSSED.match(folded, start, end)
        if not m or folded.startswith("的", m.end()):
            return None  # "设计了一种合成文档堆叠（Haystacks）的方法": what the method makes, not its name
        if m["zh"].startswith("以") and folded.startswith("为", m.end()):
            return None  # "设计了一个以闭卷问答（closed-book QA）为核心的实验": what it is built around
        chinese, gloss = st.text[m.start("zh"):m.end("zh")], st.text[m.start("gloss"):m.end("gloss")]
        parts = [p.strip() for p in re.split(r"[,，;；]", gloss) if p.strip()]
        if not parts or is_generic(parts[0], self.vocabulary.generic):
            return None
        if len(parts) == 1 and (not _coined_phrase(parts[0]) or self._described_by_kind_noun(parts[0])):
            return None  # "细化模型（refinement model）" says what it is, not what it is called
        known = next((e for e in map(self.vocabulary.lookup, [*parts, chinese]) if e is not None), None)
        if known is not None and fold(chinese) not in {fold(n) for n in (known.label, *known.aliases)}:
            # "在线迭代人类反馈强化学习（RLHF）": a new variant described by a known name; but when
            # the English phrase is itself the known name ("贪心坐标梯度 (Greedy Coordinate
            # Gradient, GCG)"), the Chinese term is its translation
            phrase = self.vocabulary.lookup(parts[0]) if " " in parts[0] else None
            # or the gloss spells out the known short form after it: "主奇异值与奇异向量调适
            # (Principal Singular values and Singular vectors Adaptation, PiSSA)"
            spelled = len(parts) > 1 and _abbreviates(parts[-1], parts[0]) \
                and getattr(self.vocabulary.lookup(parts[-1]), "key", None) == known.key
            if (phrase is None or phrase.key != known.key) and not spelled:
                return None
            # where the Chinese term starts is not known ("它推广了流行的思维链 (Chain-of-Thought)"):
            # the gloss alone is marked
            g_start = m.start("gloss")
            self._claim_short_forms(doc, known, parts)
            return self._place(doc, g_start, g_start + len(parts[0]), known, replace=True)
        g_start = m.start("gloss")
        entity = known or self._new_entity(doc, folded, parts[0])
        if entity.kind == "Task" and not entity.known and self.kinds.noun_after(folded, m.end()) != "Task":
            # "我们提出了……多证据校准 (Multiple Evidence Calibration)": a kind of calibration (a
            # task the vocabulary knows) that the authors introduce is their way of doing it,
            # unless they call it a task ("……问答 (X) 任务")
            entity = Entity(entity.key, entity.label, "Method", entity.aliases, entity.family, known=False)
        if not entity.known:
            st.aliases.setdefault(entity.key, set()).update([chinese, *parts[1:]])
        if entity.known:
            self._claim_short_forms(doc, entity, parts)
        # the Chinese term and the gloss both name it
        zh_span = self._place(doc, m.start("zh"), m.end("zh"), entity, replace=True)
        gloss_span = self._place(doc, g_start, g_start + len(parts[0]), entity, replace=True)
        return gloss_span or zh_span

    def _expanded_name(self, doc: Doc, folded: str, start: int, end: int):
        """"We propose Nougat (Neural Optical Understanding for Academic Documents), a ... model":
        right after the verb, a capitalised name spelled out in brackets is what the sentence
        introduces, even when it is a plain word; the bracket holds its long form, no name of its own."""
        st = state(doc)
        m = _EXPANDED.match(st.text, start, end)
        if not m or not _spells(m["name"], m["long"]) or self.vocabulary.lookup(m["name"]) is not None \
                or is_generic(m["name"], self.vocabulary.generic):
            return None
        entity = self._new_entity(doc, folded, m["name"], self.kinds.described_as(folded, m.end()))
        st.aliases.setdefault(entity.key, set()).add(" ".join(m["long"].split()))
        for s_, e_, _ent in st.names_in(m.start("long"), m.end("long")):
            st.remove((s_, e_))  # the long form's words are the name spelled out, not names
        return self._place(doc, m.start("name"), m.end("name"), entity, replace=True)

    def _described_by_kind_noun(self, phrase: str) -> bool:
        """"refinement model", "reward model": a lower-case phrase whose head is a kind noun."""
        words = phrase.split()
        return phrase.islower() and len(words) > 1 and words[-1] in self._english_kind_nouns

    @staticmethod
    def _claim_short_forms(doc: Doc, entity: Entity, parts: list[str]) -> None:
        """"分组查询注意力（grouped-query attention, GQA）": the short forms the gloss gives
        name this entity wherever the paper writes them, not a known namesake (the GQA dataset)."""
        st = state(doc)
        for short in parts[1:]:
            if not (_ACRONYM.match(short) and _abbreviates(short, parts[0])):
                continue
            for where, other in list(st.entities.items()):
                if other.key != entity.key and st.text[where[0]:where[1]] == short:
                    st.put(where, entity)

    def _chinese_named(self, doc: Doc, folded: str, start: int, end: int):
        """"……方法，称为一致性自注意力": a Chinese name after a naming word."""
        m = self.naming.search(folded, start, end)
        if not m:
            return None
        # the punctuation after the name may be full or half width: "称为一致性自注意力，" or "…力,"
        name = re.match(r"\s?[“\"]?([\u4e00-\u9fff]{2,12})[”\"]?(?=[，。；、（(\s,;]|$)", state(doc).text[m.end():end])
        if not name:
            return None
        n_start = m.end() + name.start(1)
        n_end = n_start + len(name.group(1))
        if self._overlaps_partly(doc, n_start, n_end) or is_generic(name.group(1), self.vocabulary.generic):
            return None
        kind = self.kinds.describes(name.group(1)) or "Method"
        entity = Entity(name_key(name.group(1)), name.group(1), kind, (), None, known=False)
        return self._place(doc, n_start, n_end, entity, replace=True)  # "一致性自注意力" over "自注意力"

    @staticmethod
    def _glosses_itself(st, start: int, entity: Entity) -> bool:
        """The Chinese term right before the name's bracket is one of its own names:
        the kind noun in "机器人操作系统 (ROS)" is part of ROS's name, introducing nothing."""
        m = _TERM_BEFORE.search(st.folded, max(0, start - 20), start)
        return bool(m) and any(m["long"].endswith(fold(n)) for n in entity.aliases if not n.isascii())

    def _listed_with(self, doc: Doc, folded: str, first: tuple[int, int], end: int) -> list:
        """"四维度指标，即知识不足 (IK)、泛化不足 (IG)、完全掌握 (CM) 和死记硬背 (RM)",
        "提出了自蒸馏 (self-distillation) 和典型接受方案 (typical acceptance scheme)":
        what a proposal lists after its first name is proposed with it."""
        st = state(doc)
        out = []
        pos = first[1]
        entity = st.entities[first]
        for m in _LISTED_GLOSS.finditer(st.text, pos, end):
            if m.start() != pos:
                break
            name = m["name"].strip()
            # (a short form has two capitals or a digit: "(IK)", "(M3)"; "基于旋转（Rotation）"
            # translates one word)
            acronym = _LISTED_ACRONYM.fullmatch(name) is not None and (
                sum(map(str.isupper, name)) >= 2 or any(map(str.isdigit, name)))
            if not acronym and (not m["zh"] or m["sep"] in ",，" or not _coined_phrase(name)):
                break  # "，它推广了流行的思维链 (Chain-of-Thought)" goes on the sentence, not the list
            # an acronym is judged by the term it abbreviates, and is the paper's own:
            # "死记硬背 (RM)" is no reward model; a glossed phrase may name something known
            if is_generic(m["zh"] if acronym and m["zh"] else name, self.vocabulary.generic) or (
                    acronym and m["zh"] and any(is_generic(m["zh"][i:], self.vocabulary.generic)
                                                for i in range(len(m["zh"]) - 1))):
                break  # "以证明小语言模型 (SLM)": the term it abbreviates ends in a generic one
            known = None if acronym else self.vocabulary.lookup(name)
            listed = known or Entity(name_key(name), name, entity.kind, (), None, known=False)
            a_start = m.start("name")
            span = self._place(doc, a_start, a_start + len(name), listed)
            if span is None:
                break
            if not listed.known and m["zh"]:
                st.aliases.setdefault(listed.key, set()).add(m["zh"])
            out.append(span)
            pos = m.end()
        described = self._listed_described(doc, folded, pos, end)
        if described is not None:
            out.append(described)
        return out

    def _new_names_listed_after(self, doc: Doc, folded: str, first: tuple[int, int], end: int) -> list:
        """"构建了专门的数据集 FineMath、Stack-Edu 和 SmolTalk": new names listed right after a
        new proposal are proposed with it, as the same kind of thing; a known one ends the list
        (someone else's)."""
        st = state(doc)
        entity = st.entities.get(first)
        if entity is None or entity.known:
            return []
        out, pos = [], first[1]
        while True:
            gap = _SAME_KIND_GAP.match(folded, pos, end)
            word = NAME.match(st.text, gap.end(), end) if gap else None
            if word is None:
                return out
            start, label = word.start(), word.group().rstrip(".")
            span = (start, start + len(label))
            if _abbreviates(label, entity.label):
                return out  # "（Search-Augmented Factuality Evaluator，SAFE）": its short form, not one more
            if span not in st.entities:
                if (st.overlaps(*span) or not looks_like_name(label) or is_generic(label, self.vocabulary.generic)
                        or self.vocabulary.lookup(label) is not None):
                    return out
                self._place(doc, *span, Entity(name_key(label), label, entity.kind, (), None, known=False))
            elif st.entities[span].known:
                return out
            out.append(span)
            pos = span[1]

    def _listed_described(self, doc: Doc, folded: str, pos: int, end: int):
        """"我們釋出了 Segment Anything Model（SAM）以及對應的資料集 SA-1B", "we release
        the model and the dataset X": after the proposal's names, one more that a
        conjunction and its kind noun introduce."""
        st = state(doc)
        m = self.listed_described.match(folded, pos, end)
        if not m:
            return None
        name = NAME.match(st.text, m.end(), end)
        if name is None:
            return None
        n_start, n_end = name.start(), name.end()
        existing = self._span_at(doc, n_start, n_end)
        if existing is not None:
            return existing
        label = name.group().rstrip(".")
        if not looks_like_name(label) or is_generic(label, self.vocabulary.generic) \
                or self._overlaps_partly(doc, n_start, n_start + len(label)):
            return None
        entity = Entity(name_key(label), label, self.kinds.noun_kind(m["noun"]) or "Method", (), None, known=False)
        return self._place(doc, n_start, n_start + len(label), entity)

    def _proposal_candidate(self, doc: Doc, folded: str, start: int, end: int, novel: bool, only_new: bool = False,
                            hint: str | None = None):
        """The name a proposal sentence introduces, scored by how it is introduced.

        A name nobody listed beats a known one; "称为 X" / "called X" and a name
        in brackets after a kind noun ("综合RAG基准 (CRAG)") make it clearer;
        the nearer the verb the better. A known name qualifies only when the
        title names it too and the sentence calls it new: "we propose LoRA" in
        a paper about LoRA is the rare case, "we study LoRA" the common one.
        """
        st = state(doc)
        raw_title = st.field_text("title") + " " + st.field_text("title_zh")
        already = {st.entities[p].key for p in st.proposed if p in st.entities}
        best, best_score = None, 0.0
        found = [(m.start(), m.group().rstrip(".")) for m in NAME.finditer(st.text, start, end)]
        found += [(m.start(), m.group()) for m in BRACKETED_NAME.finditer(st.text, start, end)]
        for n_start, name in sorted(found, key=lambda f: (f[0], -len(f[1]))):
            name, n_start = self._trim(name, n_start, st.text)
            n_end = n_start + len(name)
            if (sum(c.isalpha() for c in name) < 2 and not re.fullmatch(r"[A-Z]\d+", name)) or re.match(r"\d+\s", name):
                continue  # "10 亿", "3D", "30,000 H100 GPU" are not names; "M3" is
            if _COUNTED_BY.match(folded, n_start + len(name)):
                continue  # "切分为 mN 个": a number written as a letter, counting something
            naming_word = self.naming.search(folded, max(start, n_start - 8), n_start) is not None  # "called X", "称为 X"
            if (not naming_word and _ONE_KIND_OF.search(folded, start, n_start)
                    and _MODIFIES_A_HEAD.match(folded, n_start + len(name))):
                # "提出一种……生成 Lean 4 证明数据的方法：", "设计了一个以闭卷问答（closed-book QA）为核心的
                # 受控实验": a name inside the description of what was made, not its name
                continue
            named = naming_word or bool(
                # "零样本路由机制 Arrow", "关键技术是 Infini-attention"
                self.kinds.noun_before(folded, n_start) or re.search(r"(是|为)\s?$", folded[max(start, n_start - 3):n_start])
            ) and bool(re.search(r"[\u4e00-\u9fff]", st.text[max(start, n_start - 6):n_start]))
            bracketed = bool(re.search(r"[(（]\s?$", st.text[max(start, n_start - 2):n_start])) and bool(
                self.kinds.noun_before(folded, n_start)
            )
            existing = self._span_at(doc, n_start, n_end)
            if existing is None:
                # "Mistral 7B v0.1": a name found whole where the word pattern stops early
                existing = st.name_starting_at(n_start)
                if existing is not None and (existing[1] <= n_end or existing[1] > end):
                    existing = None
                if existing is not None:
                    n_end = existing[1]
            if existing is not None:
                ent = st.entities[existing]
                if ent.known and only_new:
                    continue
                if ent.known:
                    # the title opens with it ("Mixture-of-Agents Enhances ...")
                    title = st.field_folded("title")
                    # the title opens with it, as a whole word ("Qwen3 Technical Report" opens with no "Qwen")
                    in_title = any(not word_char(title[len(n):len(n) + 1])
                                   for n in filter(title.startswith, self._folded_spellings(ent)))
                    glued = bool(re.match(r"[\u4e00-\u9fff]", st.text[n_end:n_end + 1])) and bool(
                        re.search(r"[\u4e00-\u9fff]$", st.text[max(0, n_start - 1):n_start])
                    )
                    right_after_verb = _right_after_verb(folded, start, n_start) \
                        and (in_title or not _OWNER_OF_NEXT.match(folded, n_end))
                    # or right after its long form there: "we release the Weapons of Mass Destruction Proxy (WMDP) benchmark"
                    if not right_after_verb and folded[max(start, n_start - 2):n_start].rstrip().endswith("("):
                        spelled = _LONG_FORM_OPENS.fullmatch(folded, start, n_start)
                        right_after_verb = spelled is not None and _spells(name, spelled["long"])
                    # or after its translation there, spelled out in the bracket after it
                    if not right_after_verb and _TRANSLATION_OPENS.fullmatch(folded, start, n_start):
                        spelled = _EXPANDED.match(st.text, n_start)
                        right_after_verb = spelled is not None and spelled["name"] == name \
                            and _spells(name, spelled["long"])
                    introduced = (
                        # "This report introduces the Qwen2 series" in "Qwen2 Technical Report"
                        (in_title and (novel or re.fullmatch(r"\s*(?:the|a|an)\s", folded[start:n_start])))
                        or right_after_verb
                        or (self.kinds.noun_before(folded, n_start) is not None  # "服务系统 vLLM", "新的基准 CV-Bench"
                            and not self._glosses_itself(st, n_start, ent))  # not "机器人操作系统 (ROS)"
                        or self.introducing_noun.search(folded, max(start, n_start - 16), n_start) is not None
                    )
                    # "提出了一种…方法，称为 POPE": named here though a namesake is known; a naming
                    # word says more than a kind noun ("利用现成的…模型 EnCodec，训练一个称为 VALL-E
                    # 的模型"), and any new name of the sentence comes first ("称为 LoRA 的技术")
                    introduced = introduced or naming_word
                    if (not introduced and ent.key not in already) or (glued and not right_after_verb
                                                                          and not naming_word):
                        continue
                    score = (3.0 if right_after_verb else 1.0) + (1.5 if naming_word else 1.0 if named else 0.0)
                    named = False
                else:
                    score = 3.0
                if ent.key in already:
                    score = max(score, 2.5)
                span = existing
            else:
                # as written ("dynamic" is not the title's "Dynamic"), a whole word, and not a
                # plain lower-case word: the title's "of" or "for" names nothing
                in_title = (not (name.isalpha() and name.islower())
                            and next(occurrences(raw_title, name), None) is not None)
                if not (looks_like_name(name) or (named and not name.islower()) or in_title
                        or self._introduced_plain_word(folded, start, n_start, name)):
                    continue
                if self._spells_out_name_before(doc, n_start):
                    continue  # "EAGLE（Extrapolation Algorithm for Greater …）": EAGLE's long form, no rival
                if is_generic(name, self.vocabulary.generic) or self._overlaps_partly(doc, n_start, n_end):
                    continue
                score, span = 3.0, None
            score += 3.0 * named + 2.0 * bracketed - 0.02 * (n_start - start)
            if score > best_score:
                best, best_score = (existing, name, n_start, n_end, span), score
        if best is None:
            return None
        existing, name, n_start, n_end, span = best
        if span is not None:
            return span
        # "SWE-bench Lite-S" is new even though "SWE-bench" inside it is known
        # "引入了一个新的四维度指标，即知识不足 (IK)、…": what the list is, it says before "即"
        namely = _NAMELY.match(folded, start, n_start)
        described = self.kinds.describes(st.text[namely.start(1):namely.end(1)]) if namely else None
        entity = self._new_entity(doc, folded, name, described, hint)
        term = re.fullmatch(r"([\u4e00-\u9fff]{2,10})\s?[（(]", st.text[namely.end():n_start]) if namely else None
        if term:  # "即知识不足 (IK)": the Chinese term it abbreviates
            st.aliases.setdefault(entity.key, set()).add(term.group(1))
        return self._place(doc, n_start, n_end, entity, replace=True)

    def _cued_names(self, doc: Doc, folded: str) -> None:
        """Name-shaped words whose shape or neighbouring noun tells their kind.

        Only in the summary: Title Case makes every title word look like a name.
        """
        st = state(doc)
        s_start, s_end = st.fields.get("summary", (0, 0))
        plain = []  # capitalised plain words, looked at once the names around them are known
        overlaps = st.overlaps
        for m in NAME.finditer(st.text, s_start, s_end):
            word = m.group().rstrip(".")
            if " " not in word and overlaps(m.start(), m.start() + len(word)):
                continue  # most single words: a name found already, or part of one
            if " " not in word and not looks_like_name(word):
                if word[:1].isupper() and len(word) > 2 and word.isalpha():
                    if _ENUMERATED.match(folded, m.start() + len(word)):  # listed: "Biography、"
                        plain.append((m.start(), word))
                    elif (self._named_here(folded, m.start(), s_start)
                          or (_HAN_BEFORE.search(folded, max(0, m.start() - 2), m.start())
                              and self.kinds.noun_before(folded, m.start()))) \
                            and not self._overlaps(doc, m.start(), m.end()) and not is_generic(word, self.vocabulary.generic):
                        # "名为 Deita 的一系列模型", "（称为 Humpback）", "called Wanda": a naming word names
                        # it; so does a Chinese kind noun right before it ("多语种数据集 Emilia")
                        votes = self._kind_votes(doc, folded, word)
                        kind = max(sorted(votes), key=votes.__getitem__) if votes else "Method"
                        self._place(doc, m.start(), m.start() + len(word),
                                    Entity(name_key(word), word, kind, (), None, known=False))
                continue  # most matches: one plain word ("model", "Our"), which trimming keeps as it is
            name, start = self._trim(word, m.start(), st.text)
            end = start + len(name)
            if self._overlaps(doc, start, end):
                if " " in name and st.name_starting_at(start) is None:  # words before a known name
                    self._qualified_name(doc, start, end)
                elif " " in name:  # words after a known name
                    self._name_after_known(doc, folded, start, end)
                continue
            if not looks_like_name(name):
                continue
            if is_generic(name, self.vocabulary.generic) or self._sized_generic(name):
                continue
            known = self._joined_spelling_of(name)
            if known is not None:
                self._place(doc, start, end, known)
                continue
            sized_of = self._sized_model_of_this_paper(doc, name)
            if sized_of is not None:
                # "SmolVLM-256M" in the SmolVLM paper: a size of a model the paper names is that
                # model's checkpoint (whatever "-256M" looks like), in its family
                self._place(doc, start, end, Entity(name_key(name), name, "Model", (), sized_of.key, known=False))
                continue
            votes = self._kind_votes(doc, folded, name)
            if not votes:
                # "NaturalQuestions-Open", "LoRA-Drop": a new name built on a known one
                # (the gazetteer leaves it whole for this) is of the known one's kind
                built_on = self._kind_from_known_part(name) if "-" in name else None
                if built_on is None:
                    continue
                if built_on == "Method" and _SIZED_PART.search(name):
                    built_on = "Model"  # "CLIP-ViT-L-336px": an architecture in a size is a model
                votes = Counter({built_on: 1})
            elif "-" in name and (built_on := self._kind_from_known_part(name)):
                votes = votes + Counter({built_on: 1.5})  # "LAION-5B-Aesthetics 数据集": a LAION dataset
            kind = max(sorted(votes), key=votes.__getitem__)
            label = singular(name)
            self._place(doc, start, end, Entity(name_key(label), label, kind, (), None, known=False))
        for start, word in plain:
            # "PopQA、Biography、PubHealth": a plain word listed between names of one kind is one
            listed = self._listed_between(doc, start, start + len(word))
            if listed and not is_generic(word, self.vocabulary.generic):
                self._place(doc, start, start + len(word), Entity(name_key(word), word, listed, (), None, known=False))

    def _joined_spelling_of(self, name: str) -> Entity | None:
        """"MathVision" for MATH-Vision: a known name written without its hyphen or space,
        which the vocabulary pass, minding case, leaves alone. Only a junction may differ:
        "MAR-L" is no MARL, "MAP" no mAP."""
        if "-" in name or " " in name:
            return None
        known = self.vocabulary.lookup(name)
        if known is None:
            return None
        joined = name.lower()
        spellings = (known.label, *known.aliases)
        return known if any(("-" in s or " " in s) and re.sub(r"[- ]", "", s).lower() == joined
                            for s in spellings) else None

    @staticmethod
    def _sized_model_of_this_paper(doc: Doc, name: str) -> Entity | None:
        """The model, new to the vocabulary, that `name` is a parameter size of ("SmolVLM-256M")."""
        sized = _PARAMETER_SIZED.fullmatch(name)
        if sized is None:
            return None
        stem = name_key(sized["stem"])
        return next((e for e in state(doc).entities.values() if e.key == stem and e.kind == "Model" and not e.known), None)

    def _sized_generic(self, name: str) -> bool:
        """"7B LLM", "13B VLM": a size of a class of models names none of them."""
        size, _, rest = name.partition(" ")
        return bool(rest) and BARE_SIZE.match(size) is not None and all(
            is_generic(word, self.vocabulary.generic) for word in rest.split(" "))

    def _qualified_name(self, doc: Doc, start: int, end: int) -> None:
        """"the Naive RAG, the Advanced RAG": capitalised words before a known name, mid-sentence,
        make a name built on it (of its kind). Not a sentence's first word ("Using RAG"), nor
        a generic one ("LLM RAG")."""
        st = state(doc)
        inside = st.names_in(start, end)
        if len(inside) != 1 or inside[0][1] != end or inside[0][0] <= start:
            return
        n_start, _n_end, known = inside[0]
        words = st.text[start:n_start].split()
        if (not known.known or known.kind not in ("Model", "Method")
                or not all(w[:1].isupper() and w[1:].islower() and w.isalpha() for w in words)
                or any(is_generic(w, self.vocabulary.generic) for w in words)):
            return
        before = st.text[max(0, start - 2):start]
        if not re.fullmatch(r"[a-z,]? |[（(“\"]", before):
            return  # a sentence's first word, or glued to something
        label = st.text[start:end]
        self._place(doc, start, end, Entity(name_key(label), label, known.kind, (), None, known=False), replace=True)

    def _name_after_known(self, doc: Doc, folded: str, start: int, end: int) -> None:
        """A known name and the words after it that make a name of their own:

        - "Gemini 1.5", "Mistral 0.3": a known model family and a version number the
          vocabulary does not list make a model, a variant of the family. Not a score
          written after a model ("Vicuna 8.5 分", "GPT-4o 8.94").
        - "Aya Collection", "Aya Evaluation Suite": Title Case words that end in a noun of
          another kind than the known name's are a thing of that kind named after it (but
          "MMLU Benchmark" is MMLU)."""
        st = state(doc)
        inside = st.names_in(start, end)
        if len(inside) != 1 or inside[0][0] != start:
            return
        known_end, known = inside[0][1], inside[0][2]
        if not known.known:
            return
        label = st.text[start:end]
        if _VERSION_AFTER.fullmatch(st.text, known_end, end):
            if known.kind == "Model" and known.family is None and not _SCORE_UNIT_AFTER.match(folded, end):
                self._place(doc, start, end, Entity(name_key(label), label, "Model", (), known.key, known=False),
                            replace=True)
            return
        words = st.text[known_end:end].split()
        kind = self.kinds.noun_kind(words[-1]) if words else None
        if (kind is None or kind == known.kind or not all(w[:1].isupper() and w[1:].islower() for w in words)
                or self.vocabulary.lookup(label) is not None):
            return
        self._place(doc, start, end, Entity(name_key(label), label, kind, (), None, known=False), replace=True)

    @staticmethod
    def _spells_out_name_before(doc: Doc, start: int) -> bool:
        """The phrase opens a bracket, right after a name, that holds the name's long form."""
        st = state(doc)
        opening = st.text[max(0, start - 2):start]
        if not re.search(r"[（(]\s?$", opening):
            return False
        inside = re.match(r"[^（()）]{2,100}(?=[)）])", st.text[start:start + 101])  # the whole bracket
        before = st.names_in(max(0, start - 40), start)
        return (inside is not None and bool(before) and before[-1][1] >= start - 3
                and _abbreviates(before[-1][2].label, inside.group()))

    def _named_here(self, folded: str, start: int, floor: int) -> bool:
        """A naming word ("名为", "called") stands right before `start`."""
        lead = folded[max(floor, start - 10):start].rstrip(" “\"'")
        return any(m.end() == len(lead) for m in self.naming.finditer(lead))

    def _quoted_names(self, doc: Doc, folded: str) -> None:
        """"“Let it Wag!”基准": a quoted or bracketed English name beside a kind noun."""
        st = state(doc)
        s_start, s_end = st.fields.get("summary", (0, 0))
        for m in BRACKETED_NAME.finditer(st.text, s_start, s_end):
            name = m.group()
            close = m.end() + 1
            kind = self.kinds.noun_after(folded, close) or self.kinds.noun_before(folded, m.start() - 1) \
                or self.kinds.noun_before(folded, m.start() - 1 - len(self._chinese_before(st.text, m.start() - 1)))
            if kind and not self._overlaps_partly(doc, m.start(), m.end()) \
                    and not is_generic(name, self.vocabulary.generic):
                span = self._place(doc, m.start(), m.end(), Entity(name_key(name), name, kind, (), None, known=False),
                                   replace=True)
                sent = st.sentence_at(m.start())
                if span is not None and self.subject.search(st.folded, sent.start_char, sent.end_char) \
                        and self.vocabulary.lookup(name) is None:
                    st.proposed.append(span)  # a name the authors coin in quotes

    def _glossed_terms(self, doc: Doc, folded: str) -> None:
        """"双重量化 (Double Quantization)", "分页优化器 (Paged Optimizers)": a Chinese term
        glossed by an English name in Title Case is a named thing, of the kind its
        Chinese head noun says (a technique when it says none)."""
        st = state(doc)
        s_start, s_end = st.fields.get("summary", (0, 0))
        text = st.text
        for m in _TITLE_CASE_GLOSS.finditer(text, s_start, s_end):
            term = self._chinese_before(text, m.start() - (text[m.start() - 1:m.start()] == " "))
            name = m["name"]
            start, end = m.start("name"), m.end("name")
            if (len(term) < 2 or self.vocabulary.lookup(name) is not None
                    or is_generic(name, self.vocabulary.generic) or st.overlaps(start, end)):
                continue
            kind = self.kinds.describes(term) or "Method"
            self._place(doc, start, end, Entity(name_key(name), name, kind, (), None, known=False))

    def _refined_glosses(self, doc: Doc) -> None:
        """"加权自洽（weighted self-consistency）", "多阶段对比学习（multi-stage contrastive
        learning）": words glossed before a known technique's name make a technique of its
        own, in that technique's family ("standard distillation" is still distillation)."""
        st = state(doc)
        s_start, s_end = st.fields.get("summary", (0, 0))
        text = st.text
        for m in _LOWER_GLOSS.finditer(text, s_start, s_end):
            zh_end = m.start() - (text[m.start() - 1:m.start()] == " ")
            zh_start = zh_end - len(self._chinese_before(text, zh_end))
            if zh_end - zh_start < 2:
                continue
            gloss, start, end = m["gloss"], m.start("gloss"), m.end("gloss")
            inside = st.names_in(start, end)
            if len(inside) != 1 or self.vocabulary.lookup(gloss) is not None:
                continue
            k_start, k_end, known = inside[0]
            modifiers = st.text[start:k_start].split()
            if (k_end != end or not modifiers or known.kind != "Method" or not known.known
                    or any(w in _PLAIN_MODIFIERS for w in modifiers)):
                continue
            entity = Entity(name_key(gloss), gloss, known.kind, (), known.key, known=False)
            if self._place(doc, start, end, entity, replace=True) is None:
                continue
            # the Chinese term is what follows the last name or joining word before the bracket:
            # "将这种过程监督与加权自洽（…）" glosses 加权自洽
            term_start = max([zh_start] + [e for _s, e, _n in st.names_in(zh_start, zh_end)])
            term_length = len(_JOINED_BEFORE_TERM.split(st.folded[term_start:zh_end])[-1])  # folded: 與 is 与
            term = text[zh_end - term_length:zh_end]
            if 2 <= len(term) <= 8:
                st.aliases.setdefault(entity.key, set()).add(term)

    def _named_glosses(self, doc: Doc, folded: str) -> None:
        """"使用被称为反思令牌 (reflection tokens) 的特殊标记": a term after a naming word is a
        name even glossed in lower case; the authors coin it when the sentence speaks for them."""
        st = state(doc)
        s_start, s_end = st.fields.get("summary", (0, 0))
        for m in self.named_gloss.finditer(folded, s_start, s_end):
            name = st.text[m.start("name"):m.end("name")].strip()
            start = m.start("name")
            end = start + len(name)
            if (not _coined_phrase(name) or self.vocabulary.lookup(name) is not None
                    or is_generic(name, self.vocabulary.generic) or st.overlaps(start, end)):
                continue
            chinese = st.text[m.start("zh"):m.end("zh")]
            entity = Entity(name_key(name), name, self.kinds.describes(chinese) or "Method", (), None, known=False)
            span = self._place(doc, start, end, entity)
            if span is not None:
                st.aliases.setdefault(entity.key, set()).add(chinese)
                sent = st.sentence_at(start)
                if self.subject.search(st.folded, sent.start_char, sent.end_char):
                    st.proposed.append(span)

    @staticmethod
    def _chinese_before(text: str, pos: int) -> str:
        m = re.search(r"[\u4e00-\u9fff]{1,12}$", text[max(0, pos - 12):pos])
        return m.group() if m else ""

    def _bracket_aliases(self, doc: Doc) -> None:
        """"Mixture-of-Agents (MoA)": the bracketed short form names the same entity."""
        st = state(doc)
        for s_start, s_end, entity in list(st.ordered_names()):  # a copy: names come and go below
            m = _BRACKET_AFTER.match(st.text, s_end)
            if entity is None or not m:
                continue
            inner = m["inner"].strip()
            i_start = m.start("inner")
            gloss = _GLOSS_THEN_SHORT.fullmatch(inner)
            if gloss and _abbreviates(gloss["short"], gloss["long"]):
                # "分组查询注意力（grouped-query attention, GQA）": an English gloss, then the
                # short form of the name before the bracket; the short form is what names it
                i_start += gloss.start("short")
                inner = gloss["short"]
            elif called := _CALLED_SHORT.fullmatch(inner):
                # "Mistral-NeMo-Minitron-8B（简称 MN-Minitron-8B）", "(aka MoA)"
                i_start += called.start("short")
                inner = called["short"]
            inside = self._span_at(doc, i_start, i_start + len(inner))
            if ((inside is None or not st.entities[inside].known) and _ACRONYM.match(entity.label)
                    and len(inner) > len(entity.label) and _SPELLED_OUT.fullmatch(inner)
                    and _abbreviates(entity.label, inner)):
                # "WARM（Weight Averaged Reward Models）": the bracket spells out the name before it
                if not entity.known:
                    st.aliases.setdefault(entity.key, set()).add(inner)
                if inside is not None:
                    st.remove(inside)  # found on its own before (its kind from the words after it)
                self._place(doc, i_start, i_start + len(inner), entity, replace=True)
                continue
            if inside is not None:
                inner_entity = st.entities[inside]
                if (not inner_entity.known and inner_entity.key != entity.key
                        and len(inner) < len(entity.label) and _ACRONYM.match(inner)
                        and any(_abbreviates(inner, n) for n in (entity.label, *entity.aliases))):
                    # "InternLM-XComposer-2.5（IXC-2.5）": the short form found on its own is this entity
                    # (but "蒸馏监督式微调（dSFT）" glosses more than the SFT before the bracket)
                    st.aliases.setdefault(entity.key, set()).add(inner)
                    st.rename(inner_entity.key, entity)
                elif (inner_entity.known and not entity.known and len(inner) < len(entity.label)
                        and _ACRONYM.match(inner) and _abbreviates(inner, entity.label)):
                    # "4 位 NormalFloat (NF4)": a new long form of a known short name is that name
                    st.aliases.setdefault(inner_entity.key, set()).add(entity.label)
                    st.rename(entity.key, inner_entity)
                elif (inner_entity.known and entity.known and inner_entity.key != entity.key
                        and inner_entity.family != entity.key and entity.family != inner_entity.key
                        and _ACRONYM.match(inner) and _abbreviates(inner, entity.label)):
                    # "grouped-query attention (GQA)": the paper defines the short form, which
                    # here names this, not the known namesake (the GQA dataset)
                    for r, e in list(st.entities.items()):
                        if e.key == inner_entity.key and st.text[r[0]:r[1]] == inner:
                            st.put(r, entity)
                continue  # already a name of its own: "Natural Questions (NQ)" was matched whole
            if not _ACRONYM.match(inner) or not any(c.isupper() for c in inner):
                continue
            if is_generic(inner, self.vocabulary.generic) or self.vocabulary.lookup(inner):
                continue
            if not entity.known:
                st.aliases.setdefault(entity.key, set()).add(singular(inner))
            st.add(i_start, i_start + len(inner), entity)

    def _other_occurrences(self, doc: Doc) -> None:
        """A name found once is marked everywhere the paper uses it."""
        st = state(doc)
        names: dict[str, Entity] = {}
        new = [entity for entity in st.entities.values() if not entity.known]
        for entity in new:
            names[entity.label] = entity
        # an alias the text gives a name ("Summary of a Haystack" … "（SummHay）") links it to that
        # name, over a name of the same spelling found on its own: aliases are written second
        for entity in new:
            for alias in sorted(st.aliases.get(entity.key, ())):
                names[alias] = entity
        for name in sorted(names, key=len, reverse=True):
            if not re.search(r"[A-Za-z0-9]", name):
                continue
            for at in occurrences(st.text, name, hyphen_before=False):
                # a longer new name wins over a known one inside it ("Octo-planner" over "Octo")
                self._place(doc, at, at + len(name), names[name], replace=True)

    # -- helpers ---------------------------------------------------------------

    def _new_entity(self, doc: Doc, folded: str, name: str, described: str | None = None,
                    hint: str | None = None) -> Entity:
        """A name nobody listed, of the kind the evidence for it says; `hint` is weak evidence
        (what the sentence's verb makes), `described` strong (a description right beside it)."""
        votes = self._kind_votes(doc, folded, name)
        if described:
            votes[described] += 2.5
        if hint:
            votes[hint] += 1
        kind_part = self._kind_from_known_part(name)
        if kind_part:
            votes[kind_part] += 1
        if _METHOD_WORDS.search(name):
            votes["Method"] += 0.5
        votes["Method"] += 0.1  # a new named thing with no other evidence is most often a method
        kind = max(sorted(votes), key=votes.__getitem__)
        return Entity(name_key(name), name, kind, (), None, known=False)

    def _kind_votes(self, doc: Doc, folded: str, name: str) -> Counter:
        """Weighted evidence for the kind of a name, from every place the paper uses it.

        The evidence is the text around each use and the known names beside it, so
        the count is remembered per paper until a known name comes or goes.
        """
        st = state(doc)
        remembered = st.memo.get(("kind_votes", name))
        if remembered is not None and remembered[0] == st.known_version:
            return Counter(remembered[1])  # a copy: callers add their own evidence
        votes = self._count_kind_votes(doc, folded, name)
        st.memo[("kind_votes", name)] = (st.known_version, votes)
        return Counter(votes)

    def _count_kind_votes(self, doc: Doc, folded: str, name: str) -> Counter:
        votes: Counter = Counter()
        text = state(doc).text
        sized = False
        for start in occurrences(text, name):
            end = start + len(name)
            sized = sized or bool(_SIZE_AFTER.match(text, end))
            described = self.kinds.described_as(folded, end)
            if described:
                votes[described] += 4
            for kind in (self.kinds.noun_after(folded, end), self.kinds.noun_before(folded, start)):
                if kind:
                    votes[kind] += 3
            # "在 SummHay 上的得分": what results are measured on is a dataset
            if _EVALUATED_BEFORE.search(folded, max(0, start - 2), start) and _EVALUATED_AFTER.match(folded, end):
                votes["Dataset"] += 2
            named = self._naming_noun_kind(folded, start)
            if named:
                votes[named] += 3
            if name[0].isalpha() and self.beaten_before.search(folded, max(0, start - 16), start):
                votes["Model"] += 1
            mate = self._list_mate_kind(doc, start, end)
            if mate:
                votes[mate] += 1.5
            counted = _COUNTED_LIST_AFTER.match(folded, end)
            if counted:
                # "DeepSpeed、Accelerate 与 FlexGen 三个主流推论系统", "VideoMMMU、VSI-Bench 等视频推理
                # 基准以及…": a list that "等" or a count and then a kind noun close
                # (the noun phrase ends where a place, a possessive or a conjunction begins)
                listed = self.kinds.describes(_PHRASE_END.split(counted["run"], 1)[0])
                if listed:
                    votes[listed] += 3
            if text.startswith(("（", "("), end):
                # "QPiSSA（4 位元量化的 PiSSA）": a bracket that says it is a kind of a known thing
                kind_of = self._bracketed_kind_of(doc, end)
                if kind_of:
                    votes[kind_of] += 3
            # (most names stand after no bracket and no comma: looked at before the call)
            if text[max(0, start - 2):start].rstrip().endswith(_GLOSS_BEFORE_ENDS):
                abbreviated = self._abbreviated_kind(doc, start)
                if abbreviated:
                    votes[abbreviated] += 4
        if sized or self._has_sibling_size(text, name):
            # "JetMoE-8B": the name comes in parameter sizes; "MAR-B、MAR-L 與 MAR-H": so does its stem
            votes["Model"] += 2
        strong, weak = self.kinds.by_shape(name, "strong"), self.kinds.by_shape(name, "weak")
        if strong:
            votes[strong] += 3.5
        if weak:
            votes[weak] += 1
        return votes

    @staticmethod
    def _has_sibling_size(text: str, name: str) -> bool:
        """A size-suffixed name whose stem the text also gives in another size.

        One "X-B" may be anything (a part, a version); two sizes of one stem are a
        model family's sizes.
        """
        variant = _SIZE_VARIANT.fullmatch(name)
        if variant is None:
            return False
        stem, size = variant["stem"], variant["size"]
        return any(m["size"] != size for m in re.finditer(
            rf"(?<![\w\-]){re.escape(stem)}-(?P<size>{_SIZE_SUFFIX})", text))

    @staticmethod
    def _bracketed_kind_of(doc: Doc, end: int) -> str | None:
        """The kind of the known name a bracket right after `end` ends with, after "的"."""
        st = state(doc)
        m = _BRACKET_OF_KNOWN.match(st.text, end)
        if m is None:
            return None
        at = st.name_starting_at(m.end())
        if at is None or not st.entities[at].known or not st.text.startswith(("）", ")"), at[1]):
            return None
        return st.entities[at].kind

    def _folded_spellings(self, entity: Entity) -> tuple[str, ...]:
        """fold() of a known entity's label and aliases, remembered: asked for the same names paper after paper."""
        spellings = self._known_spellings.get(entity.key)
        if spellings is None:
            if len(self._known_spellings) >= 100_000:
                self._known_spellings.clear()
            spellings = self._known_spellings[entity.key] = tuple(fold(n) for n in (entity.label, *entity.aliases))
        return spellings

    def _introduced_plain_word(self, folded: str, verb_end: int, start: int, word: str) -> bool:
        """"作者推出了 Moonlight，一个用 Muon 训练的……模型": a capitalised plain word right after
        the verb, described as a kind of thing right after it, is a name."""
        return (word[:1].isupper() and word[1:].islower() and word.isalpha() and len(word) > 2
                and _right_after_verb(folded, verb_end, start)
                and self.kinds.described_as(folded, start + len(word)) is not None)

    def _naming_noun_kind(self, folded: str, start: int) -> str | None:
        """"一系列开源模型，并将其命名为 X", "a model called X": the kind of the noun a naming
        word right before `start` names."""
        lead = folded[max(0, start - 24):start].rstrip(" “\"'")
        if not lead.endswith(self.naming_words):
            return None
        naming = next((m for m in self.naming.finditer(lead) if m.end() == len(lead)), None)
        if naming is None:
            return None  # "recalled"
        before = _NAMING_LEAD.sub("", lead[:naming.start()])
        return self.kinds.noun_before(before, len(before))

    @staticmethod
    def _listed_between(doc: Doc, start: int, end: int) -> str | None:
        """The kind of the names right before and after [start, end) when both are of one
        kind and enumeration commas ("、") or a conjunction join the three."""
        st = state(doc)
        near = st.neighbours(start, end, 3)
        before = [n for n in near if n[1] <= start]
        after = [n for n in near if n[0] >= end]
        if not before or not after or before[-1][2].kind != after[0][2].kind:
            return None
        if _ENUMERATED.fullmatch(st.folded, before[-1][1], start) and _ENUMERATED.fullmatch(st.folded, end, after[0][0]):
            return before[-1][2].kind
        return None

    def _list_mate_kind(self, doc: Doc, start: int, end: int) -> str | None:
        """In "RLHF、DPO、SteerLM 和 SPIN" a name is the kind of its neighbours."""
        st = state(doc)
        folded = st.folded
        for s, e, ent in st.neighbours(start, end, 8):
            # folded: "與" is "与", "And" is "and"
            if ent.known and ((0 < start - e <= 8 and _list_separator(folded, e, start))
                              or (0 < s - end <= 8 and _list_separator(folded, end, s))):
                return ent.kind
        return None

    @staticmethod
    def _abbreviated_kind(doc: Doc, start: int) -> str | None:
        """"(Sparse Mixture of Experts, SMoE) 语言模型", "蒸馏监督式微调（dSFT）": a short form
        glossed in its bracket, or glossing the Chinese term before it, is the kind of the
        known name that term ends in, whatever noun follows the bracket."""
        st = state(doc)
        m = _LONG_FORM_BEFORE.search(st.text, max(0, start - 80), start) or \
            _TERM_BEFORE.search(st.text, max(0, start - 20), start)  # "蒸馏监督式微调（dSFT）"
        if not m:
            return None
        inside = st.names_in(m.start("long"), m.end("long"))
        # the head: a known name that ends the long form ("…监督式微调" is SFT's), not one inside it
        return inside[-1][2].kind if inside and inside[-1][2].known and inside[-1][1] == m.end("long") else None

    def _kind_from_known_part(self, name: str) -> str | None:
        """"Trans-LoRA" is a method like LoRA; "JINA CLIP" a model like CLIP.

        English compounds put their head last: "LLaMA-NAS" is a search method.
        A pure function of the name, asked for the same names paper after paper: remembered.
        """
        known = self._known_part_kinds.get(name, False)
        if known is not False:
            return known
        if len(self._known_part_kinds) >= 100_000:  # bounded: a long build meets ever new names
            self._known_part_kinds.clear()
        kind = self._known_part_kinds[name] = self._first_known_part_kind(name)
        return kind

    def _first_known_part_kind(self, name: str) -> str | None:
        for part in reversed(_PART_SEPARATOR.split(name)):
            e = self.vocabulary.lookup(part) if len(part) > 2 else None
            if e is not None and e.kind in ("Model", "Method", "Dataset"):
                spellings = (e.label, *e.aliases)
                if part not in spellings and all(case_sensitive(n) for n in spellings if name_key(n) == name_key(part)):
                    continue  # "LoRA-Drop" is not built on the DROP benchmark: its spelling keeps its case
                return e.kind
        # no single part is known: the longest known beginning ("SWE-bench Lite-S" is built on SWE-bench Lite)
        for m in reversed(list(_PART_SEPARATOR.finditer(name))):
            e = self.vocabulary.lookup(name[:m.start()])
            if e is not None and e.kind in ("Model", "Method", "Dataset"):
                return e.kind
        return None

    @staticmethod
    def _overlaps_partly(doc: Doc, start: int, end: int) -> bool:
        """Overlaps a name without containing it whole."""
        return state(doc).overlaps_partly(start, end)

    @staticmethod
    def _overlaps(doc: Doc, start: int, end: int) -> bool:
        return state(doc).overlaps(start, end)

    @staticmethod
    def _span_at(doc: Doc, start: int, end: int):
        return (start, end) if (start, end) in state(doc).entities else None

    def _place(self, doc: Doc, start: int, end: int, entity: Entity, replace: bool = False):
        """Add the name; with `replace`, it wins over shorter names inside it."""
        st = state(doc)
        if replace and not st.overlaps_partly(start, end):
            # every name it overlaps lies inside it: the longer name wins
            for s, e, _ent in st.names_in(start, end):
                st.remove((s, e))
        return st.add(start, end, entity)


@Language.factory("pg_discovery", default_config={"ontology": None})
def make_name_discovery(nlp: Language, name: str, ontology: str | None):
    return NameDiscovery(ontology)
