"""The checkpoint file: every signed checkpoint appended outside the database.

A database administrator who rewrites the events, the tree and the checkpoint table can make
the database agree with itself; only a copy they cannot rewrite catches that. Each entry is one
signed note followed by a blank line, so the file reads as text and ``cat`` shows the history::

    <origin>\\n<size>\\n<root>\\ntimestamp ...\\n\\n— <name> <signature>\\n\\n

Entries are appended with a single ``write`` on an ``O_APPEND`` descriptor and fsync'd, so a
crash leaves at most one torn entry at the end, which ``read_checkpoint_file`` reports apart.
Point it at append-only storage (see docs/security.md, "Audit integrity").
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class CheckpointFileContents:
    """The notes in a checkpoint file, and whether its last entry was cut short."""

    notes: list[str]
    torn_tail: bool


def append_checkpoint(path: Path, note: str) -> None:
    """Append one signed note to ``path`` (created, with its directory, on first use)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, (note + "\n").encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)


def read_checkpoint_file(path: Path) -> CheckpointFileContents:
    """Return the notes of the checkpoint file at ``path``, oldest first.

    Raises ``OSError`` if it cannot be read. A note's text never holds a blank line and its
    signature lines never do either, so blank lines alternate between "text ends" and "entry
    ends".
    """
    text = path.read_text(encoding="utf-8")
    complete, _, tail = text.rpartition("\n\n")
    if not complete:
        return CheckpointFileContents([], torn_tail=bool(text.strip()))
    chunks = complete.split("\n\n")
    # An odd chunk out is a note text whose signature lines never arrived: left out.
    pairs = zip(chunks[0::2], chunks[1::2], strict=False)
    notes = [f"{body}\n\n{signatures}\n" for body, signatures in pairs]
    return CheckpointFileContents(notes, torn_tail=bool(tail.strip()) or len(chunks) % 2 == 1)
