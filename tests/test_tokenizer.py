"""The script-aware tokenizer: name boundaries are token boundaries, and the
Doc gives back the text exactly, with spaCy's whitespace convention."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.vocab import Vocab

from papergraph.extract.tokenizer import ScriptAwareTokenizer

tokenize = ScriptAwareTokenizer(Vocab())


def test_latin_runs_are_one_token_and_han_characters_one_each():
    doc = tokenize("使用LoRA微调 QLoRA, GPT-4")
    assert [t.text for t in doc] == ["使", "用", "LoRA", "微", "调", "QLoRA", ",", "GPT", "-", "4"]
    assert [t.whitespace_ for t in doc] == ["", "", "", "", " ", "", " ", "", "", ""]


def test_whitespace_runs_are_tokens_and_one_space_rides_on_the_word():
    doc = tokenize("a  b\n c\t")
    assert [(t.text, t.whitespace_) for t in doc] == [("a", " "), (" ", ""), ("b", ""), ("\n ", ""),
                                                    ("c", ""), ("\t", "")]


def test_empty_text():
    assert len(tokenize("")) == 0


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab1 \n\t\u3000中文。,-ＡＢ１"), max_size=60) | st.text(max_size=60))
def test_the_doc_is_the_text_and_only_whitespace_tokens_hold_whitespace(text):
    doc = tokenize(text)
    assert doc.text == text
    for token in doc:
        assert token.whitespace_ in ("", " ")
        assert token.text.isspace() or not any(ch.isspace() for ch in token.text)
        if token.text.isspace():
            assert token.whitespace_ == ""  # a run takes all of its whitespace


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet=st.sampled_from("aZ9 \n\t\u3000\x1c\x85中文。,-ＡＢ１ｚ"), max_size=60) | st.text(max_size=60))
def test_runs_split_into_the_tokens_of_one_token_per_match(text):
    # the run-by-run scan is a speed-up of TOKEN: it must find exactly its tokens
    from papergraph.extract.tokenizer import TOKEN, tokens

    words, spaces = tokens(text)
    assert list(zip(words, spaces)) == TOKEN.findall(text)
