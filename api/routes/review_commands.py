"""What every review command route shares: the caller's context and the role check.

Each command is ``POST /reviews/{review_id}/<sub-resource>``; its route parses the body and calls
``command.run(app.<use_case>, ...)``, which first checks that one of the caller's roles that count
on the review (``api.review_access``: a review they are not on, or of another partnership, is 404)
may issue that command under the review's rule set (``roles_for``; 403 otherwise), then runs the
use case, its events' meta naming that role, and answers ``CommandAccepted`` with the new version
as ``ETag``. Every command honours ``If-Match`` (412 when stale) and ``Idempotency-Key``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Annotated, Concatenate, ParamSpec
from uuid import UUID

from fastapi import Depends, Request, Response

from api.concurrency import ExpectedVersion, accepted
from api.deps import PrincipalDep, ServicesDep, meta_for
from api.errors import Forbidden
from api.idempotency import Idempotent
from api.review_access import roles_on_review
from api.schemas.common import CommandAccepted, problem_responses
from domain.meta import Meta
from domain.use_cases.reviews import AtVersion, ReviewRef

if TYPE_CHECKING:
    from domain.application import Receipt, ReviewTrail

P = ParamSpec("P")
COMMAND_RESPONSES = problem_responses(403, 404, 409)


AUTHORISED_AS = {
    "defer_publication": "publish_report",
    "lift_publication_deferral": "publish_report",
    "clear_publication": "publish_report",
}
"""Commands the rule sets do not list, authorised as the command they hold back."""


class ReviewCommand:
    """One command request on one review: who asks, on which review, through which services."""

    def __init__(
        self,
        review_id: UUID,
        request: Request,
        response: Response,
        services: ServicesDep,
        principal: PrincipalDep,
        expected_version: ExpectedVersion,
        _: Idempotent,
    ) -> None:
        self.review_id = review_id
        self.services = services
        self._request, self._response, self._principal = request, response, principal
        self._ref: ReviewRef = (
            review_id if expected_version is None else AtVersion(review_id, expected_version)
        )

    @property
    def app(self) -> ReviewTrail:
        """The application whose use cases routes call."""
        return self.services.app

    def meta(self, reason: str | None = None) -> Meta:
        """Event metadata for this request (``reason``: a decision's stated rationale)."""
        return meta_for(self._request, self._principal, reason)

    def run(
        self,
        use_case: Callable[Concatenate[ReviewRef, P], Receipt],
        /,
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> CommandAccepted:
        """Authorise the caller for the command, run it on the review, describe the result.

        The events' ``meta`` records the role that authorised the command."""
        role = self._authorise(use_case.__name__)
        meta = kwargs.get("meta")
        if role is not None and isinstance(meta, Meta):
            kwargs["meta"] = replace(meta, actor_role=role)
        return accepted(self._response, use_case(self._ref, *args, **kwargs))

    def _authorise(self, command: str) -> str | None:
        """The role that authorises ``command`` on this review (None: the review has no rule
        set, so the command is refused as review.no-rule-set). Raises NotFound when the caller
        is not on the review, Forbidden when none of their roles there may issue it."""
        rules = self.app.review_rules(self.review_id, self._principal.partnership_id)
        roles = roles_on_review(self.services, self._principal, self.review_id)
        if rules is None:
            return None
        allowed = rules.roles_for(AUTHORISED_AS.get(command, command))
        authorising = sorted(role.value for role in roles if role.value in allowed)
        if not authorising:
            raise Forbidden(f"your role may not {command.replace('_', ' ')} in this review")
        return authorising[0]


ReviewCommandDep = Annotated[ReviewCommand, Depends(ReviewCommand)]
