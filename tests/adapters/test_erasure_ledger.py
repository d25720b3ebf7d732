"""The erasure ledger outside the database, and the settings around logs and the ledger."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import UUID, uuid4

from hypothesis import given
from hypothesis import strategies as st

from adapters.erasure_ledger import ErasureEntry, ErasureLedger
from adapters.settings import LogFormat, Mode, Settings
from domain.personal import Category

NOON = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def test_an_erasure_is_read_back_with_its_subject_scope_and_time(tmp_path: Path) -> None:
    subject = uuid4()
    ledger = ErasureLedger(tmp_path / "erasures" / "erasures.log", now=lambda: NOON)
    ledger.record(subject, None)
    assert ledger.entries() == [ErasureEntry(subject, "*", NOON)]


def test_a_ledger_that_was_never_written_has_no_entries(tmp_path: Path) -> None:
    assert ErasureLedger(tmp_path / "missing.log").entries() == []


def test_since_keeps_only_the_erasures_at_or_after_the_moment(tmp_path: Path) -> None:
    times = iter([NOON - timedelta(hours=1), NOON, NOON + timedelta(hours=1)])
    ledger = ErasureLedger(tmp_path / "erasures.log", now=lambda: next(times))
    for _ in range(3):
        ledger.record(uuid4(), None)
    assert [entry.erased_at for entry in ledger.since(NOON)] == [NOON, NOON + timedelta(hours=1)]


@given(st.uuids(), st.sampled_from([None, *Category]), st.datetimes(timezones=st.just(UTC)))
def test_every_entry_survives_its_line(
    subject: UUID, category: Category | None, moment: datetime
) -> None:
    entry = ErasureEntry(subject, category.value if category else "*", moment)
    assert ErasureEntry.from_line(entry.to_line()) == entry
    assert entry.category == category


def test_logs_are_json_in_production_and_text_in_development() -> None:
    production = Settings(mode=Mode.PRODUCTION)
    assert production.effective_log_format is LogFormat.JSON
    assert Settings(mode=Mode.DEVELOPMENT).effective_log_format is LogFormat.TEXT


def test_an_explicit_log_format_wins_over_the_mode() -> None:
    settings = Settings(mode=Mode.PRODUCTION, log_format=LogFormat.TEXT)
    assert settings.effective_log_format is LogFormat.TEXT


def test_the_erasure_ledger_defaults_to_the_var_dir(tmp_path: Path) -> None:
    settings = Settings(var_dir=tmp_path)
    assert settings.erasure_ledger_file == tmp_path / "erasures" / "erasures.log"
