"""Every rule a domain refusal can name is named by some test (issue D1: one test per refusal).

The scan reads domain/ with ``ast``, so single-line and multi-line calls look the same. A rule
code is the first argument (or ``rule=``) of a call to DomainError or one of its subclasses, or
the rule argument of a helper that forwards one of its parameters as the rule (``require_text``,
``require_one_of``, found by the scan, not listed by hand). A subclass whose ``__init__`` passes
a fixed code (``MissingFact``) contributes that code. An f-string code (``f"review.team-needs-
{role}"``) is a template: some test must name a code it matches. A rule the scan cannot read
(a local variable, an expression) fails the test rather than being skipped.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = ROOT / "domain"
TESTS = ROOT / "tests"
ERROR_BASE = "DomainError"

ALLOWED_UNTESTED: dict[str, str] = {
    # Empty: every rule code domain/ raises is named by a test. Add a code here only with a
    # comment proving it unreachable (dead code), or as "not yet tested" so the gap stays visible;
    # the last test below fails once an entry is gone from domain/ or a test names it.
}
"""Rule codes (or f-string templates, as the scan prints them) no test names, each with why."""


@dataclass(frozen=True)
class Rule:
    """A rule code (or template) and where domain/ raises it."""

    code: str
    where: str

    @property
    def pattern(self) -> re.Pattern[str]:
        """Matches the code quoted in a test; a template's ``{...}`` parts match any code text."""
        parts = re.split(r"\{[^}]*\}", self.code)
        body = r"[a-z0-9.@-]+?".join(re.escape(p) for p in parts)
        return re.compile(rf"""["']{body}["']""")


def _call_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def _params(function: ast.FunctionDef) -> list[str]:
    names = [a.arg for a in function.args.posonlyargs + function.args.args]
    return names[1:] if names and names[0] in ("self", "cls") else names


def _error_classes(trees: dict[Path, ast.Module]) -> tuple[set[str], dict[str, ast.ClassDef]]:
    """DomainError and every class in domain/ that derives from it (directly or not)."""
    classes = {
        node.name: node
        for tree in trees.values()
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef)
    }
    errors = {ERROR_BASE}
    grew = True
    while grew:
        grew = False
        for name, node in classes.items():
            bases = {b.id for b in node.bases if isinstance(b, ast.Name)}
            if name not in errors and bases & errors:
                errors.add(name)
                grew = True
    return errors, classes


def _own_init(node: ast.ClassDef) -> ast.FunctionDef | None:
    for item in node.body:
        if isinstance(item, ast.FunctionDef) and item.name == "__init__":
            return item
    return None


def scan(domain: Path = DOMAIN) -> tuple[list[Rule], list[str]]:
    """Every rule code domain/ can refuse with, and the calls whose rule the scan cannot read."""
    trees = {path: ast.parse(path.read_text(), str(path)) for path in sorted(domain.rglob("*.py"))}
    errors, classes = _error_classes(trees)
    # Where each rule-carrying callable takes its rule: (position, keyword).
    takes_rule: dict[str, tuple[int, str]] = {ERROR_BASE: (0, "rule")}
    rules: list[Rule] = []
    unreadable: list[str] = []
    for name in errors - {ERROR_BASE}:
        init = _own_init(classes[name])
        if init is None:
            takes_rule[name] = (0, "rule")  # inherits DomainError(rule, message)
            continue
        # A subclass with its own __init__ passes the rule to super().__init__ itself.
        for node in ast.walk(init):
            if isinstance(node, ast.Call) and _call_name(node) == "__init__" and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    rules.append(Rule(first.value, f"{name}.__init__"))
                elif isinstance(first, ast.Name) and first.id in _params(init):
                    takes_rule[name] = (_params(init).index(first.id), first.id)
                else:
                    unreadable.append(f"{name}.__init__: {ast.unparse(first)}")

    def rule_argument(call: ast.Call) -> ast.expr | None:
        position, keyword = takes_rule[_call_name(call) or ""]
        for kw in call.keywords:
            if kw.arg == keyword:
                return kw.value
        return call.args[position] if len(call.args) > position else None

    # Helpers forward a parameter as the rule; find them until no new one appears.
    grew = True
    while grew:
        grew = False
        for tree in trees.values():
            for function in ast.walk(tree):
                if not isinstance(function, ast.FunctionDef) or function.name in takes_rule:
                    continue
                for call in ast.walk(function):
                    if not isinstance(call, ast.Call) or _call_name(call) not in takes_rule:
                        continue
                    argument = rule_argument(call)
                    if isinstance(argument, ast.Name) and argument.id in _params(function):
                        takes_rule[function.name] = (
                            _params(function).index(argument.id),
                            argument.id,
                        )
                        grew = True
                        break

    for path, tree in trees.items():
        functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]
        for call in ast.walk(tree):
            if not isinstance(call, ast.Call) or _call_name(call) not in takes_rule:
                continue
            where = f"{path.relative_to(domain.parent)}:{call.lineno}"
            argument = rule_argument(call)
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                rules.append(Rule(argument.value, where))
            elif isinstance(argument, ast.JoinedStr):
                template = "".join(
                    str(v.value)
                    if isinstance(v, ast.Constant)
                    else "{" + ast.unparse(v.value) + "}"
                    for v in argument.values
                    if isinstance(v, ast.Constant | ast.FormattedValue)
                )
                rules.append(Rule(template, where))
            elif isinstance(argument, ast.Name) and any(
                f.name in takes_rule
                and argument.id in _params(f)
                and f.lineno <= call.lineno <= (f.end_lineno or f.lineno)
                for f in functions
            ):
                continue  # a helper forwarding its parameter: its callers are scanned
            else:
                shown = ast.unparse(argument) if argument is not None else "(none)"
                unreadable.append(f"{where}: {shown}")
    return rules, unreadable


def test_every_rule_code_is_readable_by_the_scan() -> None:
    _, unreadable = scan()
    assert unreadable == [], "rules the scan cannot read (use a literal or an f-string)"


def test_the_scan_finds_single_line_multi_line_and_helper_rules() -> None:
    codes = {rule.code for rule in scan()[0]}
    assert "review.no-rule-set" in codes  # DomainError(\n "review.no-rule-set", ...)
    assert "rules.missing-fact" in codes  # a subclass's fixed code
    assert "review.team-needs-{role}" in codes  # an f-string template
    assert len(codes) > 100


def test_every_rule_code_domain_refuses_with_is_named_by_a_test() -> None:
    me = Path(__file__).resolve()
    texts = [p.read_text() for p in sorted(TESTS.rglob("*.py")) if p.resolve() != me]
    untested = sorted(
        {
            f"{rule.code}  ({rule.where})"
            for rule in scan()[0]
            if rule.code not in ALLOWED_UNTESTED
            and not any(rule.pattern.search(text) for text in texts)
        }
    )
    assert untested == [], "rule codes no test names:\n" + "\n".join(untested)


def test_the_allow_list_names_only_codes_that_exist_and_are_still_untested() -> None:
    me = Path(__file__).resolve()
    texts = [p.read_text() for p in sorted(TESTS.rglob("*.py")) if p.resolve() != me]
    rules = {rule.code: rule for rule in scan()[0]}
    stale = [
        code
        for code in ALLOWED_UNTESTED
        if code not in rules or any(rules[code].pattern.search(t) for t in texts)
    ]
    assert stale == [], "allow-listed codes that are gone or now tested"


def test_the_scan_reads_every_way_a_rule_is_given_and_flags_what_it_cannot_read(
    tmp_path: Path,
) -> None:
    domain = tmp_path / "domain"
    domain.mkdir()
    (domain / "sample.py").write_text(
        "class DomainError(Exception): ...\n"
        "class Fixed(DomainError):\n"
        "    def __init__(self, message):\n"
        "        super().__init__('x.fixed', message)\n"
        "def need(value, rule, what):\n"
        "    if not value:\n"
        "        raise DomainError(rule, what)\n"
        "def also_need(value, rule):\n"
        "    need(value, rule, 'it')\n"
        "def commands(kind):\n"
        "    raise DomainError('x.single', 'm')\n"
        "    raise DomainError(\n        'x.multi',\n        'm',\n    )\n"
        "    raise DomainError(rule='x.keyword', message='m')\n"
        "    need('', 'x.helper', 'it')\n"
        "    need('', what='it', rule='x.helper-keyword')\n"
        "    also_need('', 'x.nested-helper')\n"
        "    raise DomainError(f'x.{kind}-template', 'm')\n"
        "    raise Fixed('m')\n"
        "    choice = 'x.' + kind\n"
        "    raise DomainError(choice, 'm')\n"
    )
    rules, unreadable = scan(domain)
    assert sorted(rule.code for rule in rules) == [
        "x.fixed",
        "x.helper",
        "x.helper-keyword",
        "x.keyword",
        "x.multi",
        "x.nested-helper",
        "x.single",
        "x.{kind}-template",
    ]
    assert unreadable == ["domain/sample.py:23: choice"]  # a local variable: not readable
    template = next(rule for rule in rules if rule.code == "x.{kind}-template")
    assert template.pattern.search('"x.review-template"')
    assert not template.pattern.search('"x.review-template-2"')
