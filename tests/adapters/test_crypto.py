from __future__ import annotations

import dataclasses
import json
import stat
import threading
from collections.abc import Collection
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import pytest
from eventsourcing.domain import Aggregate, event
from eventsourcing.persistence import DatetimeAsISO, JSONTranscoder, UUIDAsHex
from hypothesis import example, given
from hypothesis import strategies as st

from adapters.crypto import (
    DataKeyCache,
    DataKeyUnwrapError,
    FieldContext,
    FieldTamperedError,
    IdentifierFormatError,
    IdentifierKind,
    KeyContext,
    KeyFileError,
    KeyRing,
    UnknownKeyVersionError,
    blind_index,
    decrypt_field,
    encoding,
    encrypt_field,
    generate_development_keyfile,
    load_keyring,
    name_and_dob_index,
    new_data_key,
    rewrap,
    unwrap,
    wrap,
    wrapped_kek_version,
    write_keyfile,
)
from adapters.crypto.blind_index import normalise_name
from adapters.crypto.mapper import (
    DataKeys,
    KeyNotRecorded,
    PersonalDataMapper,
    RecordedKeys,
    SealedPersonalAsDict,
    sealed_key_contexts,
)
from domain.personal import Category, Personal
from domain.transcodings import DOMAIN_TRANSCODINGS

AGGREGATE = UUID("0b8f3c1e-2d4a-4f6b-8c9d-1e2f3a4b5c6d")
SUBJECT = UUID("5f0c2a52-8c1e-4d7b-9a51-0f3f2b6c9d11")
DATA_KEY = bytes(range(32))
BIDX_KEY = b"b" * 32


def a_context(**changes: Any) -> FieldContext:
    context = FieldContext(AGGREGATE, 3, "/child/name", SUBJECT, Category.IDENTITY, 1)
    return dataclasses.replace(context, **changes)


def a_key_context(**changes: Any) -> KeyContext:
    return dataclasses.replace(KeyContext(SUBJECT, Category.HEALTH, 1), **changes)


def flipped(blob: bytes, bit: int) -> bytes:
    out = bytearray(blob)
    out[bit // 8] ^= 1 << (bit % 8)
    return bytes(out)


# --- field encryption -----------------------------------------------------------------------


@given(
    aggregate=st.uuids(),
    version=st.integers(0, 2**64 - 1),
    path=st.text(min_size=1).filter(lambda p: not any(0xD800 <= ord(c) < 0xE000 for c in p)),
    subject=st.uuids(),
    category=st.sampled_from(list(Category)),
    key_version=st.integers(0, 2**64 - 1),
)
def test_associated_data_is_the_canonical_encoding_of_the_context(
    aggregate: UUID, version: int, path: str, subject: UUID, category: Category, key_version: int
) -> None:
    # Stored ciphertexts depend on these exact bytes: the assembled form must never drift.
    context = FieldContext(aggregate, version, path, subject, category, key_version)
    assert context.associated_data() == encoding.canonical(
        b"reviewtrail/field/v1",
        b"\x01",
        encoding.uuid(aggregate),
        encoding.uint(version),
        encoding.text(path),
        encoding.uuid(subject),
        encoding.text(category.value),
        encoding.uint(key_version),
    )


@given(st.text())
@example("")
@example("Zoë \U0001d50d\U0001d51e \U0001f9d2\U0001f3fd \U0010fffd")  # astral planes
def test_any_unicode_value_round_trips(value: str) -> None:
    ciphertext = encrypt_field(DATA_KEY, value, a_context())
    assert decrypt_field(DATA_KEY, ciphertext, a_context()) == value


def test_lone_surrogates_round_trip() -> None:
    ciphertext = encrypt_field(DATA_KEY, "a\ud800b", a_context())
    assert decrypt_field(DATA_KEY, ciphertext, a_context()) == "a\ud800b"


def test_ciphertext_is_format_byte_nonce_ciphertext_and_tag() -> None:
    ciphertext = encrypt_field(DATA_KEY, "Zoë", a_context())
    assert ciphertext[:1] == b"\x01"
    assert len(ciphertext) == 1 + 12 + len("Zoë".encode()) + 16


def test_encrypting_the_same_value_twice_uses_fresh_nonces() -> None:
    assert encrypt_field(DATA_KEY, "x", a_context()) != encrypt_field(DATA_KEY, "x", a_context())


@pytest.mark.parametrize(
    "change",
    [
        {"aggregate_id": uuid4()},
        {"aggregate_version": 4},
        {"field_path": "/mother/name"},
        {"subject_id": uuid4()},
        {"category": Category.HEALTH},
        {"key_version": 2},
    ],
    ids=lambda change: next(iter(change)),
)
def test_changing_any_context_field_fails_to_decrypt(change: dict[str, object]) -> None:
    ciphertext = encrypt_field(DATA_KEY, "Jane Smith", a_context())
    with pytest.raises(FieldTamperedError):
        decrypt_field(DATA_KEY, ciphertext, a_context(**change))


def test_ciphertexts_swapped_between_two_fields_fail() -> None:
    name, dob = a_context(field_path="/child/name"), a_context(field_path="/child/dob")
    name_ct, dob_ct = encrypt_field(DATA_KEY, "Jane", name), encrypt_field(DATA_KEY, "2011", dob)
    with pytest.raises(FieldTamperedError):
        decrypt_field(DATA_KEY, dob_ct, name)
    with pytest.raises(FieldTamperedError):
        decrypt_field(DATA_KEY, name_ct, dob)


def test_ciphertext_copied_to_another_row_fails() -> None:
    ciphertext = encrypt_field(DATA_KEY, "Jane", a_context())
    with pytest.raises(FieldTamperedError):
        decrypt_field(DATA_KEY, ciphertext, a_context(aggregate_id=uuid4(), aggregate_version=1))


def test_every_flipped_bit_fails_to_decrypt() -> None:
    ciphertext = encrypt_field(DATA_KEY, "Jane", a_context())
    for bit in range(len(ciphertext) * 8):
        with pytest.raises(FieldTamperedError):
            decrypt_field(DATA_KEY, flipped(ciphertext, bit), a_context())


@pytest.mark.parametrize("length", [0, 1, 28, 30])
def test_truncated_ciphertext_fails(length: int) -> None:
    ciphertext = encrypt_field(DATA_KEY, "Jane", a_context())
    with pytest.raises(FieldTamperedError):
        decrypt_field(DATA_KEY, ciphertext[:length], a_context())


def test_wrong_data_key_fails_to_decrypt() -> None:
    ciphertext = encrypt_field(DATA_KEY, "Jane", a_context())
    with pytest.raises(FieldTamperedError):
        decrypt_field(new_data_key(), ciphertext, a_context())


def test_tamper_error_names_the_field_but_never_the_value() -> None:
    ciphertext = encrypt_field(DATA_KEY, "QZX Jane Smith", a_context())
    with pytest.raises(FieldTamperedError) as caught:
        decrypt_field(DATA_KEY, ciphertext, a_context(aggregate_version=9))
    assert "/child/name" in str(caught.value)
    assert "QZX" not in str(caught.value)
    assert caught.value.context == a_context(aggregate_version=9)


def test_data_key_of_the_wrong_size_is_refused() -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        encrypt_field(DATA_KEY[:16], "Jane", a_context())


@pytest.mark.parametrize(
    "change", [{"field_path": ""}, {"aggregate_version": -1}, {"key_version": 2**64}]
)
def test_invalid_field_context_is_refused(change: dict[str, object]) -> None:
    with pytest.raises(ValueError, match=r"field path|unsigned 64-bit"):
        a_context(**change)


def test_field_context_names_its_data_key() -> None:
    assert a_context().key_context == KeyContext(SUBJECT, Category.IDENTITY, 1)


# --- data keys and KEKs -----------------------------------------------------------------------


def test_new_data_keys_are_32_fresh_random_bytes() -> None:
    first, second = new_data_key(), new_data_key()
    assert (len(first), len(second)) == (32, 32)
    assert first != second


def test_wrapped_data_key_unwraps_to_the_same_key() -> None:
    ring = KeyRing.generate(development=True)
    wrapped = wrap(DATA_KEY, ring.current, a_key_context())
    assert unwrap(wrapped, ring.current, a_key_context()) == DATA_KEY


def test_wrapped_data_key_is_65_bytes_naming_its_kek_version() -> None:
    ring = KeyRing.generate(development=True).rotated()
    wrapped = wrap(DATA_KEY, ring.current, a_key_context())
    assert (len(wrapped), wrapped_kek_version(wrapped)) == (65, 2)


def test_unwrap_with_another_kek_version_fails() -> None:
    ring = KeyRing.generate(development=True).rotated()
    wrapped = wrap(DATA_KEY, ring.kek(1), a_key_context())
    with pytest.raises(DataKeyUnwrapError, match="version 1"):
        unwrap(wrapped, ring.kek(2), a_key_context())


def test_unwrap_with_another_kek_of_the_same_version_fails() -> None:
    ours, theirs = KeyRing.generate(development=True), KeyRing.generate(development=True)
    wrapped = wrap(DATA_KEY, ours.current, a_key_context())
    with pytest.raises(DataKeyUnwrapError):
        unwrap(wrapped, theirs.current, a_key_context())


@pytest.mark.parametrize(
    "change", [{"subject_id": uuid4()}, {"category": Category.OPINION}, {"key_version": 2}]
)
def test_unwrap_for_another_key_context_fails(change: dict[str, object]) -> None:
    ring = KeyRing.generate(development=True)
    wrapped = wrap(DATA_KEY, ring.current, a_key_context())
    with pytest.raises(DataKeyUnwrapError):
        unwrap(wrapped, ring.current, a_key_context(**change))


def test_every_flipped_bit_of_a_wrapped_key_fails() -> None:
    ring = KeyRing.generate(development=True)
    wrapped = wrap(DATA_KEY, ring.current, a_key_context())
    for bit in range(len(wrapped) * 8):
        with pytest.raises((DataKeyUnwrapError, UnknownKeyVersionError)):
            rewrap(flipped(wrapped, bit), ring, a_key_context())


def test_kek_rotation_rewraps_to_the_same_data_key() -> None:
    ring = KeyRing.generate(development=True)
    wrapped = wrap(DATA_KEY, ring.current, a_key_context())
    rotated = ring.rotated()
    rewrapped = rewrap(wrapped, rotated, a_key_context())
    assert wrapped_kek_version(rewrapped) == 2
    assert unwrap(rewrapped, rotated.current, a_key_context()) == DATA_KEY


def test_fields_encrypted_before_rotation_decrypt_after_it() -> None:
    ring = KeyRing.generate(development=True)
    ciphertext = encrypt_field(DATA_KEY, "Jane", a_context())
    rotated = ring.rotated()
    rewrapped = rewrap(wrap(DATA_KEY, ring.current, a_key_context()), rotated, a_key_context())
    data_key = unwrap(rewrapped, rotated.current, a_key_context())
    assert decrypt_field(data_key, ciphertext, a_context()) == "Jane"


def test_retired_kek_no_longer_unwraps() -> None:
    ring = KeyRing.generate(development=True)
    wrapped = wrap(DATA_KEY, ring.current, a_key_context())
    with pytest.raises(UnknownKeyVersionError):
        rewrap(wrapped, ring.rotated().retired(1), a_key_context())


def test_current_kek_cannot_be_retired() -> None:
    with pytest.raises(ValueError, match="rotate first"):
        KeyRing.generate(development=True).retired(1)


def test_wrap_refuses_a_data_key_of_the_wrong_size() -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        wrap(DATA_KEY + b"x", KeyRing.generate(development=True).current, a_key_context())


# --- key files -------------------------------------------------------------------------------


def test_development_keyfile_has_mode_0600(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    generate_development_keyfile(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_development_keyfile_is_marked_development(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    generate_development_keyfile(path)
    assert json.loads(path.read_text())["development"] is True
    assert load_keyring(path).is_development


def test_keyfile_loads_back_the_ring_it_was_written_from(tmp_path: Path) -> None:
    ring = KeyRing.generate(development=False).rotated()
    write_keyfile(ring, tmp_path / "keys.json")
    loaded = load_keyring(tmp_path / "keys.json")
    assert loaded == ring
    assert not loaded.is_development


def test_existing_keyfile_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    first = generate_development_keyfile(path)
    with pytest.raises(FileExistsError):
        generate_development_keyfile(path)
    assert load_keyring(path) == first
    assert [p.name for p in tmp_path.iterdir()] == ["keys.json"]


def test_keyfile_can_be_replaced_on_purpose(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    rotated = generate_development_keyfile(path).rotated()
    write_keyfile(rotated, path, replace=True)
    assert load_keyring(path) == rotated


def test_group_readable_keyfile_is_refused_unless_allowed(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    ring = generate_development_keyfile(path)
    path.chmod(0o644)
    with pytest.raises(KeyFileError, match="chmod 600"):
        load_keyring(path)
    assert load_keyring(path, allow_shared_permissions=True) == ring


def test_missing_keyfile_is_a_key_file_error(tmp_path: Path) -> None:
    with pytest.raises(KeyFileError, match="cannot read"):
        load_keyring(tmp_path / "absent.json")


def _document_of(ring: KeyRing, directory: Path) -> dict[str, str]:
    write_keyfile(ring, directory / "source.json")
    document: dict[str, str] = json.loads((directory / "source.json").read_text())
    return document


def _write_raw(path: Path, document: dict[str, object]) -> Path:
    path.write_text(json.dumps(document))
    path.chmod(0o600)
    return path


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"current": 3}, "current KEK version 3"),
        ({"kek": {"1": "c2hvcnQ="}}, "32 bytes"),
        ({"kek": {"1": "not base64!"}}, "base64"),
        ({"format": "other/9"}, "format"),
        ({"development": "yes"}, "boolean"),
    ],
)
def test_malformed_keyfile_is_refused(
    tmp_path: Path, change: dict[str, object], message: str
) -> None:
    document = _document_of(KeyRing.generate(development=True), tmp_path)
    path = _write_raw(tmp_path / "keys.json", {**document, **change})
    with pytest.raises(KeyFileError, match=message):
        load_keyring(path)


def test_keyfile_error_never_quotes_a_misplaced_key(tmp_path: Path) -> None:
    document = _document_of(KeyRing.generate(development=True), tmp_path)
    secret = document["blind_index_key"]
    path = _write_raw(tmp_path / "keys.json", {**document, "kek": {secret: secret}})
    with pytest.raises(KeyFileError) as caught:
        load_keyring(path)
    assert secret not in str(caught.value)
    assert caught.value.__cause__ is None


def test_keyring_repr_hides_every_key() -> None:
    ring = KeyRing.generate(development=True).rotated()
    shown = repr(ring)
    assert all(repr(k.key) not in shown for k in ring.keks)
    assert repr(ring.blind_index_key) not in shown


def test_kek_fingerprint_is_stable_and_distinct() -> None:
    ring = KeyRing.generate(development=True).rotated()
    assert ring.kek(1).fingerprint == dataclasses.replace(ring.kek(1)).fingerprint
    assert ring.kek(1).fingerprint != ring.kek(2).fingerprint


# --- blind index -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "variant", "canonical"),
    [
        (IdentifierKind.NAME, "  Jane  SMITH", "jane smith"),
        (IdentifierKind.NAME, "Zoë O\u2019Brien", "zoe obrien"),
        (IdentifierKind.NAME, "Smith-Jones,\tMary", "smith jones mary"),
        (IdentifierKind.NHS_NUMBER, " 943 476-5919 ", "9434765919"),
        (IdentifierKind.CHI_NUMBER, "0101 01 1234", "0101011234"),
        (IdentifierKind.NI_NUMBER, "qq 12 34 56 c", "QQ123456"),
        (IdentifierKind.DATE_OF_BIRTH, " 2011-03-04 ", "2011-03-04"),
        (IdentifierKind.EMAIL, " Jane.Smith@Example.ORG ", "jane.smith@example.org"),
    ],
)
def test_variants_of_an_identifier_share_a_token(
    kind: IdentifierKind, variant: str, canonical: str
) -> None:
    assert blind_index(BIDX_KEY, kind, variant) == blind_index(BIDX_KEY, kind, canonical)


def test_different_names_have_different_tokens() -> None:
    jane = blind_index(BIDX_KEY, IdentifierKind.NAME, "Jane Smith")
    assert jane != blind_index(BIDX_KEY, IdentifierKind.NAME, "Jane Smyth")


def test_same_digits_as_nhs_and_chi_number_have_different_tokens() -> None:
    nhs = blind_index(BIDX_KEY, IdentifierKind.NHS_NUMBER, "0101011234")
    assert nhs != blind_index(BIDX_KEY, IdentifierKind.CHI_NUMBER, "0101011234")


def test_different_keys_give_different_tokens() -> None:
    token = blind_index(BIDX_KEY, IdentifierKind.NAME, "Jane Smith")
    assert token != blind_index(b"c" * 32, IdentifierKind.NAME, "Jane Smith")


def test_token_is_32_hex_characters() -> None:
    token = blind_index(BIDX_KEY, IdentifierKind.NAME, "Jane Smith")
    assert len(token) == 32
    assert int(token, 16) >= 0


def test_combined_index_accepts_a_date_or_its_iso_string() -> None:
    by_date = name_and_dob_index(BIDX_KEY, "Jane SMITH", date(2011, 3, 4))
    assert by_date == name_and_dob_index(BIDX_KEY, "jane smith", "2011-03-04")


@pytest.mark.parametrize(
    ("name", "dob"), [("Jane Smyth", "2011-03-04"), ("Jane Smith", "2011-03-05")]
)
def test_combined_index_changes_with_either_part(name: str, dob: str) -> None:
    token = name_and_dob_index(BIDX_KEY, "Jane Smith", "2011-03-04")
    assert token != name_and_dob_index(BIDX_KEY, name, dob)


def test_combined_index_differs_from_the_name_index() -> None:
    combined = name_and_dob_index(BIDX_KEY, "Jane Smith", "2011-03-04")
    assert combined != blind_index(BIDX_KEY, IdentifierKind.NAME, "Jane Smith")


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        (IdentifierKind.NAME, " -- '' "),
        (IdentifierKind.DATE_OF_BIRTH, "04/03/2011"),
        (IdentifierKind.DATE_OF_BIRTH, "2011-02-30"),
        (IdentifierKind.NHS_NUMBER, "943 476 591"),
        (IdentifierKind.CHI_NUMBER, "٠١٠١٠١١٢٣٤"),
        (IdentifierKind.NI_NUMBER, "QQ 12 34 56 E"),
        (IdentifierKind.EMAIL, "jane smith@example.org"),
    ],
)
def test_malformed_identifier_is_refused(kind: IdentifierKind, value: str) -> None:
    with pytest.raises(IdentifierFormatError):
        blind_index(BIDX_KEY, kind, value)


def test_combined_kind_must_use_the_combined_function() -> None:
    with pytest.raises(ValueError, match="name_and_dob_index"):
        blind_index(BIDX_KEY, IdentifierKind.NAME_AND_DATE_OF_BIRTH, "Jane")


def test_short_blind_index_key_is_refused() -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        blind_index(b"short", IdentifierKind.NAME, "Jane")


def test_marks_of_non_latin_scripts_are_kept() -> None:
    assert normalise_name("कि") != normalise_name("क")


@given(st.text())
def test_normalising_a_name_twice_changes_nothing(value: str) -> None:
    try:
        once = normalise_name(value)
    except IdentifierFormatError:
        return
    assert normalise_name(once) == once


# --- data-key cache --------------------------------------------------------------------------


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_cache_returns_the_key_it_was_given() -> None:
    cache = DataKeyCache()
    cache.put(a_key_context(), DATA_KEY)
    assert cache.get(a_key_context()) == DATA_KEY


def test_full_cache_drops_the_least_recently_used_key() -> None:
    cache = DataKeyCache(max_entries=2)
    first, second, third = (a_key_context(key_version=v) for v in (1, 2, 3))
    cache.put(first, b"1" * 32)
    cache.put(second, b"2" * 32)
    cache.get(first)
    cache.put(third, b"3" * 32)
    assert (cache.get(first), cache.get(second), len(cache)) == (b"1" * 32, None, 2)


def test_evict_drops_every_key_of_the_subject_and_only_theirs() -> None:
    cache, other = DataKeyCache(), a_key_context(subject_id=uuid4())
    for category in (Category.HEALTH, Category.IDENTITY):
        cache.put(a_key_context(category=category), DATA_KEY)
    cache.put(other, DATA_KEY)
    assert cache.evict(SUBJECT) == 2
    assert (cache.get(a_key_context()), cache.get(other)) == (None, DATA_KEY)


def test_evict_of_one_category_keeps_the_subjects_other_keys() -> None:
    cache, identity = DataKeyCache(), a_key_context(category=Category.IDENTITY)
    cache.put(a_key_context(), DATA_KEY)
    cache.put(identity, DATA_KEY)
    cache.evict(SUBJECT, Category.HEALTH)
    assert (cache.get(a_key_context()), cache.get(identity)) == (None, DATA_KEY)


def test_clear_drops_every_key() -> None:
    cache = DataKeyCache()
    cache.put(a_key_context(), DATA_KEY)
    cache.clear()
    assert (len(cache), cache.get(a_key_context())) == (0, None)


def test_cached_key_expires_after_its_time_to_live() -> None:
    clock = FakeClock()
    cache = DataKeyCache(ttl_seconds=300, clock=clock)
    cache.put(a_key_context(), DATA_KEY)
    clock.now = 299.9
    assert cache.get(a_key_context()) == DATA_KEY
    clock.now = 300.0
    assert cache.get(a_key_context()) is None


def test_get_or_load_loads_once_then_serves_from_the_cache() -> None:
    cache, loads = DataKeyCache(), []

    def load() -> bytes:
        loads.append(DATA_KEY)
        return DATA_KEY

    served = [cache.get_or_load(a_key_context(), load) for _ in range(3)]
    assert (served, len(loads)) == ([DATA_KEY] * 3, 1)


def test_get_or_load_caches_nothing_for_a_missing_key() -> None:
    cache = DataKeyCache()
    assert cache.get_or_load(a_key_context(), lambda: None) is None
    assert len(cache) == 0


def test_load_racing_an_eviction_is_returned_but_not_cached() -> None:
    cache = DataKeyCache()

    def load_while_subject_is_erased() -> bytes:
        cache.evict(SUBJECT)
        return DATA_KEY

    assert cache.get_or_load(a_key_context(), load_while_subject_is_erased) == DATA_KEY
    assert cache.get(a_key_context()) is None


def test_load_missing_loads_only_the_uncached_keys_in_one_call() -> None:
    cache, cached, missing = DataKeyCache(), a_key_context(), a_key_context(key_version=2)
    cache.put(cached, DATA_KEY)
    calls: list[list[KeyContext]] = []

    def load(contexts: list[KeyContext]) -> dict[KeyContext, bytes]:
        calls.append(contexts)
        return {context: b"n" * 32 for context in contexts}

    cache.load_missing([cached, missing, missing], load)
    assert calls == [[missing]]
    assert cache.get(missing) == b"n" * 32
    cache.load_missing([cached, missing], load)
    assert len(calls) == 1


def test_load_missing_racing_an_eviction_caches_nothing() -> None:
    cache = DataKeyCache()

    def load_while_subject_is_erased(contexts: list[KeyContext]) -> dict[KeyContext, bytes]:
        cache.evict(SUBJECT)
        return dict.fromkeys(contexts, DATA_KEY)

    cache.load_missing([a_key_context()], load_while_subject_is_erased)
    assert cache.get(a_key_context()) is None


def test_cache_stays_bounded_under_concurrent_use() -> None:
    cache, errors = DataKeyCache(max_entries=50), []

    def churn() -> None:
        try:
            for i in range(2000):
                context = a_key_context(subject_id=uuid4())
                cache.put(context, DATA_KEY)
                cache.get(context)
                if i % 3 == 0:
                    cache.evict(context.subject_id)
        except Exception as exc:  # a thread's exception would otherwise be lost
            errors.append(exc)

    threads = [threading.Thread(target=churn) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert (errors, len(cache) <= 50) == ([], True)


def test_cache_repr_hides_its_keys() -> None:
    cache = DataKeyCache()
    cache.put(a_key_context(), DATA_KEY)
    assert repr(DATA_KEY) not in repr(cache)


# --- the event mapper -----------------------------------------------------------------------


class MemoryKeys:
    """Data keys in a dict: the mapper's ``DataKeys`` port without a database."""

    def __init__(self) -> None:
        self.keys: dict[tuple[UUID, Category], bytes] = {}

    def key_for_writing(self, subject_id: UUID, category: Category) -> tuple[int, bytes]:
        return 1, self.keys.setdefault((subject_id, category), new_data_key())

    def key_for_reading(
        self, subject_id: UUID, category: Category, key_version: int
    ) -> bytes | None:
        return self.keys.get((subject_id, category))

    def prefetch(self, contexts: Collection[KeyContext]) -> None:
        pass


class Noted(Aggregate):
    @event("Noted")
    def __init__(self, *, payload: Any) -> None:
        self.payload = payload


def a_mapper(keys: DataKeys) -> PersonalDataMapper:
    transcoder = JSONTranscoder()
    for transcoding in (
        UUIDAsHex(),
        DatetimeAsISO(),
        *DOMAIN_TRANSCODINGS,
        SealedPersonalAsDict(),
    ):
        transcoder.register(transcoding)
    return PersonalDataMapper(transcoder=transcoder, keys=keys)


PLAINTEXT_MARK = "PII\u00a7"  # never in a key, a plain string, base64 or JSON syntax
personal_values = st.builds(
    Personal,
    st.uuids(),
    st.sampled_from(Category),
    st.text().map(lambda text: PLAINTEXT_MARK + text),
)
payloads = st.recursive(
    personal_values | st.text(alphabet="abc xyz") | st.integers() | st.none(),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(alphabet="ab/~", max_size=4), inner, max_size=3)
    ),
    max_leaves=12,
)


@given(payloads)
def test_any_nesting_of_personal_values_round_trips_through_the_mapper_sealed(
    payload: Any,
) -> None:
    keys = MemoryKeys()
    mapper = a_mapper(keys)
    (recorded,) = Noted(payload=payload).collect_events()
    stored = mapper.to_stored_event(recorded)
    assert PLAINTEXT_MARK.encode() not in stored.state
    assert json.dumps(PLAINTEXT_MARK)[1:-1].encode() not in stored.state  # as JSON escapes it
    assert mapper.to_domain_event(stored).payload == payload
    wanted = {KeyContext(p.subject_id, p.category, 1) for p in personal_leaves(payload)}
    assert sealed_key_contexts([stored.state]) == wanted


def personal_leaves(payload: Any) -> list[Personal]:
    if isinstance(payload, Personal):
        return [payload]
    if isinstance(payload, dict):
        payload = list(payload.values())
    if isinstance(payload, list):
        return [leaf for item in payload for leaf in personal_leaves(item)]
    return []


def test_a_sealed_value_moved_to_another_field_of_the_same_event_fails_to_open() -> None:
    keys, subject = MemoryKeys(), uuid4()
    mapper = a_mapper(keys)
    one, two = (Personal(subject, Category.HEALTH, text) for text in ("one", "two"))
    (recorded,) = Noted(payload={"a": one, "b": two}).collect_events()
    stored = mapper.to_stored_event(recorded)
    state = json.loads(stored.state)
    state["payload"]["a"], state["payload"]["b"] = state["payload"]["b"], state["payload"]["a"]
    swapped = dataclasses.replace(stored, state=json.dumps(state).encode())
    with pytest.raises(FieldTamperedError):
        mapper.to_domain_event(swapped)


# --- sealing again what events hold (snapshots) ------------------------------------------------


class VersionedKeys:
    """Data keys by version, the newest current, any of them destroyable, a version never
    minted twice: as the key store."""

    def __init__(self) -> None:
        self.keys: dict[KeyContext, bytes] = {}
        self.last: dict[tuple[UUID, Category], int] = {}

    def mint(self, subject_id: UUID, category: Category) -> int:
        version = self.last[subject_id, category] = self.last.get((subject_id, category), 0) + 1
        self.keys[KeyContext(subject_id, category, version)] = new_data_key()
        return version

    def destroy(self, subject_id: UUID, category: Category, version: int) -> None:
        del self.keys[KeyContext(subject_id, category, version)]

    def key_for_writing(self, subject_id: UUID, category: Category) -> tuple[int, bytes]:
        version = max(
            c.key_version for c in self.keys if (c.subject_id, c.category) == (subject_id, category)
        )
        return version, self.keys[KeyContext(subject_id, category, version)]

    def key_for_reading(
        self, subject_id: UUID, category: Category, key_version: int
    ) -> bytes | None:
        return self.keys.get(KeyContext(subject_id, category, key_version))

    def prefetch(self, contexts: Collection[KeyContext]) -> None:
        pass


SECRET = "Ffion Pryce-Anwar"  # a canary: never in a stored state or a message


def resealed(keys: VersionedKeys, recorded: list[KeyContext], value: Personal) -> int:
    """Seal ``value`` as a snapshot would, under the keys of ``recorded``; its key version."""
    mapper = a_mapper(keys)
    (snapshot,) = Noted(payload=value).collect_events()
    stored = mapper.to_stored_event(snapshot, RecordedKeys(keys, recorded))
    assert SECRET.encode() not in stored.state
    assert mapper.to_domain_event(stored).payload == value
    (context,) = sealed_key_contexts([stored.state])
    return context.key_version


def test_a_value_is_sealed_again_under_the_key_its_events_used_not_the_current_one() -> None:
    keys, subject = VersionedKeys(), uuid4()
    used = KeyContext(subject, Category.IDENTITY, keys.mint(subject, Category.IDENTITY))
    keys.mint(subject, Category.IDENTITY)  # a newer key, current now
    assert resealed(keys, [used], Personal(subject, Category.IDENTITY, SECRET)) == 1


def test_the_newest_of_several_recorded_keys_seals_while_none_is_destroyed() -> None:
    keys, subject = VersionedKeys(), uuid4()
    recorded = [
        KeyContext(subject, Category.HEALTH, keys.mint(subject, Category.HEALTH)) for _ in "ab"
    ]
    assert resealed(keys, recorded, Personal(subject, Category.HEALTH, SECRET)) == 2


@pytest.mark.parametrize("destroyed", [1, 2])
def test_a_value_whose_recorded_key_was_destroyed_is_not_sealed_again(destroyed: int) -> None:
    """An erasure after the state was rebuilt, then a new key: the old value must not come back
    under it, whichever of the recorded keys is gone."""
    keys, subject = VersionedKeys(), uuid4()
    recorded = [
        KeyContext(subject, Category.NARRATIVE, keys.mint(subject, Category.NARRATIVE))
        for _ in "ab"
    ]
    keys.destroy(subject, Category.NARRATIVE, destroyed)
    keys.mint(subject, Category.NARRATIVE)
    (snapshot,) = Noted(payload=Personal(subject, Category.NARRATIVE, SECRET)).collect_events()
    with pytest.raises(KeyNotRecorded) as refused:
        a_mapper(keys).to_stored_event(snapshot, RecordedKeys(keys, recorded))
    assert SECRET not in str(refused.value)


def test_a_value_no_recorded_event_sealed_is_not_sealed_again() -> None:
    keys, subject, other = VersionedKeys(), uuid4(), uuid4()
    recorded = [KeyContext(other, Category.HEALTH, keys.mint(other, Category.HEALTH))]
    keys.mint(subject, Category.HEALTH)
    keys.mint(subject, Category.IDENTITY)
    for value in (
        Personal(subject, Category.HEALTH, SECRET),
        Personal(other, Category.IDENTITY, SECRET),
    ):
        (snapshot,) = Noted(payload=value).collect_events()
        with pytest.raises(KeyNotRecorded):
            a_mapper(keys).to_stored_event(snapshot, RecordedKeys(keys, recorded))
