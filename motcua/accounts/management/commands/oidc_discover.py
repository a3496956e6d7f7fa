"""Print the OIDC_* settings for a provider, read from its discovery document."""

from __future__ import annotations

import requests
from django.core.management.base import BaseCommand, CommandError

_SETTINGS = [
    ("OIDC_OP_ISSUER", "issuer"),
    ("OIDC_OP_AUTHORIZATION_ENDPOINT", "authorization_endpoint"),
    ("OIDC_OP_TOKEN_ENDPOINT", "token_endpoint"),
    ("OIDC_OP_USERINFO_ENDPOINT", "userinfo_endpoint"),
    ("OIDC_OP_JWKS_ENDPOINT", "jwks_uri"),
]


class Command(BaseCommand):
    help = (
        "Đọc tài liệu khám phá (/.well-known/openid-configuration) của nhà cung cấp định danh "
        "và in các biến OIDC_* để đặt vào môi trường."
    )

    def add_arguments(self, parser):
        parser.add_argument("issuer", help="địa chỉ issuer, ví dụ https://sso.example.gov.vn")
        parser.add_argument("--timeout", type=int, default=10)

    def handle(self, *args, issuer: str, timeout: int, **options):
        url = issuer.rstrip("/") + "/.well-known/openid-configuration"
        try:
            response = requests.get(url, timeout=timeout)
            response.raise_for_status()
            document = response.json()
        except (requests.RequestException, ValueError) as error:
            raise CommandError(f"Không đọc được {url}: {error}") from None
        if not isinstance(document, dict) or document.get("issuer") != issuer.rstrip("/"):
            raise CommandError(
                f"Tài liệu tại {url} không phải của issuer {issuer} (issuer trong tài liệu: "
                f"{document.get('issuer') if isinstance(document, dict) else '?'})."
            )
        missing = [
            key for _, key in _SETTINGS if key != "userinfo_endpoint" and key not in document
        ]
        if missing:
            raise CommandError(f"Tài liệu thiếu: {', '.join(missing)}")
        self.stdout.write("OIDC_ENABLED=true")
        for name, key in _SETTINGS:
            if document.get(key):
                self.stdout.write(f"{name}={document[key]}")
        algorithms = document.get("id_token_signing_alg_values_supported") or []
        algorithm = "RS256" if "RS256" in algorithms or not algorithms else algorithms[0]
        self.stdout.write(f"OIDC_RP_SIGN_ALGO={algorithm}")
        self.stdout.write("OIDC_RP_CLIENT_ID=")
        self.stdout.write("OIDC_RP_CLIENT_SECRET=")
