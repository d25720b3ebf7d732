"""Request bodies of the publication deferral commands."""

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
