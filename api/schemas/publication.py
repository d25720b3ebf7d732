"""Request bodies of the commands that hold publication back or clear it."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from api.schemas.review_commands import CommandIn, TextStr, example


class DeferralIn(CommandIn):
    model_config = example(
        reason="criminal-proceedings",
        detail="Trial listed for March; COPFS asked that nothing is published before verdict.",
        lifted_by_role="chair",
        deferred_on="2026-08-01",
    )

    reason: Literal[
        "criminal-proceedings", "fatal-accident-inquiry", "inquest", "family", "court-order"
    ]
    detail: TextStr
    lifted_by_role: str = Field(min_length=1, max_length=50)
    deferred_on: date


class DeferralLiftIn(CommandIn):
    model_config = example(lifted_on="2026-10-01")

    lifted_on: date


class ClearanceIn(CommandIn):
    """The body running open criminal proceedings or an FAI agreed to publication going ahead
    before they conclude; ``reference`` says where that agreement is recorded (no names)."""

    model_config = example(
        reference="COPFS letter ref. PF/2026/114 of 20 August 2026", cleared_on="2026-08-21"
    )

    reference: TextStr
    cleared_on: date
