"""Bearer tokens that must not verify get 401 problem+json: expired, another issuer or audience,
an algorithm outside the allow-list (HS256 keyed with the public key, ``none``), missing claims;
and production's JwksVerifier against a JWKS served locally."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi.testclient import TestClient

from adapters.settings import Mode, Settings
from api.app import create_app, development_issuer
from api.auth import DEV_KEY_FILE, JwksVerifier, Unauthenticated

IDP = "https://idp.example"
KID = "key-1"


def claims(settings: Settings, **overrides: Any) -> dict[str, Any]:
    now = int(time.time())
    values: dict[str, Any] = {
        "iss": settings.auth_issuer,
        "aud": settings.auth_audience,
        "sub": "user-1",
        "partnership": "p-north",
        "roles": ["auditor"],
        "iat": now,
        "exp": now + 600,
    }
    values.update(overrides)
    return {k: v for k, v in values.items() if v is not None}


def dev_key(settings: Settings) -> Ed25519PrivateKey:
    development_issuer(settings)  # creates the key if the app has not yet
    key = serialization.load_pem_private_key(
        (settings.var_dir / DEV_KEY_FILE).read_bytes(), password=None
    )
    assert isinstance(key, Ed25519PrivateKey)
    return key


def signed(settings: Settings, **overrides: Any) -> str:
    return jwt.encode(claims(settings, **overrides), dev_key(settings), algorithm="EdDSA")


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def handmade(header: dict[str, Any], payload: dict[str, Any], secret: bytes | None) -> str:
    """A token PyJWT would refuse to make: ``alg: none``, or HMAC keyed with a public key."""
    signing_input = f"{b64(json.dumps(header).encode())}.{b64(json.dumps(payload).encode())}"
    if secret is None:
        return f"{signing_input}."
    signature = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64(signature)}"


def assert_unauthenticated(client: TestClient, token: str) -> str:
    response = client.get("/reviews", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"].endswith("/unauthenticated")
    return str(response.json()["detail"])


def test_a_valid_token_is_accepted(client: TestClient, settings: Settings) -> None:
    headers = {"Authorization": f"Bearer {signed(settings)}"}
    assert client.get("/reviews", headers=headers).status_code == 200


def test_an_expired_token_is_refused(client: TestClient, settings: Settings) -> None:
    token = signed(settings, exp=int(time.time()) - 60)
    assert assert_unauthenticated(client, token) == "token expired"


def test_a_token_of_another_issuer_is_refused(client: TestClient, settings: Settings) -> None:
    assert_unauthenticated(client, signed(settings, iss="https://elsewhere.example"))


def test_a_token_for_another_audience_is_refused(client: TestClient, settings: Settings) -> None:
    assert_unauthenticated(client, signed(settings, aud="another-service"))


def test_hs256_keyed_with_the_public_key_is_refused(client: TestClient, settings: Settings) -> None:
    public_pem = (
        dev_key(settings)
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    token = handmade({"alg": "HS256", "typ": "JWT"}, claims(settings), public_pem)
    assert_unauthenticated(client, token)


def test_an_unsigned_token_is_refused(client: TestClient, settings: Settings) -> None:
    assert_unauthenticated(client, handmade({"alg": "none", "typ": "JWT"}, claims(settings), None))


@pytest.mark.parametrize("missing", ["sub", "exp", "iss", "aud", "partnership"])
def test_a_token_missing_a_required_claim_is_refused(
    client: TestClient, settings: Settings, missing: str
) -> None:
    token = jwt.encode(
        {k: v for k, v in claims(settings).items() if k != missing},
        dev_key(settings),
        algorithm="EdDSA",
    )
    assert_unauthenticated(client, token)


def test_a_token_with_an_unknown_role_is_refused(client: TestClient, settings: Settings) -> None:
    assert_unauthenticated(client, signed(settings, roles=["superuser"]))


class Jwks:
    """An identity provider's JWKS document served on 127.0.0.1, and its signing key."""

    def __init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        jwk = jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        document = json.dumps({"keys": [{**jwk, "kid": KID, "use": "sig", "alg": "RS256"}]})

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                body = document.encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/jwks.json"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def token(self, key: Any = None, kid: str = KID, **overrides: Any) -> str:
        payload = claims(Settings(auth_issuer=IDP, auth_audience="reviewtrail"), **overrides)
        return jwt.encode(payload, key or self.key, algorithm="RS256", headers={"kid": kid})


@pytest.fixture
def jwks() -> Iterator[Jwks]:
    served = Jwks()
    yield served
    served.server.shutdown()
    served.server.server_close()


@pytest.fixture
def idp_client(tmp_path: Path, database_url: str, jwks: Jwks) -> Iterator[TestClient]:
    settings = Settings(
        mode=Mode.TEST,
        var_dir=tmp_path / "var",
        pool_size=4,
        database_timeout_seconds=1,
        auth_issuer=IDP,
        auth_jwks_url=jwks.url,
        auth_algorithms=("RS256",),
    )
    with TestClient(create_app(settings, database_url)) as test_client:
        yield test_client


def test_the_jwks_verifier_accepts_a_token_signed_by_a_published_key(
    idp_client: TestClient, jwks: Jwks
) -> None:
    headers = {"Authorization": f"Bearer {jwks.token()}"}
    assert idp_client.get("/reviews", headers=headers).status_code == 200


def test_the_jwks_verifier_refuses_a_key_the_provider_does_not_publish(
    idp_client: TestClient, jwks: Jwks
) -> None:
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    assert_unauthenticated(idp_client, jwks.token(key=stranger))
    assert_unauthenticated(idp_client, jwks.token(kid="key-unknown"))


def test_the_jwks_verifier_refuses_a_development_token(
    idp_client: TestClient, jwks: Jwks, tmp_path: Path
) -> None:
    development = Settings(mode=Mode.TEST, var_dir=tmp_path / "other")
    assert_unauthenticated(idp_client, signed(development, iss=IDP))


def test_the_jwks_verifier_checks_expiry_issuer_and_audience(jwks: Jwks) -> None:
    verifier = JwksVerifier(jwks.url, IDP, "reviewtrail", ["RS256"])
    assert verifier.verify(jwks.token()).user_id == "user-1"
    for bad in ({"exp": int(time.time()) - 60}, {"iss": "https://x.example"}, {"aud": "x"}):
        with pytest.raises(Unauthenticated):
            verifier.verify(jwks.token(**bad))
