"""What every read model is: a pure mapping from stored events to writes on its view.

A projection decides *what* changes; its view adapter (adapters/postgres/views) decides *how*
rows are written. The runner feeds events in log order and commits the view's writes together
with the projection's position, so each event is applied exactly once.
"""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

WriterT = TypeVar("WriterT", contravariant=True)


class Projection(Protocol[WriterT]):
    """A read model. ``version`` changes whenever its output for the same events would change."""

    name: str
    version: int

    def apply(self, event: Any, position: int, writer: WriterT) -> None:
        """Record the effect of one event (ignore events it does not care about)."""
        ...
