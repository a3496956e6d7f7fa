"""A small OpenID Connect provider for tests, standing in for VNeID.

A threaded ``http.server`` on 127.0.0.1 (a free port) with discovery,
/authorize (redirects back with a code and the state), /token (an RS256-signed ID
token carrying the nonce), /userinfo and /jwks. ``tamper`` makes the next tokens
wrong in one way, to test that the client refuses them.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

CLIENT_ID = "motcua-thu-nghiem"
CLIENT_SECRET = "bi-mat-thu-nghiem"


@functools.cache
def _rsa_key(name: str) -> rsa.RSAPrivateKey:
    """One key per name for the whole test run: generating RSA keys is slow."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@dataclass
class Provider:
    """State shared by the handler threads; tests change ``claims`` and ``tamper``."""

    claims: dict[str, Any] = field(default_factory=dict)
    # "", "signature", "nonce", "audience", "issuer", "expired", "token_error", "userinfo_subject"
    tamper: str = ""
    key: rsa.RSAPrivateKey = field(default_factory=lambda: _rsa_key("provider"))
    other_key: rsa.RSAPrivateKey = field(default_factory=lambda: _rsa_key("forger"))
    kid: str = "khoa-1"
    codes: dict[str, dict[str, Any]] = field(default_factory=dict)
    tokens: dict[str, dict[str, Any]] = field(default_factory=dict)
    base_url: str = ""
    requests: list[str] = field(default_factory=list)

    @property
    def issuer(self) -> str:
        return self.base_url

    def settings(self) -> dict[str, Any]:
        """Django settings that point MotCua at this provider."""
        return {
            "OIDC_ENABLED": True,
            "OIDC_PROVIDER_NAME": "VNeID",
            "OIDC_OP_ISSUER": self.issuer,
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{self.base_url}/authorize",
            "OIDC_OP_TOKEN_ENDPOINT": f"{self.base_url}/token",
            "OIDC_OP_USER_ENDPOINT": f"{self.base_url}/userinfo",
            "OIDC_OP_JWKS_ENDPOINT": f"{self.base_url}/jwks",
            "OIDC_RP_CLIENT_ID": CLIENT_ID,
            "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_RP_SIGN_ALGO": "RS256",
            "OIDC_TIMEOUT": 5,
        }

    def jwks(self) -> dict[str, Any]:
        jwk = RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        jwk.update({"kid": self.kid, "alg": "RS256", "use": "sig"})
        return {"keys": [jwk]}

    def id_token(self, *, nonce: str | None) -> str:
        now = int(time.time())
        payload: dict[str, Any] = {
            "iss": self.issuer,
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
            **{k: v for k, v in self.claims.items() if k in ("sub", "name", "email")},
        }
        key = self.key
        if self.tamper == "signature":
            key = self.other_key
        elif self.tamper == "nonce":
            payload["nonce"] = "nonce-khac"
        elif self.tamper == "audience":
            payload["aud"] = "ung-dung-khac"
        elif self.tamper == "issuer":
            payload["iss"] = "https://nha-cung-cap-khac.example"
        elif self.tamper == "expired":
            payload["iat"] = now - 3600
            payload["exp"] = now - 1800
        return jwt.encode(payload, key, algorithm="RS256", headers={"kid": self.kid})


class _Handler(BaseHTTPRequestHandler):
    provider: Provider

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        return

    def _json(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        provider = self.provider
        provider.requests.append(url.path)
        if url.path.endswith("/.well-known/openid-configuration"):
            base = provider.base_url
            self._json(
                200,
                {
                    "issuer": provider.issuer,
                    "authorization_endpoint": f"{base}/authorize",
                    "token_endpoint": f"{base}/token",
                    "userinfo_endpoint": f"{base}/userinfo",
                    "jwks_uri": f"{base}/jwks",
                    "id_token_signing_alg_values_supported": ["RS256"],
                },
            )
        elif url.path == "/jwks":
            self._json(200, provider.jwks())
        elif url.path == "/authorize":
            if query.get("client_id") != CLIENT_ID or query.get("response_type") != "code":
                self._json(400, {"error": "invalid_request"})
                return
            code = secrets.token_urlsafe(16)
            provider.codes[code] = {
                "nonce": query.get("nonce"),
                "redirect_uri": query["redirect_uri"],
                "challenge": query.get("code_challenge"),
            }
            target = (
                query["redirect_uri"] + "?" + urlencode({"code": code, "state": query["state"]})
            )
            self.send_response(302)
            self.send_header("Location", target)
            self.end_headers()
        elif url.path == "/userinfo":
            token = self.headers.get("Authorization", "").removeprefix("Bearer ")
            if token not in provider.tokens:
                self._json(401, {"error": "invalid_token"})
                return
            self._json(200, provider.tokens[token])
        else:
            self._json(404, {"error": "not_found"})

    def do_POST(self) -> None:
        provider = self.provider
        provider.requests.append(self.path)
        if self.path != "/token":
            self._json(404, {"error": "not_found"})
            return
        length = int(self.headers.get("Content-Length") or 0)
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
        grant = provider.codes.pop(form.get("code", ""), None)
        if (
            grant is None
            or form.get("client_id") != CLIENT_ID
            or form.get("client_secret") != CLIENT_SECRET
            or form.get("redirect_uri") != grant["redirect_uri"]
        ):
            self._json(400, {"error": "invalid_grant"})
            return
        if grant["challenge"]:
            digest = hashlib.sha256(form.get("code_verifier", "").encode()).digest()
            expected = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
            if expected != grant["challenge"]:
                self._json(400, {"error": "invalid_grant", "error_description": "PKCE"})
                return
        if provider.tamper == "token_error":
            self._json(500, {"error": "server_error"})
            return
        access_token = secrets.token_urlsafe(16)
        provider.tokens[access_token] = dict(provider.claims)
        if provider.tamper == "userinfo_subject":
            provider.tokens[access_token]["sub"] = "nguoi-khac"
        self._json(
            200,
            {
                "access_token": access_token,
                "token_type": "Bearer",
                "expires_in": 300,
                "id_token": provider.id_token(nonce=grant["nonce"]),
            },
        )


class RunningProvider:
    """Context manager: start the provider on a free loopback port, stop it after."""

    def __init__(self, claims: dict[str, Any] | None = None) -> None:
        self.provider = Provider(claims=dict(claims or {}))
        handler = type("Handler", (_Handler,), {"provider": self.provider})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        host, port = self.server.server_address[:2]
        self.provider.base_url = f"http://{host}:{port}"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def __enter__(self) -> Provider:
        self.thread.start()
        return self.provider

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)
