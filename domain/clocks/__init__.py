"""Pure deadline clocks: rules as data, calendars as a port, explained results.

``compute(rule, start, calendar, …)`` counts working days, calendar days, weeks or months from a
start event (or backwards from a planned date), honouring day-0 conventions, pauses, restarts
and extensions, and returns a ``Deadline`` whose steps say why every day counted or not.
"""

from domain.clocks.builtin import BUILTIN_RULES, EIR, FOIA, FOISA, UK_GDPR_SAR
from domain.clocks.calendar import Calendar, FixedCalendar, weekend_reason
from domain.clocks.counting import add_months
from domain.clocks.engine import compute, status, working_days_between
from domain.clocks.model import (
    ClockError,
    ClockRule,
    ClockStatus,
    DayZero,
    Deadline,
    Direction,
    Extension,
    ExtensionPolicy,
    Pause,
    Restart,
    Step,
    StepKind,
    Unit,
)

__all__ = [
    "BUILTIN_RULES",
    "EIR",
    "FOIA",
    "FOISA",
    "UK_GDPR_SAR",
    "Calendar",
    "ClockError",
    "ClockRule",
    "ClockStatus",
    "DayZero",
    "Deadline",
    "Direction",
    "Extension",
    "ExtensionPolicy",
    "FixedCalendar",
    "Pause",
    "Restart",
    "Step",
    "StepKind",
    "Unit",
    "add_months",
    "compute",
    "status",
    "weekend_reason",
    "working_days_between",
]
