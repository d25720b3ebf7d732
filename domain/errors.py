"""Domain errors: an invalid command is refused before anything is recorded.

Every refusal names the rule that refused it, so the API can report it (``rule`` in problem+json)
and governance officers can trace it. Messages never contain personal data.
"""

from __future__ import annotations


class DomainError(Exception):
    """A command the rules forbid; ``rule`` is a stable id such as ``review.summary-required``."""

    def __init__(self, rule: str, message: str) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message


class NotFound(Exception):
    """The requested aggregate or record does not exist (or is not visible to the caller)."""

    def __init__(self, kind: str, identifier: object) -> None:
        super().__init__(f"{kind} {identifier} not found")
        self.kind = kind
        self.identifier = identifier


class ConcurrencyConflict(Exception):
    """Another command changed the aggregate first; ``current_version`` is what it is now."""

    def __init__(self, aggregate_id: object, current_version: int | None) -> None:
        super().__init__(f"{aggregate_id} was changed by another command")
        self.aggregate_id = aggregate_id
        self.current_version = current_version


class VersionMismatch(Exception):
    """The client's ``If-Match`` version is not the aggregate's current version."""

    def __init__(self, expected: int, current: int) -> None:
        super().__init__(f"expected version {expected}, current version is {current}")
        self.expected = expected
        self.current = current
