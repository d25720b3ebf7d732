"""schemathesis against ``reviewtrail serve`` over real HTTP: whatever it sends, valid or not,
no answer is a 5xx and every answer conforms to the OpenAPI document (status code, media type,
body schema). Bounded (few examples, derandomised) so that both tests run in well under 60 s."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import APIOperation, Case, GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from domain.roles import Role
from tests.e2e.conftest import RunningService

CONFORMANCE = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# Requests shared out over every operation and mode (at least 4 examples each), so that the
# run stays well under a minute as operations are added.
REQUEST_BUDGET = 800
Operation = APIOperation[Any, Any, Any, Any]
AnyCase = Case[Operation]
BOUNDED = settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def load(service: RunningService) -> Any:
    """The served document, called at the service with a token holding every role (the token
    is configuration, not generated: negative cases must not merely drop it)."""
    schema = schemathesis.openapi.from_url(f"{service.base_url}/openapi.json")
    token = service.token(*(role.value for role in Role))
    schema.config.update(base_url=service.base_url, headers=token)
    schema.config.generation.update(with_security_parameters=False)
    return schema


def exercise(
    operation: Operation, mode: GenerationMode, call: Callable[[AnyCase], None], examples: int
) -> None:
    @settings(BOUNDED, max_examples=examples)
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case: AnyCase) -> None:
        call(case)

    run()


def test_no_operation_answers_5xx_or_off_contract_to_generated_requests(
    service: RunningService,
) -> None:
    schema = load(service)

    def positive(case: AnyCase) -> None:
        case.call_and_validate(checks=CONFORMANCE)

    def negative(case: AnyCase) -> None:
        case.call_and_validate(checks=[*CONFORMANCE, negative_data_rejection])

    operations = [result.ok() for result in schema.get_all_operations()]
    examples = max(4, REQUEST_BUDGET // (2 * len(operations)))
    for operation in operations:
        exercise(operation, GenerationMode.POSITIVE, positive, examples)
        if operation.body or any(operation.iter_parameters()):  # else nothing can be invalid
            exercise(operation, GenerationMode.NEGATIVE, negative, examples)


def test_sequences_of_linked_calls_stay_on_contract(service: RunningService) -> None:
    class Sequences(load(service).as_state_machine()):  # type: ignore[misc]
        def validate_response(
            self, response: Any, case: AnyCase, additional_checks: Any = None, **kwargs: Any
        ) -> None:
            case.validate_response(response, checks=CONFORMANCE)

    Sequences.run(settings=settings(BOUNDED, max_examples=25, stateful_step_count=5))
