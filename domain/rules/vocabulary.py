"""The names every module shares: commands and the events they record, roles, units, calendars.

Rule sets may only use these names (the loader rejects anything else), so the review aggregate, the
API and the projections can import them instead of spelling strings of their own.
"""

from __future__ import annotations

from collections.abc import Mapping

from domain.roles import Role

COMMAND_EVENTS: Mapping[str, str] = {
    "receive_notification": "NotificationReceived",
    "request_information": "InformationRequested",
    "record_agency_information": "AgencyInformationRecorded",
    "assess_criteria": "CriteriaAssessed",
    "make_recommendation": "RecommendationMade",
    "record_decision": "DecisionRecorded",
    "notify_external_body": "ExternalBodyNotified",
    "draft_terms_of_reference": "TermsOfReferenceDrafted",
    "amend_terms_of_reference": "TermsOfReferenceAmended",
    "agree_terms_of_reference": "TermsOfReferenceAgreed",
    "appoint_team_member": "TeamMemberAppointed",
    "stand_down_team_member": "TeamMemberStoodDown",
    "hold_team_meeting": "TeamMeetingHeld",
    "record_parallel_proceedings": "ParallelProceedingsRecorded",
    "conclude_parallel_proceedings": "ParallelProceedingsConcluded",
    "pause": "ReviewPaused",
    "resume": "ReviewResumed",
    "request_chronology": "ChronologyRequested",
    "submit_chronology": "ChronologySubmitted",
    "merge_chronologies": "ChronologiesMerged",
    "record_genogram": "GenogramRecorded",
    "family_member_identified": "FamilyMemberIdentified",
    "family_contact_made": "FamilyContactMade",
    "family_views_recorded": "FamilyViewsRecorded",
    "family_declined": "FamilyDeclined",
    "agree_family_liaison_strategy": "FamilyLiaisonStrategyAgreed",
    "agree_family_participation": "FamilyParticipationAgreed",
    "hold_family_meeting": "FamilyMeetingHeld",
    "give_family_feedback": "FamilyFeedbackGiven",
    "plan_learning_event": "LearningEventPlanned",
    "invite_practitioner": "PractitionerInvited",
    "hold_learning_event": "LearningEventHeld",
    "record_participant_response": "ParticipantResponded",
    "record_participant_attended": "ParticipantAttended",
    "record_coverage": "CoverageRecorded",
    "return_evaluation": "EvaluationReturned",
    "record_learning_point": "LearningPointRecorded",
    "propose_recommendation": "RecommendationProposed",
    "draft_report": "ReportDrafted",
    "share_report": "ReportShared",
    "receive_participant_comment": "ParticipantCommentReceived",
    "accept_report": "ReportAccepted",
    "submit_report": "ReportSubmitted",
    "publish_report": "ReportPublished",
    "withdraw_report": "ReportWithdrawn",
    "add_action_plan_item": "ActionPlanItemAdded",
    "report_action_progress": "ActionProgressReported",
    "complete_action": "ActionCompleted",
    "close_review": "ReviewClosed",
}
"""Every command a review accepts, with the past-tense event it records (one shared vocabulary)."""

COMMANDS: tuple[str, ...] = tuple(COMMAND_EVENTS)
EVENTS: tuple[str, ...] = tuple(COMMAND_EVENTS.values())
ROLES: tuple[str, ...] = tuple(role.value for role in Role)
"""Role names, from `domain.roles.Role` so that permissions and authorisation agree."""
UNITS: tuple[str, ...] = ("working_days", "calendar_days", "weeks", "months")
CALENDARS: tuple[str, ...] = ("england-and-wales", "scotland", "northern-ireland", "uk-any")
DIRECTIONS: tuple[str, ...] = ("after", "before")
STRENGTHS: tuple[str, ...] = ("must", "should", "may", "local")
JURISDICTIONS: tuple[str, ...] = ("england", "wales", "scotland", "northern-ireland")
SOURCE_KINDS: tuple[str, ...] = ("seed", "research", "primary", "policy")
DECISION_SUBJECTS: tuple[str, ...] = (
    "hold-review",
    "terms-of-reference",
    "chronology-period",
    "accept-report",
    "action-plan",
    "publication",
)
ATTENDANCE: tuple[str, ...] = ("expected", "voluntary", "unspecified")
MATERIALS: tuple[str, ...] = ("text", "genogram")
RECOMMENDATION_FIELDS: tuple[str, ...] = (
    "time_period_covered",
    "agencies_involved",
    "chair_independent",
    "core_issues",
    "reviewer",
    "costs",
    "first_panel_on",
    "expected_completion_on",
)
"""Optional fields of a recommendation to hold a review, a rule set's template may require."""

VOCABULARIES: Mapping[str, tuple[str, ...]] = {
    "command": COMMANDS,
    "event": EVENTS,
    "role": ROLES,
    "unit": UNITS,
    "calendar": CALENDARS,
    "direction": DIRECTIONS,
    "strength": STRENGTHS,
    "jurisdiction": JURISDICTIONS,
    "source kind": SOURCE_KINDS,
    "decision subject": DECISION_SUBJECTS,
    "attendance": ATTENDANCE,
    "material": MATERIALS,
    "recommendation field": RECOMMENDATION_FIELDS,
}
