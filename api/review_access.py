"""Per-review authorisation: review-team roles act on and read only the reviews they are on.

Administrators, governance officers, DP leads and auditors work across their partnership. The
chair, reviewers, panel members and family liaison are on a review when their token's ``reviews``
claim names it, when they recorded its notification, or while they serve on its team (appointed
under their user id). Anyone else gets 404, exactly as for a review of another partnership, so a
review's existence is never disclosed. Docs: docs/api.md, "Authorisation per review".
"""

from __future__ import annotations

from dataclasses import replace
from uuid import UUID

from api.auth import Principal
from api.deps import Services
from domain.errors import NotFound
from domain.roles import Role

PARTNERSHIP_WIDE = frozenset(
    {Role.ADMINISTRATOR, Role.GOVERNANCE_OFFICER, Role.DP_LEAD, Role.AUDITOR}
)
REVIEW_TEAM = frozenset({Role.CHAIR, Role.REVIEWER, Role.PANEL_MEMBER, Role.FAMILY_LIAISON})


def roles_on_review(services: Services, principal: Principal, review_id: UUID) -> frozenset[Role]:
    """The caller's roles that count on this review: their partnership-wide roles, plus their
    review-team roles when they are on it. Raises NotFound when none count (or the review is
    another partnership's)."""
    wide = principal.roles & PARTNERSHIP_WIDE
    if principal.roles & REVIEW_TEAM and _on_review(services, principal, review_id):
        return principal.roles
    if not wide:
        raise NotFound("review", review_id)
    return wide


def authorise_review_read(services: Services, principal: Principal, review_id: UUID) -> Principal:
    """The caller with only the roles that count on this review (so personal data is shown as
    those roles may see it); raises NotFound when none do (see `roles_on_review`)."""
    return replace(principal, roles=roles_on_review(services, principal, review_id))


def visible_reviews(principal: Principal) -> tuple[str, list[str]] | None:
    """The list filter for a caller who may not see the whole partnership: their user id and
    the reviews their token names (None: every review of the partnership)."""
    if principal.roles & PARTNERSHIP_WIDE:
        return None
    return principal.user_id, sorted(principal.reviews)


def _on_review(services: Services, principal: Principal, review_id: UUID) -> bool:
    if str(review_id) in principal.reviews:
        return True
    # Read from the event store, not a view: the notifier's next command must not wait for it.
    members = services.app.review_members(review_id, principal.partnership_id)
    return principal.user_id in members
