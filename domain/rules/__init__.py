"""Versioned review rule sets, shipped as validated JSON data.

    from domain.rules import rule_set_for, COMMANDS, ROLES
    rules = rule_set_for("wales", "cpr", on=date(2019, 3, 1))
    rules.allows("record_genogram", "evidence"); rules.roles_for("draft_report")
    rules.kind_for({"abuse-or-neglect-known-or-suspected": True, ...})

Modules: `vocabulary` (shared names), `criteria` (fact expressions), `model` (parts of a rule set),
`rule_set` (RuleSet and its queries), `parsing` + `validation` (JSON to types, with checks),
`loader` (package data, catalogue, lookup by id or date), `clock_rules` (bridge to
`domain.clocks`).
"""

from domain.rules.clock_rules import clock_registry, clock_rule, register_clocks
from domain.rules.criteria import AllOf, AnyOf, Expr, Fact, MissingFact, Not
from domain.rules.loader import (
    Catalogue,
    UnknownRuleSet,
    all_rule_sets,
    load_rule_set,
    parse_rule_set,
    read_documents,
    rule_set_for,
    shipped_catalogue,
)
from domain.rules.model import (
    Anchor,
    AnytimeCommands,
    Body,
    ChronologyRule,
    Clock,
    Criterion,
    DecisionRule,
    DelayRule,
    DisplayRule,
    Duration,
    EventMatch,
    Extension,
    LearningEventRule,
    Notification,
    Obligation,
    Permission,
    Provenance,
    PublicationRule,
    ReportSection,
    ReviewKind,
    Source,
    Stage,
    TeamRequirement,
    Transition,
)
from domain.rules.parsing import RuleSetInvalid
from domain.rules.rule_set import RuleSet
from domain.rules.vocabulary import (
    CALENDARS,
    COMMAND_EVENTS,
    COMMANDS,
    DECISION_SUBJECTS,
    DIRECTIONS,
    EVENTS,
    JURISDICTIONS,
    ROLES,
    STRENGTHS,
    UNITS,
)

__all__ = [
    "CALENDARS",
    "COMMANDS",
    "COMMAND_EVENTS",
    "DECISION_SUBJECTS",
    "DIRECTIONS",
    "EVENTS",
    "JURISDICTIONS",
    "ROLES",
    "STRENGTHS",
    "UNITS",
    "AllOf",
    "Anchor",
    "AnyOf",
    "AnytimeCommands",
    "Body",
    "Catalogue",
    "ChronologyRule",
    "Clock",
    "Criterion",
    "DecisionRule",
    "DelayRule",
    "DisplayRule",
    "Duration",
    "EventMatch",
    "Expr",
    "Extension",
    "Fact",
    "LearningEventRule",
    "MissingFact",
    "Not",
    "Notification",
    "Obligation",
    "Permission",
    "Provenance",
    "PublicationRule",
    "ReportSection",
    "ReviewKind",
    "RuleSet",
    "RuleSetInvalid",
    "Source",
    "Stage",
    "TeamRequirement",
    "Transition",
    "UnknownRuleSet",
    "all_rule_sets",
    "clock_registry",
    "clock_rule",
    "load_rule_set",
    "parse_rule_set",
    "read_documents",
    "register_clocks",
    "rule_set_for",
    "shipped_catalogue",
]
