"""Staff office pages under load: how long the pages officers open all day take with
many dossiers in the database, and how many queries each makes.

Dossiers are received through ``dossiers.actions.intake.dossier_receive`` at moments spread
over the past weeks (so that lists hold overdue, due-today and due-soon dossiers), half
of them moved on to the specialist. Then each page is fetched repeatedly with Django's
test client as the receiving officer, the specialist and the leader.

    .venv/bin/python bench/bench_office.py                      # SQLite, 3,000 dossiers
    .venv/bin/python bench/bench_office.py --count 10000
    .venv/bin/python bench/bench_office.py --postgres           # throw-away cluster (root)
    .venv/bin/python bench/bench_office.py --database-url postgres://...
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _django import name_installation

ROOT = Path(__file__).resolve().parent.parent


def run(database_url: str, count: int, repeat: int) -> dict:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("TASKS_IMMEDIATE", "false")
    os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
    name_installation()
    import datetime as dt

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import override_settings

    # Pages link static files by name; no collectstatic manifest is needed here.
    plain = "django.contrib.staticfiles.storage.StaticFilesStorage"
    override_settings(STORAGES={**settings.STORAGES, "staticfiles": {"BACKEND": plain}}).enable()
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from motcua.accounts.roles import Role
    from motcua.dossiers.actions.intake import Applicant
    from motcua.dossiers.actions.steps import dossier_forward
    from motcua.testing import Province, make_procedure, receive_dossier

    call_command("migrate", verbosity=0)
    p = Province.build()
    procedure = make_procedure(
        "1.000001",
        "Cấp giấy phép xây dựng nhà ở riêng lẻ",
        days=5,
        agencies=[p.commune_a],
        steps=[
            ("Tiếp nhận, chuyển hồ sơ", Role.RECEIVING_OFFICER, None, 4),
            ("Thẩm định hồ sơ", Role.SPECIALIST, None, 28),
            ("Phê duyệt kết quả", Role.AGENCY_LEADER, None, 4),
            ("Trả kết quả", Role.RECEIVING_OFFICER, None, 4),
        ],
    )
    now = timezone.now()
    started = time.perf_counter()
    last = None
    for i in range(count):
        at = now - dt.timedelta(hours=(i * 7) % (24 * 21))
        last = receive_dossier(
            p,
            procedure,
            applicant=Applicant(
                name=f"Nguyễn Văn {i}",
                id_number=f"0010900{i % 100000:05d}",
                address="Thôn 1, xã An Bình",
            ),
            at=at,
        )
        if i % 2:
            dossier_forward(actor=p.officer_a, dossier=last, at=at)
    setup = time.perf_counter() - started

    pages = {
        "officer": [
            "/van-phong/",
            "/van-phong/danh-sach/viec-cua-toi/",
            "/van-phong/danh-sach/don-vi/?q=nguyen+van+12",
            "/van-phong/danh-sach/qua-han/?page=3",
            f"/van-phong/ho-so/{last.pk}/",
            "/van-phong/cuoi-ngay/",
        ],
        "specialist": ["/van-phong/danh-sach/viec-cua-toi/"],
        "leader": ["/van-phong/danh-sach/don-vi/?sort=-due"],
    }
    users = {"officer": p.officer_a, "specialist": p.specialist_a, "leader": p.leader_a}
    results = []
    for who, urls in pages.items():
        client = Client()
        client.force_login(users[who])
        for url in urls:
            client.get(url)  # warm the calendar and the templates
            queries: list[str] = []

            def record(run, sql, *args, queries=queries):
                queries.append(sql)
                return run(sql, *args)

            with connection.execute_wrapper(record):
                response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            timings = []
            for _ in range(repeat):
                t0 = time.perf_counter()
                client.get(url)
                timings.append((time.perf_counter() - t0) * 1000)
            results.append(
                {
                    "who": who,
                    "url": url,
                    "median_ms": round(statistics.median(timings), 1),
                    "queries": len(queries),
                }
            )
    return {
        "vendor": connection.vendor,
        "dossiers": count,
        "setup_seconds": round(setup, 1),
        "pages": results,
    }


def child(database_url: str, count: int, repeat: int) -> dict:
    output = subprocess.run(
        [
            sys.executable,
            __file__,
            "--child",
            "--database-url",
            database_url,
            "--count",
            str(count),
            "--repeat",
            str(repeat),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if output.returncode:
        sys.exit(f"The benchmark failed:\n{output.stderr[-3000:]}")
    return json.loads(output.stdout.strip().splitlines()[-1])


def with_postgres(count: int, repeat: int) -> dict:
    bin_dir = "/usr/lib/postgresql/15/bin"
    script = f"source {ROOT}/scripts/pg-cluster.sh; pg_cluster_start {bin_dir} >&2; "
    script += 'echo "$PG_URL $PG_DIR"'
    url, pg_dir = subprocess.run(
        ["bash", "-c", script], check=True, capture_output=True, text=True
    ).stdout.split()
    try:
        return child(url, count, repeat)
    finally:
        subprocess.run(
            ["bash", "-c", f"source {ROOT}/scripts/pg-cluster.sh; pg_cluster_stop"],
            env={**os.environ, "PG_DIR": pg_dir, "PG_BIN": bin_dir},
            check=False,
        )


def show(result: dict) -> None:
    print(
        f"{result['vendor']}: {result['dossiers']} dossiers "
        f"(received in {result['setup_seconds']} s)"
    )
    for row in result["pages"]:
        print(
            f"  {row['median_ms']:>7} ms  {row['queries']:>3} queries  {row['who']:<10} {row['url']}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--database-url")
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--child", action="store_true")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run(args.database_url, args.count, args.repeat)))
        return
    if args.database_url:
        show(child(args.database_url, args.count, args.repeat))
    elif args.postgres:
        show(with_postgres(args.count, args.repeat))
    else:
        with tempfile.TemporaryDirectory(prefix="motcua-bench-") as directory:
            show(child(f"sqlite:///{directory}/bench.sqlite3", args.count, args.repeat))


if __name__ == "__main__":
    main()
