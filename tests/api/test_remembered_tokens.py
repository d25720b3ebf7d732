"""A token verified lately is recalled without a second signature check, but never past its
expiry or the remembered period, and a refused or altered token is never accepted from memory
(``api.auth.RememberingVerifier``)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from adapters.settings import Settings
from api.app import development_issuer
from api.auth import DevelopmentIssuer, Principal, RememberingVerifier, Unauthenticated


class Counting:
    """The development issuer's verification, counting its calls."""

    may_block = False

    def __init__(self, issuer: DevelopmentIssuer) -> None:
        self.issuer, self.calls = issuer, 0

    def verify(self, token: str) -> Principal:
        self.calls += 1
        return self.issuer.verify(token)


class Clock:
    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def issuer(tmp_path: Path) -> DevelopmentIssuer:
    return DevelopmentIssuer(tmp_path / "issuer.pem", "https://issuer.test", "reviewtrail")


def token(issuer: DevelopmentIssuer, user: str = "u1", ttl_seconds: int = 600) -> str:
    return issuer.issue(user=user, partnership="p1", roles=["chair"], ttl_seconds=ttl_seconds)


def tampered(value: str) -> str:
    """The token with the last character of its signature changed."""
    return value[:-2] + ("A" if value[-2] != "A" else "B") + value[-1]


def test_a_verified_token_is_recalled_without_checking_it_again(
    issuer: DevelopmentIssuer,
) -> None:
    inner = Counting(issuer)
    verifier = RememberingVerifier(inner)
    value, other = token(issuer), token(issuer, "u2")
    assert verifier.recall(value) is None
    first = verifier.verify(value)
    assert first.user_id == "u1"
    assert verifier.verify(value) == verifier.recall(value) == first
    assert verifier.recall(other) is None
    assert verifier.verify(other).user_id == "u2"
    assert inner.calls == 2


def test_a_token_is_checked_again_after_the_remembered_period(issuer: DevelopmentIssuer) -> None:
    inner, clock = Counting(issuer), Clock()
    verifier = RememberingVerifier(inner, seconds=60, clock=clock)
    value = token(issuer)
    verifier.verify(value)
    clock.now += 59
    assert verifier.recall(value) is not None
    clock.now += 1
    assert verifier.recall(value) is None
    verifier.verify(value)
    assert inner.calls == 2


def test_a_token_is_never_recalled_at_or_after_its_expiry(issuer: DevelopmentIssuer) -> None:
    inner, clock = Counting(issuer), Clock()
    verifier = RememberingVerifier(inner, seconds=3600, clock=clock)
    value = token(issuer, ttl_seconds=120)
    expires_at = verifier.verify(value).expires_at
    assert expires_at is not None
    assert expires_at <= time.time() + 120
    clock.now = expires_at - 0.001
    assert verifier.recall(value) is not None
    clock.now = expires_at
    assert verifier.recall(value) is None
    verifier.verify(value)  # verified again: the issuer decides, on its own clock
    assert inner.calls == 2


def test_a_refused_or_altered_token_is_never_accepted_from_memory(
    issuer: DevelopmentIssuer,
) -> None:
    inner = Counting(issuer)
    verifier = RememberingVerifier(inner)
    value = token(issuer)
    verifier.verify(value)
    for _ in range(2):
        with pytest.raises(Unauthenticated):
            verifier.verify(tampered(value))
    assert verifier.recall(tampered(value)) is None
    assert inner.calls == 3  # each refusal was checked, not remembered


def test_the_least_recently_used_token_is_forgotten_beyond_the_size(
    issuer: DevelopmentIssuer,
) -> None:
    verifier = RememberingVerifier(Counting(issuer), size=2)
    a, b, c = (token(issuer, user) for user in ("a", "b", "c"))
    verifier.verify(a)
    verifier.verify(b)
    assert verifier.recall(a) is not None  # a is now the more recently used
    verifier.verify(c)
    assert verifier.recall(b) is None
    assert verifier.recall(a) is not None
    assert verifier.recall(c) is not None


def test_an_expired_token_is_refused_over_http_even_when_it_was_accepted_before(
    client: TestClient, settings: Settings
) -> None:
    value = token(development_issuer(settings), ttl_seconds=2)
    headers = {"Authorization": f"Bearer {value}"}
    assert client.get("/reviews", headers=headers).status_code == 200
    expires_at = RememberingVerifier(development_issuer(settings)).verify(value).expires_at
    assert expires_at is not None
    time.sleep(max(0.0, expires_at - time.time()) + 0.05)
    response = client.get("/reviews", headers=headers)
    assert response.status_code == 401, response.text
    assert response.json()["detail"] == "token expired"
