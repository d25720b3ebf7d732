"""Blind indexes: find a subject by an identifier without storing the identifier.

A token is HMAC-SHA256 under the blind-index key (separate from every KEK) over the identifier's
*kind* and its *normalised* value, truncated to 128 bits and hex-encoded. Putting the kind into the
HMAC input separates the kinds: an NHS number and a CHI number with the same digits give
different tokens.

What a token leaks: **equality**. Two rows with the same token hold the same normalised identifier,
so anyone who reads the lookup table learns which records share a name, a date of birth or an NHS
number, and how often a value occurs (frequency analysis). Without the key nothing else is
learnt: HMAC is a pseudo-random function, so tokens cannot be brute-forced offline. *With* the key,
low-entropy kinds are easy to reverse by enumeration (about 40,000 plausible dates of birth; names
from a dictionary), so prefer high-entropy kinds (NHS, CHI, NI numbers, email) and the combined
name + date of birth over a date of birth alone. A token is pseudonymous personal data: delete its
rows when the subject is erased. Never put tokens in events.

Normalising deliberately merges variants ("  Jane  SMITH", "jane smith", "Jané Smith"), so a
lookup can match more than one person: a match is a candidate for a human to confirm. Shape checks
reject garbage; check digits are validated where identifiers are entered, not here.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from collections.abc import Callable
from datetime import date
from enum import StrEnum

from adapters.crypto import encoding
from adapters.crypto.errors import IdentifierFormatError

_LABEL = b"reviewtrail/blind-index/v1"
TOKEN_BYTES = 16
MIN_KEY_BYTES = 32
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TEN_DIGITS = re.compile(r"[0-9]{10}")
# Apostrophes sit inside names (O'Brien), so they are dropped rather than read as word breaks.
_DROP_APOSTROPHES = dict.fromkeys(map(ord, "'\u2018\u2019\u02bc\u0060\u00b4\uff07"))
# National Insurance number: two letters, six digits, optional suffix A-D (dropped, see below).
_NI_NUMBER = re.compile(r"([A-Z]{2}[0-9]{6})[A-D]?")


class IdentifierKind(StrEnum):
    """Kinds of identifier that can be indexed. Values are hashed into tokens: never rename."""

    NAME = "name"
    DATE_OF_BIRTH = "date-of-birth"
    NAME_AND_DATE_OF_BIRTH = "name+date-of-birth"
    NHS_NUMBER = "nhs-number"
    CHI_NUMBER = "chi-number"
    NI_NUMBER = "ni-number"
    EMAIL = "email"


def blind_index(key: bytes, kind: IdentifierKind, value: str) -> str:
    """The token of `value` as an identifier of `kind` (32 hex characters).

    Raises IdentifierFormatError if `value` does not have the shape of `kind`; ValueError for a
    key shorter than 32 bytes or for NAME_AND_DATE_OF_BIRTH (use `name_and_dob_index`).
    """
    if kind is IdentifierKind.NAME_AND_DATE_OF_BIRTH:
        raise ValueError("use name_and_dob_index for the combined index")
    return _token(key, kind, normalise(kind, value))


def name_and_dob_index(key: bytes, name: str, date_of_birth: date | str) -> str:
    """The combined token of a name and a date of birth; more selective than either alone."""
    dob = date_of_birth.isoformat() if isinstance(date_of_birth, date) else date_of_birth
    return _token(
        key,
        IdentifierKind.NAME_AND_DATE_OF_BIRTH,
        normalise(IdentifierKind.NAME, name),
        normalise(IdentifierKind.DATE_OF_BIRTH, dob),
    )


def normalise(kind: IdentifierKind, value: str) -> str:
    """The canonical form of `value` that is hashed. Raises IdentifierFormatError."""
    normaliser = _NORMALISERS.get(kind)
    if normaliser is None:
        raise ValueError(f"{kind} has no single-value normal form")
    return normaliser(value)


def normalise_name(value: str) -> str:
    """Casefold, strip Latin/Greek/Cyrillic accents, drop punctuation, collapse whitespace.

    Apostrophes vanish ("O'Brien" is "obrien"); other punctuation and symbols separate words
    ("Smith-Jones, Mary" is "smith jones mary"). Only marks from U+0300-U+036F are stripped:
    combining signs of other scripts (Devanagari vowel signs, for example) change the name and
    are kept.
    """
    # Apostrophes go before NFKD too, which turns U+00B4 ACUTE ACCENT into a space and a mark.
    decomposed = _caseless(value.translate(_DROP_APOSTROPHES))
    kept = "".join(_name_char(ch) for ch in decomposed)
    name = " ".join(unicodedata.normalize("NFC", kept).split())
    if not name:
        raise IdentifierFormatError("a name needs at least one letter or digit")
    return name


def _caseless(value: str) -> str:
    # Unicode's compatibility caseless matching (D145): casefolding alone is not idempotent
    # across compatibility characters such as U+2103 DEGREE CELSIUS.
    nfkd = unicodedata.normalize
    return nfkd("NFKD", nfkd("NFKD", nfkd("NFD", value).casefold()).casefold())


def _name_char(ch: str) -> str:
    if "\u0300" <= ch <= "\u036f" or ord(ch) in _DROP_APOSTROPHES:
        return ""
    category = unicodedata.category(ch)
    if ch.isspace() or category[0] in "PS":
        return " "
    return "" if category[0] == "C" else ch


def normalise_date_of_birth(value: str) -> str:
    """A calendar date written YYYY-MM-DD (surrounding spaces ignored)."""
    text = _nfkc(value).strip()
    if not _ISO_DATE.fullmatch(text):
        raise IdentifierFormatError("a date of birth is written YYYY-MM-DD")
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise IdentifierFormatError("a date of birth must be a real date") from None


def normalise_ten_digits(value: str) -> str:
    """NHS and CHI numbers: ten digits once spaces and hyphens are removed."""
    digits = "".join(_nfkc(value).split()).replace("-", "")
    if not _TEN_DIGITS.fullmatch(digits):
        raise IdentifierFormatError("NHS and CHI numbers have ten digits")
    return digits


def normalise_ni_number(value: str) -> str:
    """Uppercase without spaces; the A-D suffix is dropped because records often omit it."""
    match = _NI_NUMBER.fullmatch("".join(_nfkc(value).split()).upper())
    if match is None:
        raise IdentifierFormatError("a National Insurance number is like QQ 12 34 56 C")
    return match.group(1)


def normalise_email(value: str) -> str:
    """Casefolded and trimmed; needs a non-empty local part and domain."""
    email = _nfkc(value).strip().casefold()
    local, at, domain = email.rpartition("@")
    if not (local and at and domain and email.isprintable()) or " " in email:
        raise IdentifierFormatError("an email address is like name@example.org")
    return email


_NORMALISERS: dict[IdentifierKind, Callable[[str], str]] = {
    IdentifierKind.NAME: normalise_name,
    IdentifierKind.DATE_OF_BIRTH: normalise_date_of_birth,
    IdentifierKind.NHS_NUMBER: normalise_ten_digits,
    IdentifierKind.CHI_NUMBER: normalise_ten_digits,
    IdentifierKind.NI_NUMBER: normalise_ni_number,
    IdentifierKind.EMAIL: normalise_email,
}


def _nfkc(value: str) -> str:
    # Folds look-alikes such as full-width digits and letters into ASCII.
    return unicodedata.normalize("NFKC", value)


def _token(key: bytes, kind: IdentifierKind, *parts: str) -> str:
    if len(key) < MIN_KEY_BYTES:
        raise ValueError(f"a blind-index key has at least {MIN_KEY_BYTES} bytes")
    message = encoding.canonical(
        _LABEL, encoding.text(kind.value), *(encoding.text(p) for p in parts)
    )
    return hmac.new(key, message, hashlib.sha256).digest()[:TOKEN_BYTES].hex()
