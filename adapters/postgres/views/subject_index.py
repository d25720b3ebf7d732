"""Tables behind the subject_index projection: positions per subject, and blind-index lookups.

``subject_lookup`` (created by the key store, since erasure deletes its rows) holds HMAC tokens
only; the HMAC key lives in the key file, never in the database.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from psycopg import Cursor

from adapters.crypto import (
    IdentifierFormatError,
    IdentifierKind,
    blind_index,
    name_and_dob_index,
    normalise,
)
from adapters.postgres.db import Database
from domain.personal import Personal

CREATE = [
    """
    CREATE TABLE IF NOT EXISTS subject_index (
        subject_id uuid NOT NULL,
        partnership_id text NOT NULL,
        position bigint NOT NULL,
        aggregate_id uuid NOT NULL,
        event_type text NOT NULL,
        field_path text NOT NULL,
        category text NOT NULL,
        PRIMARY KEY (subject_id, position, field_path)
    )
    """,
]
DROP = ["DROP TABLE IF EXISTS subject_index", "DELETE FROM subject_lookup"]
KINDS = {
    "name": IdentifierKind.NAME,
    "date-of-birth": IdentifierKind.DATE_OF_BIRTH,
    "nhs-number": IdentifierKind.NHS_NUMBER,
    "chi-number": IdentifierKind.CHI_NUMBER,
    "ni-number": IdentifierKind.NI_NUMBER,
}


def lookup_tokens(key: bytes, values: dict[str, str]) -> list[tuple[str, str]]:
    """(kind, token) pairs for the identifiers given (name + date of birth combined too)."""
    tokens = [(kind, blind_index(key, KINDS[kind], value)) for kind, value in values.items()]
    if "name" in values and "date-of-birth" in values:
        tokens.append(
            ("name+dob", name_and_dob_index(key, values["name"], values["date-of-birth"]))
        )
    return tokens


class SubjectIndexRows:
    def __init__(self, cursor: Cursor[Any], blind_key: bytes) -> None:
        self._cursor, self._key = cursor, blind_key

    def appears(
        self,
        *,
        subject_id: UUID,
        partnership_id: str,
        position: int,
        aggregate_id: UUID,
        event_type: str,
        field_path: str,
        category: str,
    ) -> None:
        self._cursor.execute(
            "INSERT INTO subject_index VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
            (subject_id, partnership_id, position, aggregate_id, event_type, field_path, category),
        )

    def identifiers(
        self, *, subject_id: UUID, partnership_id: str, values: dict[str, Personal]
    ) -> None:
        readable = {k: v.value for k, v in values.items() if v.value is not None and k in KINDS}
        categories = {k: v.category.value for k, v in values.items()}
        for kind, token in lookup_tokens(self._key, _well_formed(readable)):
            category = categories.get(kind, "identity")
            self._cursor.execute(
                "INSERT INTO subject_lookup SELECT %s, %s, %s, %s, %s WHERE NOT EXISTS"
                " (SELECT 1 FROM subject_fences f WHERE f.subject_id = %s"
                " AND f.next_key_version IS NULL AND f.category IN (%s, '*'))"
                " ON CONFLICT DO NOTHING",
                (token, kind, category, subject_id, partnership_id, subject_id, category),
            )


def _well_formed(values: dict[str, str]) -> dict[str, str]:
    # A value that cannot be normalised cannot be found either; it must not stop the projection.
    kept = {}
    for kind, value in values.items():
        try:
            normalise(KINDS[kind], value)
        except IdentifierFormatError:
            continue
        kept[kind] = value
    return kept


class SubjectIndexTable:
    create_sql = CREATE
    drop_sql = DROP

    def __init__(self, blind_key: bytes) -> None:
        self._key = blind_key

    def writer(self, cursor: Cursor[Any]) -> SubjectIndexRows:
        return SubjectIndexRows(cursor, self._key)


class SubjectQueries:
    def __init__(self, db: Database, blind_key: bytes) -> None:
        self._db, self._key = db, blind_key

    def search(self, partnership_id: str, values: dict[str, str]) -> list[dict[str, Any]]:
        """Candidate subjects whose identifiers match, strongest evidence first."""
        tokens = [token for _, token in lookup_tokens(self._key, values)]
        with self._db.connection() as conn:
            return conn.execute(
                "SELECT subject_id, array_agg(DISTINCT kind ORDER BY kind) AS matched"
                " FROM subject_lookup WHERE partnership_id = %s AND token = ANY(%s)"
                " GROUP BY subject_id ORDER BY count(DISTINCT kind) DESC, subject_id LIMIT 50",
                (partnership_id, tokens),
            ).fetchall()

    def appearances(
        self, subject_id: UUID, partnership_id: str, *, after: int, limit: int
    ) -> list[dict[str, Any]]:
        with self._db.connection() as conn:
            return conn.execute(
                "SELECT position, aggregate_id, event_type,"
                " array_agg(field_path ORDER BY field_path) AS fields,"
                " array_agg(DISTINCT category) AS categories FROM subject_index"
                " WHERE subject_id = %s AND partnership_id = %s AND position > %s"
                " GROUP BY position, aggregate_id, event_type ORDER BY position LIMIT %s",
                (subject_id, partnership_id, after, limit),
            ).fetchall()
