"""Text folding shared by readers and extraction.

Chinese digests come in two scripts; names come in many spellings. Folding
maps all of them onto one form *without changing string length*, so offsets
found in folded text point at the same characters in the original.
"""
from __future__ import annotations

import operator
import re
import unicodedata
from functools import lru_cache

import numpy
import opencc

_T2S = opencc.OpenCC("t2s")
_S2T = opencc.OpenCC("s2t")
# Taiwan words for what mainland digests write otherwise, each of the same length, in
# Simplified script (script conversion keeps the Taiwan word: 資料集 becomes 资料集).
# Folded to the mainland word so one vocabulary and one set of cue words serve both.
# A hand list: OpenCC's own Taiwan phrase table (tw2sp) is for computing manuals and
# misreads research text (序列 -> 串行, 查询 -> 查找, 类比 -> 模拟).
_MAINLAND_WORDS = (("资料", "数据"), ("效能", "性能"), ("网路", "网络"), ("软体", "软件"), ("硬体", "硬件"),
                   ("影片", "视频"), ("资讯", "信息"), ("模组", "模块"), ("智慧", "智能"), ("品质", "质量"),
                   ("预设", "默认"), ("程式", "程序"), ("释出", "发布"), ("建构", "构建"))

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CJK_RUN = re.compile(CJK.pattern + "+")


@lru_cache(maxsize=65536)
def _fold_char(ch: str) -> str:
    """NFKC + lower-case of one character, kept only if it stays one character."""
    n = unicodedata.normalize("NFKC", ch)
    if len(n) != 1:
        return ch
    low = n.lower()
    return low if len(low) == 1 else n


def to_simplified(text: str) -> str:
    """Traditional -> Simplified Chinese, guaranteed to keep the length.

    OpenCC converts phrase by phrase; the rare phrase whose conversion changes
    length is converted again character by character instead.
    """
    if not CJK.search(text):
        return text
    try:
        out = _T2S.convert(text)
    except UnicodeEncodeError:  # a lone surrogate (OpenCC takes UTF-8): the characters one by one
        return "".join(_t2s_char(ch) for ch in text)
    if len(out) == len(text):
        return out
    return "".join(_t2s_char(ch) for ch in text)


def _t2s_char(ch: str) -> str:
    if "\ud800" <= ch <= "\udfff":
        return ch
    c = _T2S.convert(ch)
    return c if len(c) == 1 else ch


_MAINLAND = dict(_MAINLAND_WORDS)
_TAIWAN_WORD = re.compile("|".join(_MAINLAND))  # one scan of the text, not one per word


def mainland_words(simplified: str) -> str:
    """Taiwan words (in Simplified script) as the mainland words of the same length: 资料集 -> 数据集."""
    if _TAIWAN_WORD.search(simplified) is None:
        return simplified
    return _TAIWAN_WORD.sub(lambda m: _MAINLAND[m.group()], simplified)


def to_traditional(text: str) -> str:
    return _S2T.convert(text)


class _FoldTable(dict):
    """Code point -> folded character, filled the first time str.translate meets one."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code))
        return folded


_FOLD_TABLE = _FoldTable()
_SHORT_FOLDS: dict[str, str] = {}  # names and cue words are folded again and again
_SHORT = 64


@lru_cache(maxsize=1)
def _bmp_fold_codes() -> numpy.ndarray:
    """Code point -> folded code point for the Basic Multilingual Plane, where digests'
    text lives: one array lookup per character instead of a dict lookup (about 40 ms, once)."""
    return numpy.array([ord(_fold_char(chr(code))) for code in range(0x10000)], dtype=numpy.uint32)


def _fold_long(text: str) -> str:
    # Through UTF-32, where each character is one array item: a summary folds in a
    # third of the time str.translate takes with a dict. Text outside the BMP
    # (emoji, rare Han) takes the translate table, with the same answers.
    if text.isascii():
        return text.lower()  # NFKC keeps ASCII as it is: the fold is the lower case
    codes = numpy.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=numpy.uint32)
    if codes.max() >= 0x10000:
        return text.translate(_FOLD_TABLE)
    return _bmp_fold_codes()[codes].tobytes().decode("utf-32-le", "surrogatepass")


def fold(text: str) -> str:
    """Simplified script (and mainland words), half width, lower case: the matching form, same length.

    Each character is folded once (_fold_char) and remembered: short texts
    through str.translate, long ones through an array of the whole BMP.
    """
    short = len(text) <= _SHORT
    if short:
        known = _SHORT_FOLDS.get(text)
        if known is not None:
            return known
    simplified = mainland_words(to_simplified(text))
    folded = simplified.translate(_FOLD_TABLE) if short else _fold_long(simplified)
    if short:
        if len(_SHORT_FOLDS) >= 200_000:  # bounded: a long build meets ever new names
            _SHORT_FOLDS.clear()
        _SHORT_FOLDS[text] = folded
    return folded


_DROP = re.compile(r"[\s\-_.·・]+")


@lru_cache(maxsize=1 << 17)  # the same names are keyed again and again across papers
def name_key(name: str) -> str:
    """The identity of a name: folded, without spaces, hyphens, dots, underscores.

    "GPT-4 Turbo", "GPT-4-Turbo" and "gpt4turbo" share one key, as do the
    Traditional and Simplified spellings of a Chinese name.
    """
    return _DROP.sub("", fold(unicodedata.normalize("NFKC", name)))


def detect_script(text: str) -> str:
    """zh-Hant, zh-Hans or en, by which script the Chinese characters are in."""
    sample = "".join(_CJK_RUN.findall(text))
    if len(sample) < 2:
        return "en"
    # Characters shared by both scripts convert to themselves; what is left
    # over tells the script. Ties (no distinctive characters) read as Simplified,
    # so a text with no Traditional character needs no second conversion.
    to_s = sum(map(operator.ne, sample, _T2S.convert(sample)))  # map stops at the shorter, as zip does
    if not to_s:
        return "zh-Hans"
    to_t = sum(map(operator.ne, sample, _S2T.convert(sample)))
    return "zh-Hant" if to_s > to_t else "zh-Hans"


_SLUG_DROP = re.compile(r"[^0-9a-z\u3400-\u9fff]+")


def slugify(label: str) -> str:
    """A readable, IRI-friendly id part: "GPT-4 Turbo" -> "gpt-4-turbo"."""
    s = fold(unicodedata.normalize("NFKC", label))
    s = s.replace("+", "-plus").replace("&", "-and-")
    return _SLUG_DROP.sub("-", s).strip("-") or "x"
