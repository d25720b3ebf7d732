"""Built-in FOI and SAR clock rules (research/foi-sar.md section 2)."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from domain.clocks.model import ClockRule, DayZero, ExtensionPolicy, Unit

FOIA = ClockRule(
    id="foia",
    description="FOIA 2000 request",
    unit=Unit.WORKING_DAYS,
    amount=20,
    calendar="uk-any",
    day_zero=DayZero.RECEIPT,
    # s.10(3) says only "reasonable"; ICO expects no more than 20 further working days, and the
    # s.17 notice that the public interest is being considered is still due by day 20.
    extension=ExtensionPolicy(
        unit=Unit.WORKING_DAYS,
        default_amount=20,
        notice_within_period=True,
        basis="FOIA s.10(3) public interest test; s.17(2) notice within 20 working days",
    ),
    source="FOIA 2000 s.10(1), s.10(6): bank holiday in any part of the United Kingdom",
    explanation=(
        "20 working days after receipt (the day of receipt is day 0), on the uk-any calendar; "
        "restarted when clarification is received; extendable for the public interest test"
    ),
)

FOISA = ClockRule(
    id="foisa",
    description="FOISA 2002 request",
    unit=Unit.WORKING_DAYS,
    amount=20,
    calendar="scotland",
    day_zero=DayZero.RECEIPT,
    extension=None,  # FOISA has no public-interest extension
    source="FOISA 2002 s.10(1), s.73: bank holiday in Scotland",
    explanation=(
        "20 working days after receipt (the day of receipt is day 0), on the scotland "
        "calendar; restarted when clarification is received; no extension"
    ),
)

EIR = ClockRule(
    id="eir",
    description="EIR 2004 request",
    unit=Unit.WORKING_DAYS,
    amount=20,
    calendar="uk-any",
    day_zero=DayZero.RECEIPT,
    extension=ExtensionPolicy(
        unit=Unit.WORKING_DAYS,
        default_amount=20,
        max_amount=20,
        notice_within_period=True,
        basis="EIR 2004 reg 7(1): 40 working days if complex and voluminous; reg 7(3) notice",
    ),
    source="EIR 2004 reg 5(2), reg 2: bank holiday in any part of the United Kingdom",
    explanation=(
        "20 working days after receipt (the day of receipt is day 0), on the uk-any calendar; "
        "extendable by 20 working days for complex and voluminous requests"
    ),
)

UK_GDPR_SAR = ClockRule(
    id="uk-gdpr-sar",
    description="UK GDPR subject access request",
    unit=Unit.MONTHS,
    amount=1,
    calendar="england-and-wales",
    day_zero=DayZero.RECEIPT,
    roll_forward=True,
    extension=ExtensionPolicy(
        unit=Unit.MONTHS,
        default_amount=2,
        max_amount=2,
        notice_within_period=True,
        basis="UK GDPR Art 12(3): up to two further months, notice with reasons within one month",
    ),
    source="UK GDPR Art 12(3); ICO right of access guidance (corresponding date, roll forward)",
    explanation=(
        "1 month after receipt: the corresponding date in the next month (its last day when it "
        "has none), moved to the next working day; extendable by 1 or 2 further months"
    ),
)

BUILTIN_RULES: Mapping[str, ClockRule] = MappingProxyType(
    {rule.id: rule for rule in (FOIA, FOISA, EIR, UK_GDPR_SAR)}
)
