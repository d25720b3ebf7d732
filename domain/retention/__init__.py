"""Retention: schedules per record class, disposition with four eyes, and legal holds."""

from domain.retention.disposition import Disposition, DispositionStatus
from domain.retention.holds import (
    HoldType,
    LegalHold,
    SubjectHolds,
    refuse_if_held,
    subject_holds_id,
)
from domain.retention.schedules import SCHEDULE_VERSION, SCHEDULES, Action, Schedule, schedule

__all__ = [
    "SCHEDULES",
    "SCHEDULE_VERSION",
    "Action",
    "Disposition",
    "DispositionStatus",
    "HoldType",
    "LegalHold",
    "Schedule",
    "SubjectHolds",
    "refuse_if_held",
    "schedule",
    "subject_holds_id",
]
