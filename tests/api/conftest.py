from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from adapters.settings import Mode, Settings
from api.app import create_app, development_issuer

TokenFor = Callable[..., dict[str, str]]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        mode=Mode.TEST, var_dir=tmp_path / "var", pool_size=4, database_timeout_seconds=1
    )


@pytest.fixture
def client(settings: Settings, database_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(settings, database_url)) as test_client:
        yield test_client


@pytest.fixture
def auth(settings: Settings) -> TokenFor:
    """Authorization headers for a user of a partnership with the given roles (and the reviews
    the token names)."""
    issuer = development_issuer(settings)

    def headers(
        *roles: str,
        partnership: str = "p-north",
        user: str = "user-1",
        reviews: list[str] | None = None,
    ) -> dict[str, str]:
        token = issuer.issue(
            user=user, partnership=partnership, roles=list(roles or ["chair"]), reviews=reviews
        )
        return {"Authorization": f"Bearer {token}"}

    return headers
