"""One generated review: its shape drawn from the seed, then driven through the use cases.

A review's shape (rule set, partnership, date of notification, how far it got, how many
agencies, relatives, practitioners, learning points and actions) depends only on the seed and
the review's number, so review 7 of seed 1 is the same whatever else is generated. The steps
follow the guidance's order (``demo_steps``), on days counted from the notification; a review
goes no further than its planned stage, nor past ``HORIZON`` (a fixed "today", so the data do not
depend on when they are generated): older reviews are mostly closed, recent ones in progress.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from enum import IntEnum
from typing import Any
from uuid import UUID

from api.cli.demo import CASES
from api.cli.demo_batch import BatchTrail
from api.cli.demo_people import SURNAMES, Person, child, new_id
from api.cli.demo_review import DemoCase, give_owed_notices
from domain.clocks.registry import CalendarSource
from domain.meta import Meta
from domain.personal import Category, Personal
from domain.review import Jurisdiction, Review

HORIZON = date(2026, 11, 1)
FIRST_WEEK = date(2021, 1, 1)  # a Friday, like the demo's notification (2024-03-01)
# The window each rule set was in force (by week), so every review runs under its rules.
WINDOWS = {
    "scotland.cpc-learning-review": (date(2021, 1, 1), date(2026, 10, 30)),
    "scotland.apc-learning-review": (date(2022, 5, 27), date(2026, 10, 30)),
    "wales.cpr": (date(2021, 1, 1), date(2024, 9, 27)),
    "england.cspr": (date(2023, 12, 15), date(2026, 10, 30)),
}
PARTNERSHIPS = {
    "scotland.cpc-learning-review": ("glasgow-cpc", "highland-cpc", "fife-cpc"),
    "scotland.apc-learning-review": ("glasgow-apc", "lothian-apc", "tayside-apc"),
    "wales.cpr": ("cwm-taf-morgannwg-board", "gwent-board", "north-wales-board"),
    "england.cspr": ("leeds-partnership", "kent-partnership", "manchester-partnership"),
}
WALES_CONCISE = DemoCase(
    Jurisdiction.WALES,
    "cpr",
    "South Wales Police",
    "Serious injury to a toddler not known to children's services.",
    {
        "abuse-or-neglect-known-or-suspected": True,
        "died": False,
        "serious-harm": True,
        "on-cp-register-within-6-months": False,
        "looked-after": False,
        "care-leaver-under-18": False,
    },
    "concise",
)
VARIANTS = (*CASES, WALES_CONCISE)


class Stage(IntEnum):
    """How far a generated review gets (the last step it completes)."""

    NOTIFIED = 0
    RECOMMENDED = 1
    DECIDED = 2
    COMMISSIONED = 3
    EVIDENCE = 4
    LEARNING = 5
    REPORTED = 6
    PUBLISHED = 7
    CLOSED = 8


# Most reviews of a national record are finished: weights for the stage a review aims at.
STAGE_WEIGHTS = (2, 2, 3, 3, 6, 6, 8, 10, 60)


@dataclass(frozen=True)
class Shape:
    """What one generated review will hold."""

    case: DemoCase
    partnership: str
    received_on: date
    stage: Stage
    declined: bool
    agencies: int
    relatives: int
    practitioners: int
    entries: int
    learning_points: int
    learning_events: int
    actions: int
    progress_reports: int
    meetings: int
    paused: bool
    foi: bool
    sar: bool


def rule_set_key(case: DemoCase) -> str:
    return f"{case.jurisdiction.value}.{case.review_type}"


def shape_of(seed: int, number: int) -> Shape:
    """Review ``number``'s shape under ``seed`` (rule sets in turn, the rest drawn at random)."""
    rng = random.Random(f"shape:{seed}:{number}")
    case = VARIANTS[number % len(VARIANTS)]
    first, last = WINDOWS[rule_set_key(case)]
    weeks = (last - first).days // 7
    received = FIRST_WEEK + timedelta(weeks=(first - FIRST_WEEK).days // 7 + rng.randrange(weeks))
    return Shape(
        case=case,
        partnership=rng.choice(PARTNERSHIPS[rule_set_key(case)]),
        received_on=received,
        stage=Stage(rng.choices(range(len(Stage)), STAGE_WEIGHTS)[0]),
        declined=rng.random() < 0.06,
        agencies=rng.randint(3, 6),
        relatives=rng.randint(2, 5),
        practitioners=rng.randint(3, 8),
        entries=rng.randint(3, 8),
        learning_points=rng.randint(3, 8),
        learning_events=rng.randint(1, 2),
        actions=rng.randint(2, 6),
        meetings=rng.randint(2, 6),
        progress_reports=rng.randint(1, 3),
        paused=rng.random() < 0.15,
        foi=rng.random() < 0.4,
        sar=rng.random() < 0.35,
    )


class BulkReview:
    """Drives one review of ``shape`` through ``trail``; ``rng`` draws its people and ids."""

    def __init__(
        self, trail: BatchTrail, calendars: CalendarSource, shape: Shape, rng: random.Random
    ) -> None:
        self.trail, self.calendars, self.shape, self.rng = trail, calendars, shape, rng
        self.surname = rng.choice(SURNAMES)
        self.child = child(rng, shape.case.jurisdiction, shape.received_on, self.surname)
        self.people: dict[str, Person] = {}
        self.review_id = trail.receive_notification(
            jurisdiction=shape.case.jurisdiction,
            notifying_agency=shape.case.agency,
            summary=shape.case.summary,
            received_on=shape.received_on,
            review_type=shape.case.review_type,
            meta=self.meta("administrator"),
        ).id
        self.register("child", self.child, "child")

    def day(self, offset: int) -> date:
        """The day ``offset`` days after the notification."""
        return self.shape.received_on + timedelta(days=offset)

    def meta(self, role: str) -> Meta:
        return Meta(f"demo-{role}", role, self.shape.partnership, new_id(self.rng))

    def register(self, label: str, person: Person, relationship: str) -> UUID:
        """Register ``person`` as a data subject of the partnership, known as ``label``."""
        identity = Category.IDENTITY
        dob = person.date_of_birth
        self.trail.register_subject(
            subject_id=person.subject_id,
            relationship=relationship,
            name=Personal(person.subject_id, identity, person.name),
            date_of_birth=Personal(person.subject_id, identity, dob.isoformat()) if dob else None,
            identifiers={
                k: Personal(person.subject_id, identity, v) for k, v in person.identifiers.items()
            },
            meta=self.meta("administrator"),
        )
        self.people[label] = person
        return person.subject_id

    def about(self, label: str, text: str, category: Category = Category.NARRATIVE) -> Personal:
        """``text`` as personal data of the person known as ``label``."""
        return Personal(self.people[label].subject_id, category, text)

    def run(self, use_case: Any, actor: str = "chair", **kwargs: Any) -> None:
        """Call ``use_case`` on the review as a user holding the ``actor`` role."""
        use_case(self.review_id, meta=self.meta(actor), **kwargs)

    @property
    def review(self) -> Review:
        return self.trail.get_review(self.review_id, self.shape.partnership)

    def give_notices(self, on: date, only: str | None = None) -> None:
        """Give every notice the rule set says is owed now (as ``DemoReview`` does)."""
        give_owed_notices(
            self.review,
            self.run,
            self.trail,
            self.calendars,
            on,
            only,
            lambda _: f"REF-{self.rng.randrange(10**6):06d}",
        )
