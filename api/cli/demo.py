"""Demo data: a handful of reviews recorded through the real command path."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

from api.deps import Services
from domain.meta import Meta
from domain.review import Jurisdiction

DEMO_PARTNERSHIP = "demo-partnership"
NOTIFICATIONS = [
    (
        Jurisdiction.SCOTLAND,
        "Police Scotland",
        "Serious harm to a child known to education and health.",
    ),
    (
        Jurisdiction.WALES,
        "Gwent Police",
        "Death of an infant; family known to children's services.",
    ),
    (Jurisdiction.ENGLAND, "Leeds City Council", "Serious injury to a child subject to a plan."),
]


def seed_demo(services: Services) -> int:
    """Record one notification per jurisdiction for the demo partnership; return how many."""
    meta = Meta(
        actor_id="demo-administrator",
        actor_role="administrator",
        partnership_id=DEMO_PARTNERSHIP,
        correlation_id=uuid4(),
    )
    for jurisdiction, agency, summary in NOTIFICATIONS:
        services.app.receive_notification(
            jurisdiction=jurisdiction,
            notifying_agency=agency,
            summary=summary,
            received_on=date(2026, 11, 2),
            meta=meta,
        )
    return len(NOTIFICATIONS)
