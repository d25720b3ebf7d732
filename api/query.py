"""A single-valued query parameter given more than once (``?limit=5&limit=500``) is refused.

FastAPI would silently keep the last value, so a client could not tell which one counted, and a
proxy that reads the first could disagree with us (parameter pollution). Installed for every
route by ``api.app.assemble``; parameters typed as lists may repeat as usual.
"""

from __future__ import annotations

import types
from collections.abc import Sequence
from typing import Any, Union, get_args, get_origin

from fastapi import Request
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute

_SEQUENCES = (list, set, frozenset, tuple, Sequence)
_single_valued: dict[int, frozenset[str]] = {}


def single_valued_query(request: Request) -> None:
    """Raise a validation error naming each single-valued parameter that was repeated."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute) or len(request.query_params) < 2:
        return
    names = _single_valued.get(id(route.dependant))
    if names is None:
        names = _single_valued.setdefault(id(route.dependant), _scalars(route.dependant))
    repeated = [n for n in sorted(names) if len(request.query_params.getlist(n)) > 1]
    if repeated:
        raise RequestValidationError(
            [
                {"loc": ("query", name), "msg": "give this parameter once", "type": "repeated"}
                for name in repeated
            ]
        )


def _scalars(dependant: Dependant) -> frozenset[str]:
    names = {f.alias for f in dependant.query_params if not _is_sequence(f.field_info.annotation)}
    for sub in dependant.dependencies:
        names |= _scalars(sub)
    return frozenset(names)


def _is_sequence(annotation: Any) -> bool:
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        return any(_is_sequence(arg) for arg in get_args(annotation))
    return origin in _SEQUENCES or annotation in _SEQUENCES
