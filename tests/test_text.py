"""Folding: one matching form for every spelling, the same length as the text.

fold() folds a short text with one str.translate whose table fills itself the
first time it meets a character, and a long one through an array of folded
code points; these properties hold both to the definition, character by
character, on the characters where folding is subtle.
"""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from papergraph.text import CJK, _fold_char, detect_script, fold, mainland_words, to_simplified

# Characters where folding is subtle: the Greek final sigma rule of
# str.lower(), "İ" (lower-cased to two characters), full-width and other
# compatibility forms, Traditional characters, Taiwan words.
TRICKY = "ΣσςΑΒ İiI ＡＢｃ１２　ﬁ㎏①ⅨABCabc123 中文繁體機器學習與評測。，：-資料效能網路程式"


def per_character(text: str) -> str:
    return "".join(_fold_char(ch) for ch in mainland_words(to_simplified(text)))


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(TRICKY), max_size=150) | st.text(max_size=150))
def test_fold_is_the_per_character_fold_and_keeps_the_length(text):
    folded = fold(text)
    assert folded == per_character(text)
    assert len(folded) == len(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(TRICKY) | st.characters(codec=None), min_size=65, max_size=300)
       | st.text(alphabet=st.sampled_from(TRICKY + "\ud800\udfff\U0001d400\U0001f600"), min_size=65, max_size=300))
def test_long_texts_fold_through_the_array_as_character_by_character(text):
    # over 64 characters (no short-text cache): lone surrogates and characters
    # beyond the BMP (mathematical letters fold to ASCII, emoji stay) included
    folded = fold(text)
    assert folded == per_character(text)
    assert len(folded) == len(text)


def test_fold_maps_both_scripts_and_widths_to_one_form():
    assert fold("ＧＰＴ－４ 機器學習") == fold("gpt-4 机器学习") == "gpt-4 机器学习"
    assert fold("ΟΔΟΣ") == "οδοσ"  # no final-sigma form: every σ matches alike
    # Taiwan words fold to the mainland words: one vocabulary and one set of cue words for both
    assert fold("四個資料集的效能") == fold("四个数据集的性能") == "四个数据集的性能"
    assert fold("我們釋出了模型") == fold("我们发布了模型")  # 釋出: Taiwan usage for 发布 (release)
    assert fold("類比推理與序列推薦") == "类比推理与序列推荐"  # words both sides share stay as they are
    assert fold("x" * 100 + "ΟΔΟΣ") == "x" * 100 + "οδοσ"  # long texts too (no short-text cache)


def _script_by_definition(text: str) -> str:
    """The script rule spelled out: count the Chinese characters each conversion changes."""
    import opencc

    han = "".join(ch for ch in text if CJK.match(ch))
    if len(han) < 2:
        return "en"
    to_s = sum(a != b for a, b in zip(han, opencc.OpenCC("t2s").convert(han)))
    to_t = sum(a != b for a, b in zip(han, opencc.OpenCC("s2t").convert(han)))
    return "zh-Hant" if to_s > to_t else "zh-Hans"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("機器學習與評測机器学习与评测大型語言模型 abc,。"), max_size=40))
def test_detect_script_follows_its_rule(text):
    assert detect_script(text) == _script_by_definition(text)


def test_detect_script_tells_the_scripts_apart():
    assert detect_script("我们提出了一种检索增强生成方法") == "zh-Hans"
    assert detect_script("我們提出了一種檢索增強生成方法") == "zh-Hant"
    assert detect_script("We propose LongRAG 中") == "en"  # one Chinese character is not a script
