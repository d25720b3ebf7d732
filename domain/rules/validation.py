"""Consistency checks on a built rule set that its shape alone cannot express."""

from __future__ import annotations

from domain.rules.parsing import Walk
from domain.rules.rule_set import RuleSet
from domain.rules.vocabulary import COMMAND_EVENTS


def check_rule_set(rule_set: RuleSet, walk: Walk) -> None:
    """Run every check; the first failure raises RuleSetInvalid through `walk`."""
    walk.check_references()
    _check_identity(rule_set, walk)
    _check_stages(rule_set, walk)
    _check_permissions(rule_set, walk)
    _check_clocks(rule_set, walk)
    _check_notifications(rule_set, walk)


def _check_identity(rule_set: RuleSet, walk: Walk) -> None:
    prefix = f"{rule_set.jurisdiction}.{rule_set.kind}@"
    if not rule_set.id.startswith(prefix) or rule_set.id == prefix:
        walk.fail("id", f"expected '{prefix}<version>', got {rule_set.id!r}")
    if rule_set.valid_to is not None and rule_set.valid_to < rule_set.valid_from:
        walk.fail("valid_to", "ends before valid_from")


def _check_stages(rule_set: RuleSet, walk: Walk) -> None:
    if not any(stage.terminal for stage in rule_set.stages):
        walk.fail("stages", "no terminal stage, so no review could ever close")
    unreachable = {s.id for s in rule_set.stages} - _reachable(rule_set)
    if unreachable:
        walk.fail("stages", f"no transition leads to stage {sorted(unreachable)[0]!r}")
    for i, stage in enumerate(rule_set.stages):
        if not stage.terminal and not stage.transitions:
            walk.fail(f"stages[{i}]", f"stage {stage.id!r} is not terminal and has no transitions")
        recordable = {COMMAND_EVENTS[c] for c in rule_set.commands_in(stage.id)}
        for j, transition in enumerate(stage.transitions):
            if transition.on.event not in recordable:
                walk.fail(
                    f"stages[{i}].transitions[{j}].on.event",
                    f"no command allowed in stage {stage.id!r} records {transition.on.event!r}",
                )


def _reachable(rule_set: RuleSet) -> set[str]:
    reached: set[str] = set()
    frontier = [rule_set.first_stage.id]
    while frontier:
        stage = frontier.pop()
        if stage not in reached:
            reached.add(stage)
            frontier.extend(t.to for t in rule_set.stage(stage).transitions)
    return reached


def _check_permissions(rule_set: RuleSet, walk: Walk) -> None:
    anytime = rule_set.anytime.commands if rule_set.anytime else frozenset()
    used = anytime.union(*(s.commands for s in rule_set.stages))
    for command in sorted(used):
        if not rule_set.roles_for(command):
            walk.fail(
                "permissions", f"command {command!r} is allowed in a stage but no role may run it"
            )


def _check_clocks(rule_set: RuleSet, walk: Walk) -> None:
    for i, clock in enumerate(rule_set.clocks):
        if not clock.id.startswith(f"{rule_set.id}/"):
            walk.fail(f"clocks[{i}].id", f"expected '{rule_set.id}/<name>', got {clock.id!r}")
        if clock.amount == 0:
            walk.fail(f"clocks[{i}].amount", "a clock of zero length cannot be met")
        if clock.direction == "before" and clock.anchor.date_field is None:
            walk.fail(f"clocks[{i}].anchor", "a 'before' clock needs the anchor's date_field")
    lead = rule_set.publication.lead_time_clock
    if lead is not None and rule_set.clock(lead).direction != "before":
        walk.fail("publication.lead_time_clock", f"clock {lead!r} must count 'before' publication")


def _check_notifications(rule_set: RuleSet, walk: Walk) -> None:
    for i, notice in enumerate(rule_set.notifications):
        if notice.clock is None:
            continue
        clock = rule_set.clock(notice.clock)
        if (clock.anchor.event, clock.anchor.where) != (notice.trigger.event, notice.trigger.where):
            walk.fail(f"notifications[{i}].trigger", f"differs from the anchor of {clock.id!r}")
        if clock.satisfied_by != notice.discharged_by:
            walk.fail(
                f"notifications[{i}].discharged_by", f"differs from {clock.id!r} satisfied_by"
            )
