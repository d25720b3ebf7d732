import pytest

from adapters.settings import DEVELOPMENT_ISSUER, Mode, Settings, SettingsError, eventsourcing_env


def test_the_eventsourcing_env_selects_postgres_and_never_db_functions() -> None:
    env = eventsourcing_env("postgresql://rt:secret@db.internal:6543/reviews")
    assert env["PERSISTENCE_MODULE"] == "eventsourcing.postgres"
    assert env["POSTGRES_ENABLE_DB_FUNCTIONS"] == "n"
    assert (env["POSTGRES_HOST"], env["POSTGRES_PORT"]) == ("db.internal", "6543")
    assert (env["POSTGRES_USER"], env["POSTGRES_PASSWORD"], env["POSTGRES_DBNAME"]) == (
        "rt",
        "secret",
        "reviews",
    )


def test_a_socket_url_keeps_its_socket_directory() -> None:
    env = eventsourcing_env("postgresql://postgres:@/postgres?host=/srv/pg")
    assert env["POSTGRES_HOST"] == "/srv/pg"


def test_a_non_postgres_database_url_is_refused() -> None:
    with pytest.raises(ValueError, match="PostgreSQL only"):
        Settings(database_url="sqlite:///reviews.db")


def test_production_refuses_to_start_without_a_database_url() -> None:
    with pytest.raises(SettingsError, match="REVIEWTRAIL_DATABASE_URL"):
        Settings(mode=Mode.PRODUCTION).check_production_safety()


def test_production_refuses_the_development_token_issuer() -> None:
    settings = Settings(
        mode=Mode.PRODUCTION,
        database_url="postgresql://rt@db/reviews",
        auth_issuer=DEVELOPMENT_ISSUER,
        auth_jwks_url="https://idp.example/jwks",
    )
    with pytest.raises(SettingsError, match="development issuer"):
        settings.check_production_safety()


def test_settings_come_from_reviewtrail_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REVIEWTRAIL_PORT", "9123")
    assert Settings().port == 9123
