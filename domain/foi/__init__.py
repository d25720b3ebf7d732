"""FOI requests (FOIA 2000, FOISA 2002, EIR 2004): the aggregate and the rules it applies."""

from domain.foi.policy import (
    INTERNAL_REVIEW_RULES,
    REGIME_RULES,
    FoiStatus,
    Outcome,
    ReviewOutcome,
    regime_for,
)
from domain.foi.request import MOVES, FoiRequest, internal_review_clock, received_clock

__all__ = [
    "INTERNAL_REVIEW_RULES",
    "MOVES",
    "REGIME_RULES",
    "FoiRequest",
    "FoiStatus",
    "Outcome",
    "ReviewOutcome",
    "internal_review_clock",
    "received_clock",
    "regime_for",
]
