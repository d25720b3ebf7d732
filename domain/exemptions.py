"""Exemption codes as data: FOIA 2000, FOISA 2002, EIR 2004 and DPA 2018 (subject access).

A code is stored in events (``foia:s.40``), so never rename one. ``kind`` says how it applies:
an *absolute* exemption applies once engaged; a *qualified* one only when the public interest in
maintaining it outweighs the public interest in disclosure, so a public interest test must be
recorded; a DPA 2018 exemption is *conditional* on its own test (e.g. Sch. 2 para 16: is it
reasonable to disclose without the third party's consent), with no public interest test.
Sources: research/foi-sar.md section 2, "Exemptions relevant to safeguarding review material".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from domain.errors import DomainError


class Regime(StrEnum):
    """The access regime a request or an exemption belongs to."""

    FOIA = "foia"
    FOISA = "foisa"
    EIR = "eir"
    DPA = "dpa"


class Kind(StrEnum):
    """How an exemption applies (see the module docstring)."""

    ABSOLUTE = "absolute"
    QUALIFIED = "qualified"
    CONDITIONAL = "conditional"


@dataclass(frozen=True, slots=True)
class Exemption:
    """One exemption: ``label`` is what a disclosure shows in place of redacted text."""

    code: str
    regime: Regime
    label: str
    title: str
    kind: Kind

    @property
    def needs_public_interest_test(self) -> bool:
        """True for a qualified FOI exemption or EIR exception."""
        return self.kind is Kind.QUALIFIED


def _e(regime: Regime, label: str, title: str, kind: Kind) -> Exemption:
    return Exemption(f"{regime.value}:{label}", regime, label, title, kind)


_A, _Q, _C = Kind.ABSOLUTE, Kind.QUALIFIED, Kind.CONDITIONAL
_ALL = (
    _e(Regime.FOIA, "s.21", "Information reasonably accessible by other means", _A),
    _e(Regime.FOIA, "s.22", "Information intended for future publication", _Q),
    _e(Regime.FOIA, "s.30", "Investigations and proceedings", _Q),
    _e(Regime.FOIA, "s.31", "Law enforcement", _Q),
    _e(Regime.FOIA, "s.36", "Prejudice to effective conduct of public affairs", _Q),
    _e(Regime.FOIA, "s.38", "Health and safety", _Q),
    _e(Regime.FOIA, "s.40", "Personal information", _A),
    _e(Regime.FOIA, "s.41", "Information provided in confidence", _A),
    _e(Regime.FOIA, "s.44", "Prohibitions on disclosure", _A),
    _e(Regime.FOISA, "s.25", "Information otherwise accessible", _A),
    _e(Regime.FOISA, "s.26", "Prohibitions on disclosure", _A),
    _e(Regime.FOISA, "s.27", "Information intended for future publication", _Q),
    _e(Regime.FOISA, "s.30", "Prejudice to effective conduct of public affairs", _Q),
    _e(Regime.FOISA, "s.34", "Investigations by Scottish public authorities and proceedings", _Q),
    _e(Regime.FOISA, "s.35", "Law enforcement", _Q),
    _e(Regime.FOISA, "s.36(1)", "Confidentiality of communications (legal privilege)", _Q),
    _e(Regime.FOISA, "s.36(2)", "Information obtained in confidence", _A),
    _e(Regime.FOISA, "s.38", "Personal information", _A),
    _e(Regime.FOISA, "s.39", "Health, safety and the environment", _Q),
    _e(Regime.EIR, "reg.12(4)(e)", "Internal communications", _Q),
    _e(Regime.EIR, "reg.12(5)(b)", "Course of justice", _Q),
    _e(Regime.EIR, "reg.12(5)(f)", "Interests of the person who provided the information", _Q),
    _e(Regime.EIR, "reg.13", "Personal data", _A),
    _e(Regime.DPA, "Sch.2 para 2", "Crime and taxation", _C),
    _e(Regime.DPA, "Sch.2 para 16", "Protection of the rights of others (third parties)", _C),
    _e(Regime.DPA, "Sch.3 Pt 2", "Health data: serious harm", _C),
    _e(Regime.DPA, "Sch.3 Pt 3", "Social work data: serious harm", _C),
    _e(Regime.DPA, "Sch.3 Pt 5", "Child abuse data: not in the child's best interests", _C),
)

EXEMPTIONS: Mapping[str, Exemption] = MappingProxyType({e.code: e for e in _ALL})


def exemption(code: str) -> Exemption:
    """The exemption with this code; raises DomainError ``exemption.unknown`` if there is none."""
    found = EXEMPTIONS.get(code)
    if found is None:
        raise DomainError("exemption.unknown", "no exemption has that code")
    return found


def for_regime(regime: Regime) -> tuple[Exemption, ...]:
    """Every exemption of ``regime``, in code order."""
    return tuple(e for e in _ALL if e.regime is regime)
