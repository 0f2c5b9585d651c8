"""The vocabulary pass: leftmost-longest names at word boundaries.

Gazetteer.find rules most hits in or out without calling _boundary_end (a
speed-up on the hot path); these properties hold it to the plain rule: every
hit whose ends are letters or digits checked by _boundary_end.
"""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from papergraph.extract.gazetteer import Gazetteer
from papergraph.knowledge import load_knowledge
from papergraph.text import fold

GAZETTEER = Gazetteer(load_knowledge().vocabulary)


def plain_find(gazetteer: Gazetteer, text: str) -> list[tuple[int, int, str]]:
    candidates = []
    for end_index, (length, alnum_first, alnum_last, owner, owners) in gazetteer.automaton.iter(fold(text)):
        start, end = end_index - length + 1, end_index + 1
        if alnum_first or alnum_last:
            end = gazetteer._boundary_end(text, start, end)
            if end is None:
                continue
        key = owner or gazetteer._owner(text[start:end_index + 1], owners)
        if key is not None:
            candidates.append((start, start - end, len(candidates), end, key))
    chosen, last_end = [], -1
    for start, _minus_length, _order, end, key in sorted(candidates):
        if start >= last_end:
            chosen.append((start, end, key))
            last_end = end
    return chosen


# pieces that make hits at and across word boundaries: names, plurals, versions,
# compounds, variants, full-width letters, Chinese around them
PIECES = ["LoRA", "QLoRA", "RAG", "Self-RAG", "EM", "SYSTEM", "GPT-4", "GPT-4o", "Turbo", "Llama-3", "Instruct",
          "LLaMA", "Transformers", "s", "S", "-", ".", "5", "2.5", " ", "  ", "\n", "，", "使用", "微调", "检索增强生成",
          "ＲＡＧ", "BERT", ".5", "-Instruct", "in", "storage", "NQ", "HotpotQA", "MMLU", "em", "-Drop", "70B", "(", ")", "x"]


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=14).map("".join))
def test_find_is_the_plain_boundary_rule(text):
    assert GAZETTEER.find(text) == plain_find(GAZETTEER, text)


def test_names_stand_alone_in_either_script():
    text = "使用LoRA微调 QLoRA, Self-RAG 与 RAG；SYSTEM 的 EM 达到 62.7"
    found = {(text[s:e], s) for s, e, _key in GAZETTEER.find(text)}
    assert ("LoRA", text.index("LoRA")) in found  # glued to Chinese: still a name
    assert ("RAG", text.index(" RAG") + 1) in found and ("EM", text.index(" EM") + 1) in found
    assert ("LoRA", text.index("QLoRA") + 1) not in found  # not inside a longer word
    assert ("RAG", text.index("Self-RAG") + 5) not in found  # not the tail of a hyphenated compound
    assert ("EM", text.index("SYSTEM") + 4) not in found


def test_a_name_joining_chinese_and_latin_is_found_with_or_without_a_space():
    # the vocabulary writes "扩散Transformer" (DiT); digests write it both ways
    spaced, glued = "一种扩散 Transformer 模型", "一种扩散Transformer模型"
    assert [key for _s, _e, key in GAZETTEER.find(spaced)] == [key for _s, _e, key in GAZETTEER.find(glued)] == ["dit"]


def test_a_spaced_chinese_latin_name_is_found_glued_too():
    # the vocabulary writes "top-k 采样"
    assert [key for _s, _e, key in GAZETTEER.find("我们利用top-k采样提升了多样性")] == \
        [key for _s, _e, key in GAZETTEER.find("我们利用 top-k 采样 提升了多样性")] != []


def test_a_name_cased_inside_is_not_the_everyday_word_it_spells():
    """"QuALITY" and "ReAct" are names; "quality", "Quality" and "react" are words."""
    vocabulary = load_knowledge().vocabulary
    text = "Quality matters: agents react to the quality of QuALITY and ReAct answers, QUALITY too."
    found = {text[s:e]: key for s, e, key in GAZETTEER.find(text)}
    assert found["QuALITY"] == found["QUALITY"] == vocabulary.lookup("QuALITY").key
    assert found["ReAct"] == vocabulary.lookup("ReAct").key
    assert not {"Quality", "quality", "react"} & set(found)


def test_a_name_with_a_plain_spelling_is_found_in_that_spelling_too():
    # "Llama" is how the family is written now, "LLaMA" the first paper's spelling
    key = load_knowledge().vocabulary.lookup("LLaMA").key
    assert [k for _s, _e, k in GAZETTEER.find("我们使用 Llama 与 LLaMA 模型。")] == [key, key]


def test_an_acronyms_phrase_keeps_the_acronyms_case():
    from papergraph.extract.gazetteer import case_sensitive
    assert case_sensitive("MATH benchmark")  # "math benchmarks" are any benchmarks of maths
    assert not case_sensitive("text embedding")  # a short plain word is no acronym
    assert not case_sensitive("Massive Text Embedding Benchmark")
