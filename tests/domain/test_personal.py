from __future__ import annotations

import dataclasses
import logging
import traceback
from uuid import UUID

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.personal import Category, Personal, Withheld

SUBJECT = UUID("5f0c2a52-8c1e-4d7b-9a51-0f3f2b6c9d11")
# Uppercase and a marker no repr template contains, so a hit can only be the value leaking.
CANARY = "QZX-CANARY-Jane Smith, DOB 2011-03-04"

canaries = st.text().map(lambda s: f"QZX{s}")


def a_personal(value: str = CANARY, category: Category = Category.HEALTH) -> Personal:
    return Personal(SUBJECT, category, value)


def test_personal_displays_its_value() -> None:
    assert a_personal("Jane Smith").display == "Jane Smith"


@given(canaries)
def test_repr_never_contains_the_value(value: str) -> None:
    assert "QZX" not in repr(a_personal(value))


@given(canaries)
def test_str_never_contains_the_value(value: str) -> None:
    assert "QZX" not in str(a_personal(value))


def test_repr_names_subject_and_category() -> None:
    assert repr(a_personal()) == f"Personal(subject_id={SUBJECT}, category=health, value=<hidden>)"


def test_formatted_log_message_hides_the_value(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO):
        logging.getLogger("reviewtrail.test").info("recorded %s / %r / %s", *[a_personal()] * 3)
    assert "QZX" not in caplog.text


def test_value_in_a_container_or_exception_is_hidden() -> None:
    error = ValueError("bad field", {"name": a_personal()}, [a_personal()])
    assert "QZX" not in str(error)
    assert "QZX" not in repr(error)


def test_traceback_with_captured_locals_hides_the_value() -> None:
    def fail(personal: Personal) -> None:
        raise RuntimeError(f"could not record {personal}")

    try:
        fail(a_personal())
    except RuntimeError as exc:
        report = "".join(
            traceback.TracebackException.from_exception(exc, capture_locals=True).format()
        )
    assert "personal = Personal(" in report
    assert "QZX" not in report


def test_empty_string_is_a_value_not_a_placeholder() -> None:
    empty = a_personal("")
    assert (empty.display, empty.is_erased, empty.is_redacted) == ("", False, False)


def test_erased_placeholder_has_no_value_and_displays_erased() -> None:
    erased = Personal.erased(SUBJECT, Category.IDENTITY)
    assert (erased.value, erased.display, erased.is_erased) == (None, "[erased]", True)


def test_erased_placeholder_keeps_subject_and_category() -> None:
    erased = Personal.erased(SUBJECT, Category.OPINION)
    assert (erased.subject_id, erased.category) == (SUBJECT, Category.OPINION)


def test_erased_placeholder_shows_erased_in_repr_and_str() -> None:
    erased = Personal.erased(SUBJECT, Category.CONTACT)
    assert "value=[erased]" in repr(erased)
    assert str(erased) == "[erased]"


def test_redacted_value_is_a_third_party_placeholder() -> None:
    redacted = a_personal().redacted()
    assert (redacted.value, redacted.display) == (None, "[third-party data]")
    assert (redacted.is_redacted, redacted.is_erased) == (True, False)


def test_redacted_value_keeps_subject_and_category() -> None:
    redacted = a_personal(category=Category.NARRATIVE).redacted()
    assert (redacted.subject_id, redacted.category) == (SUBJECT, Category.NARRATIVE)


def test_value_with_a_withheld_reason_is_refused() -> None:
    with pytest.raises(ValueError, match="either a value or a withheld reason"):
        Personal(SUBJECT, Category.HEALTH, "x", Withheld.ERASED)


def test_no_value_without_a_withheld_reason_is_refused() -> None:
    with pytest.raises(ValueError, match="either a value or a withheld reason"):
        Personal(SUBJECT, Category.HEALTH, None)


def test_personal_is_immutable() -> None:
    personal = a_personal()
    with pytest.raises(dataclasses.FrozenInstanceError):
        personal.value = "changed"  # type: ignore[misc]


def test_personals_with_equal_fields_are_equal_and_hash_alike() -> None:
    assert a_personal("x") == a_personal("x")
    assert hash(a_personal("x")) == hash(a_personal("x"))
    assert a_personal("x") != a_personal("y")


def test_category_values_are_the_stored_strings() -> None:
    # These strings are bound into stored ciphertexts and key rows: renaming one breaks decryption.
    assert {c.value for c in Category} >= {"identity", "contact", "health", "narrative", "opinion"}
    assert Category("opinion") is Category.OPINION
