"""Demo data: one complete review per shipped rule set, recorded through the real command path."""

from __future__ import annotations

from uuid import UUID

from api.cli.demo_conduct import STEPS
from api.cli.demo_review import PARTNERSHIP, DemoCase, DemoReview
from api.deps import Services
from domain.review import Jurisdiction

DEMO_PARTNERSHIP = PARTNERSHIP
CASES = (
    DemoCase(
        Jurisdiction.SCOTLAND,
        "cpc-learning-review",
        "Police Scotland",
        "Death of a child known to education and health.",
        {
            "died": True,
            "significantly-harmed": False,
            "at-risk-of-death-or-significant-harm": False,
            "effective-practice-prevented-harm": False,
        },
        "learning-review",
    ),
    DemoCase(
        Jurisdiction.SCOTLAND,
        "apc-learning-review",
        "NHS Lothian",
        "Serious harm to an adult at risk living in supported accommodation.",
        {"adult-harmed": True, "adult-at-risk-of-harm": True},
        "learning-review",
    ),
    DemoCase(
        Jurisdiction.WALES,
        "cpr",
        "Gwent Police",
        "Serious injury to an infant on the child protection register.",
        {
            "abuse-or-neglect-known-or-suspected": True,
            "died": False,
            "serious-harm": True,
            "on-cp-register-within-6-months": True,
            "looked-after": False,
            "care-leaver-under-18": False,
        },
        "extended",
        reviewers=2,
    ),
    DemoCase(
        Jurisdiction.ENGLAND,
        "cspr",
        "Leeds City Council",
        "Serious injury to a child subject to a child protection plan.",
        {
            "abuse-or-neglect-known-or-suspected": True,
            "died": False,
            "seriously-harmed": True,
            "looked-after": False,
            "care-leaver-up-to-24": False,
            "highlights-improvements": True,
            "recurrent-themes": False,
            "concerns-about-agencies-working-together": True,
            "panel-considers-local-review-appropriate": False,
        },
        "local",
    ),
)


def seed_demo(services: Services) -> int:
    """Record one complete review (notification to closure) per rule set; return how many."""
    for case in CASES:
        complete_review(services, case)
    return len(CASES)


def complete_review(services: Services, case: DemoCase) -> UUID:
    """Run one review of ``case`` from notification to closure; return its id."""
    demo = DemoReview(services.app, services.calendars, case)
    demo.gather_information()
    demo.decide()
    demo.commission()
    for step in STEPS:
        step(demo)
    return demo.review_id
