"""What an FOI request may do: regimes, clock rules, outcomes, and the checks on exemptions.

The regime belongs to the *receiving authority* (research/foi-sar.md §2): a Scottish authority
answers under FOISA, any other under FOIA, and requests for environmental information under EIR.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Any
from uuid import UUID

from domain.clocks import EIR, FOIA, FOISA, ClockRule, DayZero, Unit
from domain.errors import DomainError
from domain.exemptions import Regime
from domain.redaction import RedactionSet
from domain.request_clock import Nation

REGIME_RULES: Mapping[Regime, ClockRule] = MappingProxyType(
    {Regime.FOIA: FOIA, Regime.FOISA: FOISA, Regime.EIR: EIR}
)


def _review_rule(
    rule_id: str, description: str, days: int, calendar: str, source: str
) -> ClockRule:
    return ClockRule(
        id=rule_id,
        description=description,
        unit=Unit.WORKING_DAYS,
        amount=days,
        calendar=calendar,
        day_zero=DayZero.RECEIPT,
        source=source,
    )


INTERNAL_REVIEW_RULES: Mapping[Regime, ClockRule] = MappingProxyType(
    {
        Regime.FOIA: _review_rule(
            "foia-internal-review",
            "FOIA internal review",
            20,
            "uk-any",
            "FOIA s.45 Code of Practice 2018: normally 20 working days (40 at most) [verify]",
        ),
        Regime.FOISA: _review_rule(
            "foisa-review", "FOISA review", 20, "scotland", "FOISA 2002 s.21(1)"
        ),
        Regime.EIR: _review_rule(
            "eir-reconsideration", "EIR reconsideration", 40, "uk-any", "EIR 2004 reg 11(4)"
        ),
    }
)
EXTENSION_BASIS: Mapping[Regime, str] = MappingProxyType(
    {
        Regime.FOIA: "FOIA s.10(3): considering the public interest",
        Regime.EIR: "EIR reg 7(1): complex and voluminous",
    }
)


class Outcome(StrEnum):
    """How a request was answered."""

    DISCLOSED_IN_FULL = "disclosed-in-full"
    DISCLOSED_IN_PART = "disclosed-in-part"
    REFUSED = "refused"
    NEITHER_CONFIRM_NOR_DENY = "neither-confirm-nor-deny"


class ReviewOutcome(StrEnum):
    """What an internal review decided about the original response."""

    UPHELD = "upheld"
    VARIED = "varied"
    OVERTURNED = "overturned"


class FoiStatus(StrEnum):
    """Where a request is."""

    OPEN = "open"
    AWAITING_CLARIFICATION = "awaiting-clarification"
    AWAITING_FEE = "awaiting-fee"
    RESPONDED = "responded"
    UNDER_INTERNAL_REVIEW = "under-internal-review"
    REVIEWED = "reviewed"


def regime_for(nation: Nation, environmental: bool) -> Regime:
    """The regime of a request received by an authority in ``nation``.

    Raises DomainError ``foi.eir-scotland-unsupported``: EIR (Scotland) 2004 has no clock rule yet.
    """
    if nation is Nation.SCOTLAND:
        if environmental:
            raise DomainError(
                "foi.eir-scotland-unsupported", "EIR (Scotland) requests are not supported yet"
            )
        return Regime.FOISA
    return Regime.EIR if environmental else Regime.FOIA


def check_public_interest(needed: bool, favours: str | None, reasoning: str) -> None:
    """A qualified exemption needs a public interest test (``maintain`` or ``disclose``, and
    why); an absolute one must not carry one.

    Raises DomainError ``foi.public-interest-test-required`` or
    ``foi.public-interest-test-not-applicable``.
    """
    if not needed:
        if favours is not None or reasoning.strip():
            raise DomainError(
                "foi.public-interest-test-not-applicable",
                "an absolute exemption has no public interest test",
            )
        return
    if favours not in ("maintain", "disclose") or not reasoning.strip():
        raise DomainError(
            "foi.public-interest-test-required",
            "a qualified exemption needs a public interest test: which way it favours, and why",
        )


def check_reliance(
    outcome: Outcome, relied_on: list[str], considered: Mapping[str, Mapping[str, Any]]
) -> None:
    """Anything withheld relies on exemptions that were considered, and a qualified one only
    where its public interest test favours maintaining it.

    Raises DomainError ``foi.full-disclosure-with-exemption``, ``foi.response-needs-exemption``,
    ``foi.exemption-not-considered`` or ``foi.public-interest-favours-disclosure``.
    """
    if outcome is Outcome.DISCLOSED_IN_FULL:
        if relied_on:
            raise DomainError(
                "foi.full-disclosure-with-exemption", "a full disclosure relies on no exemption"
            )
        return
    if not relied_on:
        raise DomainError("foi.response-needs-exemption", "name the exemptions relied on")
    for code in relied_on:
        if code not in considered:
            raise DomainError("foi.exemption-not-considered", f"{code} was not considered")
        if considered[code]["public_interest_favours"] == "disclose":
            raise DomainError(
                "foi.public-interest-favours-disclosure",
                f"the public interest test for {code} favours disclosure",
            )


def check_disclosure_set(
    redaction_set_id: UUID | None, redaction_set: RedactionSet | None, partnership_id: str
) -> None:
    """A response disclosing through a redaction set names one of the partnership's applied
    sets (``redaction_set`` is None when the set named was not found).

    Raises DomainError ``foi.redaction-set-unknown`` or ``foi.redaction-set-not-applied``.
    """
    if redaction_set_id is None:
        return
    if (
        redaction_set is None
        or redaction_set.id != redaction_set_id
        or redaction_set.partnership_id != partnership_id
    ):
        raise DomainError("foi.redaction-set-unknown", "no such redaction set in your partnership")
    if redaction_set.applied is None:
        raise DomainError(
            "foi.redaction-set-not-applied", "the redaction set must be approved and applied first"
        )
