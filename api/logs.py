"""Log output: plain text for people, or one JSON object per line for a log pipeline.

The request id of the request being served (the correlation id of the events it records) is
held in a context variable by the HTTP middleware and added to every record logged meanwhile.
Only what the code already logs is written: no field here carries personal data.
"""

from __future__ import annotations

import json
import logging
from contextvars import ContextVar
from datetime import UTC, datetime
from uuid import UUID

from adapters.settings import LogFormat

request_id: ContextVar[UUID | None] = ContextVar("request_id", default=None)
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"


class JsonFormatter(logging.Formatter):
    """One JSON object per record: timestamp, level, logger, message, request id if any."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "timestamp": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        current = request_id.get()
        if current is not None:
            entry["request_id"] = str(current)
        if record.exc_info and record.exc_info[0] is not None:
            # The exception's type only: its message or traceback may quote personal data.
            entry["error"] = record.exc_info[0].__name__
        return json.dumps(entry)


def formatter_for(log_format: LogFormat) -> logging.Formatter:
    """The formatter for a ``REVIEWTRAIL_LOG_FORMAT`` value."""
    if log_format is LogFormat.JSON:
        return JsonFormatter()
    return logging.Formatter(TEXT_FORMAT)


def configure(log_format: LogFormat, level: str = "INFO") -> None:
    """Send the root logger's records to stderr in ``log_format``, replacing other handlers."""
    handler = logging.StreamHandler()
    handler.setFormatter(formatter_for(log_format))
    logging.basicConfig(level=level, handlers=[handler], force=True)
