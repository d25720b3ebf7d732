from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from adapters.settings import Mode, Settings
from api.app import build_services
from api.deps import Services


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        mode=Mode.TEST, var_dir=tmp_path / "var", pool_size=4, database_timeout_seconds=1
    )


@pytest.fixture
def services(settings: Settings, database_url: str) -> Iterator[Services]:
    built = build_services(settings, database_url)
    yield built
    built.close()
