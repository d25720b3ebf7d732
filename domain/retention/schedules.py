"""Retention schedules as data: per record class, the trigger, the period and the action.

No statutory retention period exists for review records (research/foi-sar.md §3); the periods
below are local-policy defaults, flagged ``verified=False`` until a partnership confirms them.
A record class whose trigger event is not recorded yet (review closure) never falls due.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from types import MappingProxyType

from domain.clocks import add_months
from domain.errors import DomainError
from domain.personal import Category

SCHEDULE_VERSION = "2026-1"


class Action(StrEnum):
    """What happens when a record's retention period ends."""

    RETAIN_PERMANENTLY = "retain-permanently"
    REVIEW = "review"
    ERASE_CATEGORY = "erase-category"
    ANONYMISE = "anonymise"


@dataclass(frozen=True, slots=True)
class Schedule:
    """One record class's retention rule; ``months`` None for records kept permanently.

    ``triggers`` are event names; the latest one recorded for a record starts its period.
    """

    record_class: str
    description: str
    triggers: tuple[str, ...]
    months: int | None
    action: Action
    categories: tuple[Category, ...] = ()
    source: str = ""
    verified: bool = False

    def due_on(self, triggered_on: date) -> date | None:
        """When a record triggered on ``triggered_on`` falls due; None if kept permanently."""
        return None if self.months is None else add_months(triggered_on, self.months)


_ALL = (
    Schedule(
        "foi-request",
        "FOI/EIR request, response and internal review (the requester's data)",
        ("FoiResponded", "InternalReviewDecided"),
        36,
        Action.ANONYMISE,
        source="local policy default: 3 years after the last action [verify]",
    ),
    Schedule(
        "sar-request",
        "Subject access request case file (the requester's data)",
        ("SarResponded",),
        24,
        Action.ANONYMISE,
        source="local policy default: 2 years after the response [verify]",
    ),
    Schedule(
        "disclosure-working-copy",
        "Document version held for redaction and disclosure",
        ("RedactionSetApplied",),
        36,
        Action.REVIEW,
        categories=(Category.NARRATIVE,),
        source="kept while an FOI response may be appealed; then reviewed [verify]",
    ),
    Schedule(
        "learning-review-scotland",
        "Learning Review (Scotland): report and decision record",
        ("ReviewClosed",),
        None,
        Action.RETAIN_PERMANENTLY,
        source="brief: retained in perpetuity [verify page and owner]",
    ),
    Schedule(
        "practice-review-england-wales",
        "CSPR (England) / CPR and SUSR (Wales) case records",
        ("ReviewClosed",),
        35 * 12,
        Action.REVIEW,
        categories=tuple(Category),
        source="R (C) v Northumberland CC [2015] EWHC 2134: 35 years after closure [verify]",
    ),
)

SCHEDULES: Mapping[str, Schedule] = MappingProxyType({s.record_class: s for s in _ALL})


def schedule(record_class: str) -> Schedule:
    """The schedule of ``record_class``; raises DomainError ``retention.unknown-record-class``."""
    found = SCHEDULES.get(record_class)
    if found is None:
        raise DomainError("retention.unknown-record-class", "no schedule for that record class")
    return found
