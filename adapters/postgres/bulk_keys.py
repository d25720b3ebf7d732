"""The key store's bulk path: the data keys of many (subject, category) pairs at once.

``PostgresKeyStore.writing`` uses it so that a batch of events (the demo data generator's) finds
or mints every key it needs in three statements instead of several per personal field. The rules
are those of one key at a time: a fenced (erased) subject gets no key here, and the one-by-one
path then refuses it; keys are stored only wrapped by the current KEK.
"""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

import psycopg
from psycopg.rows import DictRow

from adapters.crypto import (
    DataKeyCache,
    Kek,
    KeyContext,
    KeyRing,
    new_data_key,
    unwrap,
    wrap,
    wrapped_kek_version,
)
from domain.personal import Category

Keys = dict[KeyContext, bytes]


def read_or_mint(
    conn: psycopg.Connection[DictRow],
    ring: KeyRing,
    kek_of: Callable[[int], Kek],
    cache: DataKeyCache,
    pairs: set[tuple[UUID, Category]],
) -> tuple[Keys, Keys]:
    """(keys minted, existing keys read) for ``pairs``, inside the caller's transaction; pairs
    whose subject is fenced are in neither. New keys are wrapped by ``ring``'s current KEK;
    ``kek_of`` finds the KEK of a stored key's version (the key store re-reads a rotated ring)."""
    if not pairs:
        return {}, {}
    rows = conn.execute(
        "SELECT p.subject_id, p.category, v.last_version, EXISTS (SELECT 1 FROM"
        " subject_fences f WHERE f.subject_id = p.subject_id"
        " AND f.category IN (p.category, '*')) AS fenced"
        " FROM unnest(%s::text[]::uuid[], %s::text[]) AS p(subject_id, category)"
        " LEFT JOIN subject_key_versions v USING (subject_id, category)",
        ([str(s) for s, _ in pairs], [c.value for _, c in pairs]),
    ).fetchall()
    unfenced = [(_context(row), row["last_version"]) for row in rows if not row["fenced"]]
    minted = _mint(conn, ring, [c for c, version in unfenced if version is None])
    current = [KeyContext(c.subject_id, c.category, v) for c, v in unfenced if v]
    return minted, _read(conn, kek_of, cache, current)


def _mint(conn: psycopg.Connection[DictRow], ring: KeyRing, contexts: list[KeyContext]) -> Keys:
    """Version 1 of each never-keyed pair, unless fenced or minted by someone else first."""
    if not contexts:
        return {}
    rows = conn.execute(
        "INSERT INTO subject_key_versions (subject_id, category, last_version)"
        " SELECT p.subject_id, p.category, 1"
        " FROM unnest(%s::text[]::uuid[], %s::text[]) AS p(subject_id, category)"
        " WHERE NOT EXISTS (SELECT 1 FROM subject_fences f WHERE f.subject_id = p.subject_id"
        " AND f.category IN (p.category, '*'))"
        " ON CONFLICT (subject_id, category) DO NOTHING RETURNING subject_id, category",
        ([str(c.subject_id) for c in contexts], [c.category.value for c in contexts]),
    ).fetchall()
    minted = {_context(row): new_data_key() for row in rows}
    with conn.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO subject_keys (subject_id, category, key_version, kek_version, wrapped)"
            " VALUES (%s, %s, 1, %s, %s)",
            [
                (c.subject_id, c.category.value, ring.current_version, wrap(k, ring.current, c))
                for c, k in minted.items()
            ],
        )
    return minted


def _read(
    conn: psycopg.Connection[DictRow],
    kek_of: Callable[[int], Kek],
    cache: DataKeyCache,
    contexts: list[KeyContext],
) -> Keys:
    """The data keys of ``contexts`` (cached, or read in one query; erased ones left out).
    Keys read here are not cached: only ``get_or_load`` guards the cache against an erasure
    racing the read."""
    found = {c: k for c in contexts if (k := cache.get(c)) is not None}
    missing = [c for c in contexts if c not in found]
    if not missing:
        return found
    rows = conn.execute(
        "SELECT k.subject_id, k.category, k.key_version, k.wrapped FROM subject_keys k"
        " JOIN unnest(%s::text[]::uuid[], %s::text[], %s::int[])"
        " AS p(subject_id, category, version)"
        " ON k.subject_id = p.subject_id AND k.category = p.category"
        " AND k.key_version = p.version",
        (
            [str(c.subject_id) for c in missing],
            [c.category.value for c in missing],
            [c.key_version for c in missing],
        ),
    ).fetchall()
    for row in rows:
        context = _context(row, int(row["key_version"]))
        wrapped = bytes(row["wrapped"])
        found[context] = unwrap(wrapped, kek_of(wrapped_kek_version(wrapped)), context)
    return found


def _context(row: DictRow, version: int = 1) -> KeyContext:
    return KeyContext(UUID(str(row["subject_id"])), Category(str(row["category"])), version)
