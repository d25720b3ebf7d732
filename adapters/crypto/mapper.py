"""Field-level encryption inside eventsourcing's mapper.

Before an event is transcoded, every ``Personal`` anywhere in its state is replaced by a
``SealedPersonal``: AES-256-GCM ciphertext under the data key of (subject, category), bound by
associated data to the aggregate id, version, field path, subject and key version. Reading
reverses it; a destroyed key gives ``Personal.erased`` (never an exception). Nothing else in the
event is encrypted: ids, topics, meta and non-personal fields stay readable for audit.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol
from uuid import UUID

from eventsourcing.persistence import EventStore, Mapper, StoredEvent, Transcoding
from eventsourcing.utils import get_topic, resolve_topic

from adapters.crypto.envelope import KeyContext
from adapters.crypto.fields import FieldContext, decrypt_field, encrypt_field
from domain.personal import Category, Personal


@dataclass(frozen=True)
class SealedPersonal:
    """A ``Personal`` as stored: subject, category and key version in clear, the value sealed."""

    subject_id: UUID
    category: Category
    key_version: int
    ciphertext: bytes


class SealedPersonalAsDict(Transcoding):
    type = SealedPersonal
    name = "personal"

    def encode(self, obj: SealedPersonal) -> dict[str, Any]:
        return {
            "s": str(obj.subject_id),
            "c": obj.category.value,
            "k": obj.key_version,
            "x": base64.b64encode(obj.ciphertext).decode(),
        }

    def decode(self, data: dict[str, Any]) -> SealedPersonal:
        return SealedPersonal(
            UUID(data["s"]), Category(data["c"]), int(data["k"]), base64.b64decode(data["x"])
        )


SEALED_MARKER = f'"{SealedPersonalAsDict.name}"'.encode()
"""Bytes every stored event with a sealed field contains (its transcoding's ``_type_``)."""

_SEALED_KEY = re.compile(
    rb'"_type_":"' + SealedPersonalAsDict.name.encode() + rb'","_data_":'
    rb'\{"s":"([0-9a-f-]{36})","c":"([a-z-]+)","k":([0-9]+)'
)


def sealed_key_contexts(states: Iterable[bytes]) -> set[KeyContext]:
    """The data keys that the sealed fields of stored ``states`` need, read off the stored
    JSON without decoding it (JSON escapes a quote inside a string, so only a sealed field
    matches). A hint for ``DataKeys.prefetch``: a field it missed is still opened, its key read
    on its own. And what ``RecordedKeys`` allows: a field it missed there is not sealed again
    (the snapshot is skipped), so a miss costs time, never a key."""
    return {
        KeyContext(UUID(subject.decode()), Category(category.decode()), int(version))
        for state in states
        if SEALED_MARKER in state
        for subject, category, version in _SEALED_KEY.findall(state)
    }


class DataKeys(Protocol):
    """Where the mapper gets data keys (the PostgreSQL key store, with its cache)."""

    def key_for_writing(self, subject_id: UUID, category: Category) -> tuple[int, bytes]: ...

    def key_for_reading(
        self, subject_id: UUID, category: Category, key_version: int
    ) -> bytes | None: ...

    def prefetch(self, contexts: Collection[KeyContext]) -> None:
        """Make the keys of ``contexts`` ready for ``key_for_reading`` in as few reads as can
        be (keys that do not exist, or cannot be unwrapped, are left to it)."""
        ...


class KeyNotRecorded(LookupError):
    """A value cannot be sealed again: the key its events sealed it with is gone (its subject
    was erased) or unknown. The message names the subject, never a value."""


class RecordedKeys:
    """Data keys for sealing again values that events already hold (a snapshot of an
    aggregate's state): each (subject, category) only under a key version the events used, and
    only while every version they used can still be read.

    The current key would be wrong for such a value: if its subject was erased after the
    aggregate was rebuilt, and a new key then authorised and minted, the value would come back
    under the new key. Here the destroyed version is missing, and sealing fails instead. The
    newest recorded version is used when the events used several (two processes may each have
    minted a first key), and only when none of them has been destroyed.
    """

    def __init__(self, keys: DataKeys, recorded: Iterable[KeyContext]) -> None:
        self._keys = keys
        self._versions: dict[tuple[UUID, Category], list[int]] = {}
        for context in recorded:
            self._versions.setdefault((context.subject_id, context.category), []).append(
                context.key_version
            )

    def key_for_writing(self, subject_id: UUID, category: Category) -> tuple[int, bytes]:
        versions = self._versions.get((subject_id, category))
        if not versions:
            raise KeyNotRecorded(f"no recorded key for subject {subject_id} ({category.value})")
        keys = [self._keys.key_for_reading(subject_id, category, v) for v in versions]
        if any(key is None for key in keys):
            raise KeyNotRecorded(f"a recorded key of subject {subject_id} was destroyed")
        newest = max(range(len(versions)), key=versions.__getitem__)
        key = keys[newest]
        assert key is not None  # checked above
        return versions[newest], key

    def key_for_reading(
        self, subject_id: UUID, category: Category, key_version: int
    ) -> bytes | None:
        return self._keys.key_for_reading(subject_id, category, key_version)

    def prefetch(self, contexts: Collection[KeyContext]) -> None:
        self._keys.prefetch(contexts)


Visit = Callable[[Any, str], Any]


def walk(value: Any, path: str, visit: Visit) -> Any:
    """Rebuild ``value`` with ``visit(leaf, json_pointer)`` applied to Personal/Sealed leaves."""
    if isinstance(value, Personal | SealedPersonal):
        return visit(value, path)
    if isinstance(value, dict):
        return {k: walk(v, f"{path}/{_escape(str(k))}", visit) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(walk(v, f"{path}/{i}", visit) for i, v in enumerate(value))
    return value


def open_in_place(value: dict[str, Any] | list[Any], path: str, visit: Visit) -> None:
    """``walk`` for freshly decoded state, which nothing else holds yet: ``SealedPersonal``
    leaves are replaced where they stand, and only the containers are visited (``walk`` would
    copy every container and build a path for every leaf; decoding a review spent a tenth of
    its time there). A container's pointer is built only when a leaf in it is opened (a
    review's snapshot has hundreds of containers and a few dozen sealed fields)."""
    _open_in(value, [path], visit)


def _open_in(value: dict[str, Any] | list[Any], keys: list[Any], visit: Visit) -> None:
    items = value.items() if isinstance(value, dict) else enumerate(value)
    for key, item in items:
        if isinstance(item, SealedPersonal):
            value[key] = visit(item, _pointer(keys, key))  # type: ignore[index]
        elif isinstance(item, dict | list) and item:
            keys.append(key)
            _open_in(item, keys, visit)
            keys.pop()
        elif isinstance(item, tuple) and item:
            value[key] = walk(item, _pointer(keys, key), visit)  # type: ignore[index]


def _pointer(keys: list[Any], key: Any) -> str:
    """The JSON pointer of ``key`` inside the container at ``keys`` (the first is the root's)."""
    return "".join([keys[0], *(f"/{_escape(str(k))}" for k in keys[1:]), f"/{_escape(str(key))}"])


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


class PersonalDataMapper(Mapper[UUID]):
    """eventsourcing's Mapper with per-field envelope encryption of ``Personal`` values."""

    def __init__(self, *args: Any, keys: DataKeys, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.keys = keys

    def to_stored_event(self, domain_event: Any, keys: DataKeys | None = None) -> StoredEvent:
        """Encode ``domain_event``, sealing its personal values under the current data keys, or
        under ``keys`` when given (``RecordedKeys``, for a snapshot)."""
        sealing = keys if keys is not None else self.keys
        state = dict(vars(domain_event))
        originator_id, version = state.pop("originator_id"), state.pop("originator_version")
        class_version = getattr(type(domain_event), "class_version", 1)
        if class_version > 1:
            state["class_version"] = class_version

        def seal(leaf: Any, path: str) -> Any:
            if not isinstance(leaf, Personal):
                return leaf
            if leaf.value is None:
                raise ValueError(f"cannot record a withheld value at {path}")
            key_version, key = sealing.key_for_writing(leaf.subject_id, leaf.category)
            context = FieldContext(
                originator_id, version, path, leaf.subject_id, leaf.category, key_version
            )
            sealed = encrypt_field(key, leaf.value, context)
            return SealedPersonal(leaf.subject_id, leaf.category, key_version, sealed)

        state = walk(state, "", seal)
        return StoredEvent(
            originator_id=originator_id,
            originator_version=version,
            topic=get_topic(type(domain_event)),
            state=self.transcoder.encode(state),
        )

    def prefetch_keys(self, stored_events: Iterable[StoredEvent]) -> None:
        """Read every data key that ``stored_events`` need at once, before they are decoded one
        by one: a review's ~50 keys in one query instead of one round trip each."""
        contexts = sealed_key_contexts(stored.state for stored in stored_events)
        if contexts:
            self.keys.prefetch(contexts)

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        cls = resolve_topic(stored_event.topic)
        state: dict[str, Any] = self.transcoder.decode(stored_event.state)
        aggregate_id = UUID(str(stored_event.originator_id))
        version = stored_event.originator_version

        def open_(leaf: Any, path: str) -> Any:
            if not isinstance(leaf, SealedPersonal):
                return leaf
            key = self.keys.key_for_reading(leaf.subject_id, leaf.category, leaf.key_version)
            if key is None:
                return Personal.erased(leaf.subject_id, leaf.category)
            context = FieldContext(
                aggregate_id, version, path, leaf.subject_id, leaf.category, leaf.key_version
            )
            return Personal(
                leaf.subject_id, leaf.category, decrypt_field(key, leaf.ciphertext, context)
            )

        if SEALED_MARKER in stored_event.state:  # else no field to open: skip the walk
            open_in_place(state, "", open_)
        state["originator_id"], state["originator_version"] = aggregate_id, version
        from_version = state.pop("class_version", 1)
        while from_version < getattr(cls, "class_version", 1):
            getattr(cls, f"upcast_v{from_version}_v{from_version + 1}")(state)
            from_version += 1
        domain_event = object.__new__(cls)
        object.__setattr__(domain_event, "__dict__", state)
        return domain_event


class PrefetchingEventStore(EventStore[UUID]):
    """eventsourcing's event store, reading the data keys of an aggregate's events in one go
    (``PersonalDataMapper.prefetch_keys``) before decoding them."""

    def get(
        self,
        originator_id: UUID,
        *,
        gt: int | None = None,
        lte: int | None = None,
        desc: bool = False,
        limit: int | None = None,
    ) -> Iterator[Any]:
        records: Sequence[StoredEvent] = self.recorder.select_events(
            originator_id=originator_id, gt=gt, lte=lte, desc=desc, limit=limit
        )
        if isinstance(self.mapper, PersonalDataMapper):
            self.mapper.prefetch_keys(records)
        return map(self.mapper.to_domain_event, records)
