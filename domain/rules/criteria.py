"""Criteria expressions: boolean formulas over named facts about a case.

In JSON an expression is a criterion id (``"died"``), ``{"all": [...]}``, ``{"any": [...]}`` or
``{"not": ...}``. Evaluation needs every fact it mentions, so a missing answer never reads as "no".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from domain.errors import DomainError


class MissingFact(DomainError):
    """A criteria expression needs a fact the caller did not supply (rule `rules.missing-fact`)."""

    def __init__(self, criterion: str) -> None:
        super().__init__("rules.missing-fact", f"fact {criterion!r} is needed and was not given")
        self.criterion = criterion


@dataclass(frozen=True)
class Fact:
    """A criterion that must be true."""

    criterion: str = field(metadata={"ref": "criterion"})

    def holds(self, facts: Mapping[str, bool]) -> bool:
        """Look the criterion up in `facts`; raises MissingFact when it is absent."""
        if self.criterion not in facts:
            raise MissingFact(self.criterion)
        return facts[self.criterion]


@dataclass(frozen=True)
class AllOf:
    """True when every term holds."""

    terms: tuple[Expr, ...]

    def holds(self, facts: Mapping[str, bool]) -> bool:
        """Evaluate every term: a list, not a generator, so a missing fact always raises."""
        return all([term.holds(facts) for term in self.terms])


@dataclass(frozen=True)
class AnyOf:
    """True when at least one term holds."""

    terms: tuple[Expr, ...]

    def holds(self, facts: Mapping[str, bool]) -> bool:
        """Evaluate every term: a list, not a generator, so a missing fact always raises."""
        return any([term.holds(facts) for term in self.terms])


@dataclass(frozen=True)
class Not:
    """True when the term does not hold."""

    term: Expr

    def holds(self, facts: Mapping[str, bool]) -> bool:
        """Negate the term."""
        return not self.term.holds(facts)


Expr = Fact | AllOf | AnyOf | Not
