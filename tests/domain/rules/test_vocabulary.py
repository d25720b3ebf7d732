"""The shared vocabulary other modules import instead of spelling names themselves."""

from __future__ import annotations

import pytest

from domain.rules import COMMAND_EVENTS, COMMANDS, EVENTS, ROLES, all_rule_sets

ISSUE_COMMANDS = [
    "receive_notification",
    "request_information",
    "record_agency_information",
    "assess_criteria",
    "make_recommendation",
    "record_decision",
    "notify_external_body",
    "draft_terms_of_reference",
    "amend_terms_of_reference",
    "agree_terms_of_reference",
    "appoint_team_member",
    "stand_down_team_member",
    "hold_team_meeting",
    "record_parallel_proceedings",
    "conclude_parallel_proceedings",
    "pause",
    "resume",
    "request_chronology",
    "submit_chronology",
    "merge_chronologies",
    "record_genogram",
    "family_member_identified",
    "family_contact_made",
    "family_views_recorded",
    "family_declined",
    "agree_family_liaison_strategy",
    "agree_family_participation",
    "hold_family_meeting",
    "give_family_feedback",
    "plan_learning_event",
    "invite_practitioner",
    "hold_learning_event",
    "record_participant_response",
    "record_participant_attended",
    "record_coverage",
    "return_evaluation",
    "record_learning_point",
    "propose_recommendation",
    "draft_report",
    "share_report",
    "receive_participant_comment",
    "accept_report",
    "submit_report",
    "add_action_plan_item",
    "report_action_progress",
    "complete_action",
    "close_review",
]


@pytest.mark.parametrize("command", ISSUE_COMMANDS)
def test_every_command_named_in_the_issue_is_in_the_vocabulary(command: str) -> None:
    assert command in COMMANDS


def test_publication_commands_extend_the_issue_list() -> None:
    assert set(COMMANDS) - set(ISSUE_COMMANDS) == {"publish_report", "withdraw_report"}


def test_roles_are_the_eight_named_in_the_issue() -> None:
    assert set(ROLES) == {
        "chair",
        "reviewer",
        "panel-member",
        "administrator",
        "family-liaison",
        "governance-officer",
        "dp-lead",
        "auditor",
    }


def test_each_command_records_its_own_past_tense_event() -> None:
    assert len(set(EVENTS)) == len(COMMANDS)
    assert COMMAND_EVENTS["amend_terms_of_reference"] == "TermsOfReferenceAmended"


def test_every_command_has_a_permission_in_every_rule_set() -> None:
    for rule_set in all_rule_sets():
        assert {p.command for p in rule_set.permissions} == set(COMMANDS), rule_set.id


def test_auditor_may_issue_no_command_in_any_rule_set() -> None:
    for rule_set in all_rule_sets():
        assert [p.command for p in rule_set.permissions if "auditor" in p.roles] == []
