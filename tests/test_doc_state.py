"""DocState's bookkeeping of names: the fast path for the vocabulary's names
keeps exactly what adding them one by one keeps."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from papergraph.extract.state import DocState
from papergraph.model import Entity, SourceRef

SOURCE = SourceRef("digest.md", 1)
KNOWN = Entity("lora", "LoRA", "Method", (), None, True)
NEW = Entity("foo", "Foo", "Model", (), None, False)

ranges = st.tuples(st.integers(0, 40), st.integers(0, 8)).map(lambda r: (r[0], r[0] + r[1]))
names = st.lists(st.tuples(ranges, st.booleans()), max_size=12).map(
    lambda rs: sorted(((s, e, KNOWN if known else NEW) for (s, e), known in rs), key=lambda n: n[0]))


def _state(blocked, before):
    state = DocState(SOURCE, {}, text="x" * 60, blocked=list(blocked))
    for start, end, entity in before:
        state.add(start, end, entity)
    return state


@settings(max_examples=500, deadline=None)
@given(names, st.lists(ranges, max_size=2), names.map(lambda ns: ns[:2]))
def test_names_in_text_order_are_kept_as_one_by_one(found, blocked, before):
    one_by_one, at_once = _state(blocked, before), _state(blocked, before)
    for start, end, entity in found:
        one_by_one.add(start, end, entity)
    at_once.add_in_text_order(found)
    assert at_once.entities == one_by_one.entities
    assert at_once.ordered_names() == one_by_one.ordered_names()
    assert at_once.known_version == one_by_one.known_version
    # and the bisections that later components ask still answer alike
    for start in range(0, 50, 3):
        assert at_once.overlaps(start, start + 4) == one_by_one.overlaps(start, start + 4)


# one change to the names: add a name, say what a found name is, or remove one
changes = st.lists(st.tuples(st.sampled_from(["add", "put", "remove", "look"]), ranges, st.booleans()), max_size=30)


@settings(max_examples=500, deadline=None)
@given(changes)
def test_text_order_is_kept_through_changes(steps):
    """ordered_names() and the bisections built on it are updated in place as names come
    and go, not rebuilt: after any run of changes they are what a rebuild gives."""
    state = _state([], [])
    for change, (start, end), known in steps:
        entity = KNOWN if known else NEW
        found = sorted(state.entities)
        if change == "add":
            state.add(start, end, entity)
        elif change == "put" and found:
            state.put(found[start % len(found)], entity)
        elif change == "remove" and found:
            state.remove(found[start % len(found)])
        elif change == "look":
            state.ordered_names()  # from here on, the kept lists are changed in place
        rebuilt = [(s, e, state.entities[(s, e)]) for s, e in sorted(state.entities)]
        assert state.ordered_names() == rebuilt
        assert state.neighbours(start, end, 5) == ([n for n in rebuilt if start - 5 <= n[1] < start]
                                                 + [n for n in rebuilt if end < n[0] <= end + 5])
        assert state.names_in(start, end + 8) == [n for n in rebuilt if start <= n[0] and n[1] <= end + 8]
