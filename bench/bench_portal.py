"""Public lookup throughput: requests per second through the whole Django stack.

Each request is ``GET /tra-cuu/?ma=<code>&so=<4 digits>`` through the test client (all
middleware, the database rate-limit counter, the lookup, the page): half with the right
factor, half with a wrong one. Prints requests per second, queries per request and the
page size.

    .venv/bin/python bench/bench_portal.py [--dossiers 2000] [--requests 1000]
    .venv/bin/python bench/bench_portal.py --database-url postgres://...   # an existing database
"""

from __future__ import annotations

import argparse
import os
import time

from _django import bootstrap


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dossiers", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    bootstrap(
        "portal",
        args.database_url,
        TASKS_IMMEDIATE="false",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        ALLOWED_HOSTS="testserver",
    )
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from motcua.accounts.roles import Role
    from motcua.dossiers.actions.intake import Applicant
    from motcua.testing import Province, make_procedure, receive_dossier

    p = Province.build()
    procedure = make_procedure(
        "1.000001",
        "Cấp giấy phép xây dựng",
        days=15,
        agencies=[p.commune_a],
        steps=[
            ("Tiếp nhận", Role.RECEIVING_OFFICER, None, 60),
            ("Xử lý", Role.SPECIALIST, None, 60),
        ],
    )
    codes = []
    for i in range(args.dossiers):
        d = receive_dossier(
            p,
            procedure,
            applicant=Applicant(name="Người nộp", id_number="001090012345", phone=f"09{i:08d}"),
        )
        codes.append((d.code, f"{i:08d}"[-4:]))
    client = Client()

    def lookup(n: int) -> int:
        code, factor = codes[n % len(codes)]
        response = client.get(
            "/tra-cuu/",
            {"ma": code, "so": factor if n % 2 == 0 else "0000"},
            REMOTE_ADDR=f"10.0.{n // 250 % 250}.{n % 250}",
        )
        assert response.status_code == 200, response.status_code
        return len(response.content)

    # Static files by name (no collected manifest in a throw-away directory).
    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    with override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": plain,
        }
    ):
        with CaptureQueriesContext(connection) as queries:
            size = max(lookup(n) for n in range(20))
        per_request = len(queries) / 20
        started = time.perf_counter()
        cpu = time.process_time()
        for n in range(args.requests):
            lookup(n)
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu
    print(
        f"{connection.vendor}: {args.requests} lookups over {args.dossiers} dossiers: "
        f"{args.requests / elapsed:.0f} req/s ({cpu / args.requests * 1000:.1f} ms CPU each), "
        f"{per_request:.1f} queries per request, page {size / 1024:.1f} KB; "
        f"load average {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
