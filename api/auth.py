"""Authentication: OIDC bearer JWTs (JWKS in production, a local issuer in development).

A token names one user, one partnership (tenant) and the user's roles there; ``reviews`` lists
reviews the user is a team member of. Nothing else about the user is trusted or stored.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from domain.roles import Role

DEV_KEY_FILE = "development-issuer-ed25519.pem"


class Unauthenticated(Exception):
    """No token, or a token that does not verify. The message is safe to show."""


@dataclass(frozen=True)
class Principal:
    """The authenticated caller."""

    user_id: str
    partnership_id: str
    roles: frozenset[Role]
    reviews: frozenset[str] = frozenset()
    expires_at: float | None = field(default=None, compare=False)  # the token's ``exp``

    @property
    def primary_role(self) -> str:
        return sorted(self.roles)[0] if self.roles else "none"

    def has_any(self, *roles: Role) -> bool:
        return bool(self.roles.intersection(roles))


def principal_from_claims(claims: dict[str, Any]) -> Principal:
    try:
        roles = frozenset(Role(r) for r in claims.get("roles", []))
        return Principal(
            user_id=str(claims["sub"]),
            partnership_id=str(claims["partnership"]),
            roles=roles,
            reviews=frozenset(str(r).lower() for r in claims.get("reviews", [])),
            expires_at=float(claims["exp"]) if "exp" in claims else None,
        )
    except (KeyError, ValueError, TypeError):
        raise Unauthenticated("token lacks sub, partnership or valid roles") from None


class TokenVerifier(Protocol):
    @property
    def may_block(self) -> bool:
        """Whether ``verify`` may wait on I/O (fetching keys), so must not run on the event
        loop."""
        ...

    def verify(self, token: str) -> Principal: ...


class DevelopmentIssuer:
    """A local Ed25519 issuer whose key lives under var/ (refused in production by settings)."""

    def __init__(self, key_path: Path, issuer: str, audience: str) -> None:
        self._issuer, self._audience = issuer, audience
        self._key = _load_or_create_key(key_path)
        self._public_key = self._key.public_key()

    def issue(
        self,
        *,
        user: str,
        partnership: str,
        roles: list[str],
        reviews: list[str] | None = None,
        ttl_seconds: int = 8 * 3600,
    ) -> str:
        now = int(time.time())
        claims = {
            "iss": self._issuer,
            "aud": self._audience,
            "sub": user,
            "partnership": partnership,
            "roles": [Role(r).value for r in roles],
            "reviews": reviews or [],
            "iat": now,
            "exp": now + ttl_seconds,
        }
        return jwt.encode(claims, self._key, algorithm="EdDSA")

    may_block = False  # a signature check against a key in memory

    def verify(self, token: str) -> Principal:
        return _decode(token, self._public_key, self._issuer, self._audience, ["EdDSA"])


class JwksVerifier:
    """Production: verify against the identity provider's JWKS (issuer, audience, expiry, alg)."""

    may_block = True  # an unknown key id fetches the JWKS over HTTP

    def __init__(self, jwks_url: str, issuer: str, audience: str, algorithms: list[str]) -> None:
        self._client = jwt.PyJWKClient(jwks_url, cache_keys=True, lifespan=300)
        self._issuer, self._audience, self._algorithms = issuer, audience, algorithms

    def verify(self, token: str) -> Principal:
        try:
            key = self._client.get_signing_key_from_jwt(token).key
        except jwt.PyJWTError:
            raise Unauthenticated("token signing key not recognised") from None
        return _decode(token, key, self._issuer, self._audience, self._algorithms)


class RememberingVerifier:
    """Verifies through another verifier and remembers whom each token it accepted names, so
    that a client's next requests with the same token skip the signature check (about 0.3 ms
    of CPU per request here: a fifth of a small request's own work, docs/benchmarks.md).

    A token is recalled for at most ``seconds`` after it was verified and never at or after
    its ``exp``: past either, it is verified again, so an expired token is refused as before.
    A token that fails is not remembered. Tokens are remembered by their SHA-256, not as
    bearer strings; the least recently used are forgotten beyond ``size``. Like the JWKS
    client's own key cache (five minutes), ``seconds`` bounds how long a token signed by a key
    the identity provider has since withdrawn is still accepted.
    """

    def __init__(
        self,
        verifier: TokenVerifier,
        *,
        seconds: float = 60.0,
        size: int = 4096,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._verifier, self._seconds, self._size, self._clock = verifier, seconds, size, clock
        self._known: OrderedDict[bytes, tuple[Principal, float]] = OrderedDict()
        self._lock = threading.Lock()  # the JWKS verifier runs in the thread pool

    @property
    def may_block(self) -> bool:
        """Whether verifying a token not recalled may wait on I/O (see ``TokenVerifier``)."""
        return self._verifier.may_block

    def recall(self, token: str) -> Principal | None:
        """The principal of ``token`` if it was verified lately and has not expired (no I/O)."""
        return self._recall(_fingerprint(token))

    def _recall(self, key: bytes) -> Principal | None:
        with self._lock:
            known = self._known.get(key)
            if known is None:
                return None
            principal, until = known
            if self._clock() >= until:
                del self._known[key]
                return None
            self._known.move_to_end(key)
            return principal

    def verify(self, token: str) -> Principal:
        """``recall``, else the wrapped verifier's answer, remembered if it accepted the token."""
        key = _fingerprint(token)
        recalled = self._recall(key)
        if recalled is not None:
            return recalled
        principal = self._verifier.verify(token)  # raises Unauthenticated
        until = self._clock() + self._seconds
        if principal.expires_at is not None:
            until = min(until, principal.expires_at)
        with self._lock:
            self._known[key] = (principal, until)
            while len(self._known) > self._size:
                self._known.popitem(last=False)
        return principal


def _fingerprint(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()


def _decode(token: str, key: Any, issuer: str, audience: str, algorithms: list[str]) -> Principal:
    try:
        claims = jwt.decode(
            token,
            key,
            algorithms=algorithms,
            issuer=issuer,
            audience=audience,
            options={"require": ["exp", "iss", "aud", "sub"]},
        )
    except jwt.ExpiredSignatureError:
        raise Unauthenticated("token expired") from None
    except jwt.PyJWTError:
        raise Unauthenticated("token invalid") from None
    return principal_from_claims(claims)


def _load_or_create_key(path: Path) -> Ed25519PrivateKey:
    if path.exists():
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError(f"{path} is not an Ed25519 private key")
        return key
    key = Ed25519PrivateKey.generate()
    path.parent.mkdir(parents=True, exist_ok=True)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    path.touch(mode=0o600)
    path.write_bytes(pem)
    return key
