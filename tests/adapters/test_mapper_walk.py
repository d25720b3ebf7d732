"""Opening sealed fields in place (``open_in_place``, the read path) visits the same leaves at the
same JSON pointers as ``walk`` (the write path), and leaves everything else as it was."""

from __future__ import annotations

import copy
from typing import Any
from uuid import UUID

from hypothesis import given
from hypothesis import strategies as st

from adapters.crypto.mapper import SealedPersonal, open_in_place, walk
from domain.personal import Category

SEALED = st.builds(
    SealedPersonal,
    subject_id=st.uuids(),
    category=st.sampled_from(list(Category)),
    key_version=st.integers(1, 5),
    ciphertext=st.binary(max_size=8),
)
LEAF = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=5), SEALED)
KEYS = st.text(alphabet="ab/~0", max_size=4)  # "/" and "~" must be escaped in pointers
STATE = st.dictionaries(
    KEYS,
    st.recursive(
        LEAF,
        lambda children: st.one_of(
            st.lists(children, max_size=4),
            st.lists(children, max_size=3).map(tuple),
            st.dictionaries(KEYS, children, max_size=4),
        ),
        max_leaves=20,
    ),
    max_size=5,
)


def opened(leaf: Any, path: str) -> Any:
    return ("opened", path, leaf.subject_id) if isinstance(leaf, SealedPersonal) else leaf


@given(STATE)
def test_opening_in_place_equals_walking(state: dict[str, Any]) -> None:
    expected = walk(copy.deepcopy(state), "", opened)
    in_place = copy.deepcopy(state)
    open_in_place(in_place, "", opened)
    assert in_place == expected
    assert _types(in_place) == _types(expected)  # a list stays a list, a tuple a tuple


def test_a_nested_field_is_opened_at_its_pointer() -> None:
    leaf = SealedPersonal(UUID(int=1), next(iter(Category)), 1, b"x")
    state: dict[str, Any] = {"people": [{"a/b": leaf}, ("k", leaf)], "n": 1}
    open_in_place(state, "", opened)
    assert state == {
        "people": [
            {"a/b": ("opened", "/people/0/a~1b", UUID(int=1))},
            ("k", ("opened", "/people/1/1", UUID(int=1))),
        ],
        "n": 1,
    }


def _types(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _types(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return (type(value).__name__, [_types(v) for v in value])
    return type(value).__name__
