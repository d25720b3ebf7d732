"""Made-up people, places and words for bulk demo data, drawn from a seeded random generator.

Everything here is a pure function of the ``random.Random`` it is given, so the same seed gives
the same people (names, dates of birth, NHS or CHI numbers) every time. The names are common
British names put together at random: any resemblance to a real person is coincidence.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from uuid import UUID

from domain.review import Jurisdiction
from domain.review.intake import ReviewOutline

FIRST_NAMES = (
    "Amelia", "Isla", "Olivia", "Freya", "Ava", "Emily", "Sophie", "Grace", "Ella", "Mia",
    "Ffion", "Seren", "Cerys", "Megan", "Niamh", "Eilidh", "Ruby", "Lily", "Evie", "Chloe",
    "Jack", "Oliver", "Harry", "Noah", "Leo", "Charlie", "Lewis", "Rory", "Callum", "Finn",
    "Dylan", "Rhys", "Osian", "Cai", "Ewan", "Archie", "Jacob", "Thomas", "Alfie", "Logan",
)  # fmt: skip
SURNAMES = (
    "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas",
    "Roberts", "Johnson", "Lewis", "Walker", "Robinson", "Wood", "Thompson", "White", "Watson",
    "Jackson", "Wright", "Green", "Harris", "Cooper", "King", "Lee", "Martin", "Clarke",
    "Campbell", "Stewart", "Anderson", "MacDonald", "Scott", "Reid", "Murray", "Morgan",
    "Hughes", "Price", "Griffiths", "Edwards", "O'Brien",
)  # fmt: skip
AGENCIES = (
    "Health board",
    "Police",
    "Education",
    "Children's social work",
    "Adult social care",
    "Housing",
    "General practice",
    "Ambulance service",
    "Third sector",
)
WORRIES = (
    "unexplained bruising",
    "missed health appointments",
    "poor school attendance",
    "domestic abuse reported by a neighbour",
    "concerns about parental alcohol use",
    "an injury the explanation did not fit",
    "weight loss noticed by the nursery",
    "the home found cold and without food",
)
RELATIVES = ("mother", "father", "grandmother", "grandfather", "aunt", "stepfather", "sibling")
FAMILY_GROUP = {
    "mother": "parent",
    "father": "parent",
    "grandmother": "grandparent",
    "grandfather": "grandparent",
    "aunt": "aunt-or-uncle",
    "stepfather": "step-parent",
    "sibling": "sibling",
}
"""Each relative's place in the family group, in the guidance's words."""
OUTLINE = ReviewOutline(
    time_period_covered="The two years before the incident",
    agencies_involved=("Health board", "Police", "Education"),
    chair_independent=True,
    core_issues="How agencies shared information about the child.",
    reviewer="An independent reviewer from a neighbouring board",
    costs="The reviewer's fee, met by the board",
    first_panel_on=date(2024, 4, 8),
    expected_completion_on=date(2024, 9, 1),
)
"""The outline of the proposed review a recommendation carries (Wales requires it)."""
PRACTITIONER_ROLES = (
    "health visitor",
    "social worker",
    "class teacher",
    "police constable",
    "general practitioner",
    "school nurse",
    "housing officer",
)
THEMES = (
    "information sharing",
    "professional curiosity",
    "the voice of the child",
    "escalation of concerns",
    "working with fathers",
    "neglect recognised late",
)


@dataclass(frozen=True)
class Person:
    """Someone the demo records personal data about, with the identifiers a SAR would use."""

    subject_id: UUID
    name: str
    date_of_birth: date | None = None
    identifiers: dict[str, str] = field(default_factory=dict)


def new_id(rng: random.Random) -> UUID:
    """A version-4 UUID drawn from ``rng`` (so the same seed gives the same ids)."""
    return UUID(int=rng.getrandbits(128), version=4)


def name(rng: random.Random, surname: str | None = None) -> str:
    return f"{rng.choice(FIRST_NAMES)} {surname or rng.choice(SURNAMES)}"


def child(rng: random.Random, jurisdiction: Jurisdiction, on: date, surname: str) -> Person:
    """A child under 16 on ``on``, with an NHS number (a CHI number in Scotland)."""
    born = on - timedelta(days=rng.randrange(60, 16 * 365))
    return _with_identifier(rng, jurisdiction, name(rng, surname), born)


def adult(rng: random.Random, jurisdiction: Jurisdiction, on: date, surname: str) -> Person:
    """An adult of 18 to 90 on ``on``, with an NHS (or CHI) number."""
    born = on - timedelta(days=rng.randrange(18 * 365, 90 * 365))
    return _with_identifier(rng, jurisdiction, name(rng, surname), born)


def professional(rng: random.Random) -> Person:
    """A practitioner or review team member: a name only."""
    return Person(new_id(rng), name(rng))


def _with_identifier(
    rng: random.Random, jurisdiction: Jurisdiction, full: str, born: date
) -> Person:
    if jurisdiction is Jurisdiction.SCOTLAND:
        identifiers = {"chi-number": chi_number(rng, born)}
    else:
        identifiers = {"nhs-number": nhs_number(rng)}
    return Person(new_id(rng), full, born, identifiers)


def nhs_number(rng: random.Random) -> str:
    """Ten digits whose last is the modulus-11 check digit (as real NHS numbers have)."""
    while True:
        digits = [rng.randrange(10) for _ in range(9)]
        check = _mod11(digits)
        if check is not None:
            return "".join(map(str, digits)) + str(check)


def chi_number(rng: random.Random, born: date) -> str:
    """DDMMYY of birth, three digits (the ninth even or odd by sex), a modulus-11 check digit."""
    while True:
        digits = [int(c) for c in born.strftime("%d%m%y")] + [rng.randrange(10) for _ in range(3)]
        check = _mod11(digits)
        if check is not None:
            return "".join(map(str, digits)) + str(check)


def _mod11(digits: list[int]) -> int | None:
    check = 11 - sum(d * (10 - i) for i, d in enumerate(digits)) % 11
    if check == 10:
        return None  # no such number: draw again
    return 0 if check == 11 else check
