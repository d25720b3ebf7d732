"""Notices the rule set says are owed to other bodies, worked out from what has happened.

A notice is triggered by an event (e.g. the decision to hold a review) and discharged by a later
one (e.g. ExternalBodyNotified to the Care Inspectorate with that purpose). Whether it is owed at
all may depend on the kind of review and the assessed facts; while the facts needed are not yet
assessed, ``owed`` is None ("to be determined").
"""

from __future__ import annotations

from typing import Any

from domain.rules import MissingFact, Notification, RuleSet


def obligations(
    rules: RuleSet,
    occurred: list[tuple[str, dict[str, str]]],
    kind: str | None,
    facts: dict[str, bool] | None,
) -> list[dict[str, Any]]:
    """Every triggered notice that is (or may be) owed, with whether it was discharged."""
    found = []
    for notification in rules.notifications:
        status = _status(notification, occurred, kind, facts or {})
        if status is not None:
            body = rules.body(notification.recipient)
            found.append(
                {
                    "id": notification.id,
                    "recipient": notification.recipient,
                    "recipient_name": body.name,
                    "external": body.external,
                    "purpose": notification.purpose,
                    "triggered_by": notification.trigger.event,
                    "discharged_by": notification.discharged_by.event,
                    "clock": notification.clock,
                    **status,
                }
            )
    return found


def _status(
    notification: Notification,
    occurred: list[tuple[str, dict[str, str]]],
    kind: str | None,
    facts: dict[str, bool],
) -> dict[str, Any] | None:
    triggers = [
        i for i, (name, data) in enumerate(occurred) if notification.trigger.matches(name, data)
    ]
    if not triggers:
        return None
    try:
        owed: bool | None = notification.owed(kind, facts)
    except MissingFact:
        owed = None
    if owed is False:
        return None
    discharged = any(
        notification.discharged_by.matches(name, data)
        for name, data in occurred[triggers[-1] + 1 :]
    )
    return {"owed": owed, "discharged": discharged}


def outstanding(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The notices known to be owed and not yet discharged."""
    return [o for o in found if o["owed"] and not o["discharged"]]
