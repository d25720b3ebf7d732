"""Personal data inside events: the `Personal` value and its categories.

Every field that holds personal data, in any event, is a `Personal`: the data subject it is about,
the category it belongs to, and the plaintext value. The value exists in memory only; adapters
encrypt it under a key per (subject, category) before it is stored.

When the value cannot be shown, a `Personal` is a *typed placeholder* instead of an exception:
``Personal.erased(...)`` after crypto-shredding and ``p.redacted()`` for third-party data in a
subject-access export. Both keep the subject and category, have ``value is None`` and render as a
fixed text (`display`).

`repr()` and `str()` never contain the plaintext, so a `Personal` that reaches a log line, an
exception message or a traceback with locals leaks nothing but its subject id and category.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID

__all__ = ["Category", "Personal", "Withheld", "personal_fields"]


class Category(StrEnum):
    """What kind of personal data a field holds; retention can erase one category and keep others.

    The values are stored (key rows, associated data of ciphertexts), so never rename them.
    """

    IDENTITY = "identity"
    """Names, dates of birth, national identifiers (NHS, CHI, NI numbers)."""
    CONTACT = "contact"
    """Addresses, telephone numbers, email addresses."""
    HEALTH = "health"
    """Physical or mental health, disability, care received (UK GDPR Art. 9)."""
    SPECIAL = "special"
    """Other special category data: ethnicity, religion, sexuality (UK GDPR Art. 9)."""
    CRIMINAL = "criminal"
    """Criminal offences, allegations and proceedings (UK GDPR Art. 10)."""
    NARRATIVE = "narrative"
    """Free text about a person: chronology entries, practitioner accounts, family views."""
    OPINION = "opinion"
    """A professional opinion or assessment about a person, which is their personal data too."""


class Withheld(StrEnum):
    """Why a `Personal` carries no value; the enum value is the text shown in its place."""

    ERASED = "[erased]"
    """The subject's key was destroyed (crypto-shredding): the value is gone for good."""
    THIRD_PARTY = "[third-party data]"
    """The value is about someone other than the requester of a disclosure."""


@dataclass(frozen=True, slots=True, repr=False)
class Personal:
    """One personal-data value about `subject_id`, or a placeholder when `withheld` says why not.

    Raises ValueError when a value is given together with a `withheld` reason, or when neither is.
    """

    subject_id: UUID
    category: Category
    value: str | None
    withheld: Withheld | None = None

    def __post_init__(self) -> None:
        if (self.value is None) == (self.withheld is None):
            raise ValueError("a Personal holds either a value or a withheld reason, not both")

    @classmethod
    def erased(cls, subject_id: UUID, category: Category) -> Personal:
        """The placeholder read back once the subject's key for `category` has been destroyed."""
        return cls(subject_id, category, None, Withheld.ERASED)

    def redacted(self) -> Personal:
        """This field as a third-party placeholder, for disclosures to someone it is not about."""
        return Personal(self.subject_id, self.category, None, Withheld.THIRD_PARTY)

    @property
    def is_erased(self) -> bool:
        """True when the value was crypto-shredded."""
        return self.withheld is Withheld.ERASED

    @property
    def is_redacted(self) -> bool:
        """True when the value is withheld as third-party data."""
        return self.withheld is Withheld.THIRD_PARTY

    @property
    def display(self) -> str:
        """The text to show a reader entitled to it: the value, or the placeholder text."""
        if self.value is not None:
            return self.value
        assert self.withheld is not None  # __post_init__ guarantees one of the two
        return self.withheld.value

    def __repr__(self) -> str:
        shown = self.withheld.value if self.withheld is not None else "<hidden>"
        return (
            f"Personal(subject_id={self.subject_id}, category={self.category.value}, value={shown})"
        )

    def __str__(self) -> str:
        # Text formatting (f-strings, %-logging) must be as safe as repr; use `display` to show it.
        return self.withheld.value if self.withheld is not None else "[personal data]"


def personal_fields(value: object, path: str = "") -> Iterator[tuple[str, Personal]]:
    """Every ``Personal`` inside ``value`` (dicts, lists, tuples), with its JSON-pointer path."""
    if isinstance(value, Personal):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            token = str(key).replace("~", "~0").replace("/", "~1")
            yield from personal_fields(item, f"{path}/{token}")
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from personal_fields(item, f"{path}/{index}")
