"""Review lifecycle use cases: get the caller's review, call one command, record its event.

Each use case is the aggregate command of the same name, lifted by `_on_review`, so it takes the
command's own keyword arguments (typed by ParamSpec) after the review:

    app.agree_terms_of_reference(review_id, version=2, agreed_on=day, meta=meta)
    app.agree_terms_of_reference(AtVersion(review_id, 7), ...)  # If-Match: refused unless v7

Before the command runs, every person the arguments refer to (a ``Personal`` field's subject, or
a subject id such as a family member's) must be a registered data subject of the caller's
partnership: personal data is only ever recorded about people the key store and the subject
index know, so they can be found, exported and erased.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import TYPE_CHECKING, Any, Concatenate, NamedTuple, ParamSpec, cast
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from domain.errors import DomainError, NotFound
from domain.meta import Meta
from domain.personal import Category, Personal
from domain.redaction import RedactionSet
from domain.review import Review
from domain.review.report import report_subject_id
from domain.rules import RuleSet
from domain.subject import DataSubject
from domain.use_cases.base import UseCases, read
from domain.use_cases.redaction import DOCUMENT

if TYPE_CHECKING:
    from domain.application import Receipt

P = ParamSpec("P")


class AtVersion(NamedTuple):
    """A review the caller read at ``version``: the command is refused (VersionMismatch, before
    anything is decided) if the review has changed since."""

    review_id: UUID
    version: int


ReviewRef = UUID | AtVersion
ReviewUseCase = Callable[Concatenate["ReviewUseCases", ReviewRef, P], "Receipt"]


def _on_review(command: Callable[Concatenate[Review, P], None]) -> ReviewUseCase[P]:
    def use_case(
        self: ReviewUseCases, ref: ReviewRef, /, *args: P.args, **kwargs: P.kwargs
    ) -> Receipt:
        meta = cast(Meta, kwargs["meta"])
        self.check_subjects(list(kwargs.values()), meta.partnership_id)
        review_id, expected = ref if isinstance(ref, AtVersion) else (ref, None)
        review = self.get_owned(Review, review_id, meta.partnership_id, expected)
        command(review, *args, **kwargs)
        return self.record(review)

    use_case.__name__ = command.__name__
    use_case.__doc__ = command.__doc__
    return use_case


class ReviewUseCases(UseCases):
    """One use case per review command (see `domain.review` for the rules each enforces)."""

    request_information = _on_review(Review.request_information)
    record_agency_information = _on_review(Review.record_agency_information)
    assess_criteria = _on_review(Review.assess_criteria)
    make_recommendation = _on_review(Review.make_recommendation)
    record_decision = _on_review(Review.record_decision)
    notify_external_body = _on_review(Review.notify_external_body)
    draft_terms_of_reference = _on_review(Review.draft_terms_of_reference)
    amend_terms_of_reference = _on_review(Review.amend_terms_of_reference)
    agree_terms_of_reference = _on_review(Review.agree_terms_of_reference)
    appoint_team_member = _on_review(Review.appoint_team_member)
    stand_down_team_member = _on_review(Review.stand_down_team_member)
    hold_team_meeting = _on_review(Review.hold_team_meeting)
    record_parallel_proceedings = _on_review(Review.record_parallel_proceedings)
    conclude_parallel_proceedings = _on_review(Review.conclude_parallel_proceedings)
    pause = _on_review(Review.pause)
    resume = _on_review(Review.resume)
    request_chronology = _on_review(Review.request_chronology)
    submit_chronology = _on_review(Review.submit_chronology)
    merge_chronologies = _on_review(Review.merge_chronologies)
    record_genogram = _on_review(Review.record_genogram)
    family_member_identified = _on_review(Review.family_member_identified)
    family_contact_made = _on_review(Review.family_contact_made)
    family_views_recorded = _on_review(Review.family_views_recorded)
    family_declined = _on_review(Review.family_declined)
    agree_family_liaison_strategy = _on_review(Review.agree_family_liaison_strategy)
    agree_family_participation = _on_review(Review.agree_family_participation)
    hold_family_meeting = _on_review(Review.hold_family_meeting)
    give_family_feedback = _on_review(Review.give_family_feedback)
    plan_learning_event = _on_review(Review.plan_learning_event)
    invite_practitioner = _on_review(Review.invite_practitioner)
    hold_learning_event = _on_review(Review.hold_learning_event)
    record_participant_response = _on_review(Review.record_participant_response)
    record_participant_attended = _on_review(Review.record_participant_attended)
    record_coverage = _on_review(Review.record_coverage)
    return_evaluation = _on_review(Review.return_evaluation)
    record_learning_point = _on_review(Review.record_learning_point)
    propose_recommendation = _on_review(Review.propose_recommendation)
    share_report = _on_review(Review.share_report)
    receive_participant_comment = _on_review(Review.receive_participant_comment)
    accept_report = _on_review(Review.accept_report)
    submit_report = _on_review(Review.submit_report)
    _publish_report = _on_review(Review.publish_report)
    withdraw_report = _on_review(Review.withdraw_report)
    defer_publication = _on_review(Review.defer_publication)
    lift_publication_deferral = _on_review(Review.lift_publication_deferral)
    clear_publication = _on_review(Review.clear_publication)
    add_action_plan_item = _on_review(Review.add_action_plan_item)
    report_action_progress = _on_review(Review.report_action_progress)
    complete_action = _on_review(Review.complete_action)
    close_review = _on_review(Review.close_review)

    def draft_report(
        self,
        ref: ReviewRef,
        /,
        *,
        sections: dict[str, list[dict[str, str]]],
        drafted_on: date,
        meta: Meta,
    ) -> Receipt:
        """Draft a new report version (see `Review.draft_report`); the first draft registers
        the report's document pseudo-subject, whose key its statements are encrypted under."""
        review_id, expected = ref if isinstance(ref, AtVersion) else (ref, None)
        review = self.get_owned(Review, review_id, meta.partnership_id, expected)
        review.draft_report(sections=sections, drafted_on=drafted_on, meta=meta)
        return self.record(*self._report_subject(review_id, meta), review)

    def _report_subject(self, review_id: UUID, meta: Meta) -> list[DataSubject]:
        subject_id = report_subject_id(review_id)
        try:
            read(self.repository, subject_id)
        except AggregateNotFoundError:
            name = Personal(subject_id, Category.IDENTITY, "report")
            return [
                DataSubject.register(
                    subject_id=subject_id,
                    relationship=DOCUMENT,
                    name=name,
                    date_of_birth=None,
                    identifiers={},
                    meta=meta,
                )
            ]
        return []

    def publish_report(
        self,
        ref: ReviewRef,
        /,
        *,
        redaction_set_id: UUID,
        location: str,
        published_on: date,
        meta: Meta,
    ) -> Receipt:
        """Publish the accepted report from the redaction set ``redaction_set_id`` (see
        `Review.publish_report` for the rules; a set of another partnership counts as unknown)."""
        try:
            redaction_set: RedactionSet | None = self.get_owned(
                RedactionSet, redaction_set_id, meta.partnership_id
            )
        except NotFound:
            redaction_set = None
        return self._publish_report(
            ref,
            redaction_set=redaction_set,
            location=location,
            published_on=published_on,
            meta=meta,
        )

    def get_review(self, review_id: UUID, partnership_id: str) -> Review:
        """The review as its events say now (personal fields decrypted by the mapper)."""
        return self.get_owned(Review, review_id, partnership_id)

    def review_members(self, review_id: UUID, partnership_id: str) -> frozenset[str]:
        """The user ids on a review: whoever recorded its notification and its serving team;
        raises NotFound for a review of another partnership."""
        review = self.get_owned(Review, review_id, partnership_id)
        return frozenset({review.opened_by, *(str(m["member"]) for m in review.active_team())})

    def review_rules(self, review_id: UUID, partnership_id: str) -> RuleSet | None:
        """The rule set a review runs under (None if it has none), reading only its first
        event; raises NotFound for a review of another partnership."""
        try:
            first: Review = read(self.repository, review_id, version=1)
        except AggregateNotFoundError:
            raise NotFound("Review", review_id) from None
        if not isinstance(first, Review) or first.partnership_id != partnership_id:
            raise NotFound("Review", review_id)
        return first.rules if first.rule_set_id else None

    def check_subjects(self, values: Any, partnership_id: str) -> None:
        """Raises DomainError ``review.unknown-subject`` unless every person referred to in
        ``values`` is a registered data subject of the partnership."""
        for subject_id in sorted(set(_subject_ids(values)), key=str):
            try:
                self.get_owned(DataSubject, subject_id, partnership_id)
            except NotFound:
                raise DomainError(
                    "review.unknown-subject", "a person referred to is not a registered subject"
                ) from None


def _subject_ids(value: Any) -> Iterator[UUID]:
    """Subject ids in command arguments: Personal fields and bare UUIDs, at any depth."""
    if isinstance(value, Personal):
        yield value.subject_id
    elif isinstance(value, UUID):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _subject_ids(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _subject_ids(item)
