"""Opaque cursors for keyset pagination."""

from __future__ import annotations

import base64
from datetime import datetime
from uuid import UUID

from domain.errors import DomainError


def encode_cursor(opened_at: datetime, row_id: UUID) -> str:
    raw = f"{opened_at.isoformat()}|{row_id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, UUID]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        stamp, row_id = raw.split("|")
        return datetime.fromisoformat(stamp), UUID(row_id)
    except ValueError:
        raise DomainError("pagination.cursor-invalid", "the cursor is not valid") from None
