"""Intake throughput: dossiers received at the counter per second, through the service.

Each intake runs ``dossiers.actions.intake.dossier_receive`` exactly as the counter does:
the process is pinned, the code drawn, the appointment computed by ``workdays``, the
first step opened, the event written and the applicant's e-mail queued on commit.

    .venv/bin/python bench/bench_intake.py                 # SQLite, and PostgreSQL when root
    .venv/bin/python bench/bench_intake.py --count 5000 --only sqlite
    .venv/bin/python bench/bench_intake.py --database-url postgres://...   # an existing database

PostgreSQL runs on a throw-away cluster (scripts/pg-cluster.sh), which needs root.

The baseline, measured in the same run with the same processes, writes the same four
rows (dossier, step run, event, queued e-mail) by bare ORM saves in one transaction; the
ratio is the service's time over the baseline's. With several processes the service also
waits for the daily code sequence of the agency, whose row stays locked until commit so
that codes have no gaps (``dossiers/codes.py``); the baseline takes no lock.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _django import name_installation

ROOT = Path(__file__).resolve().parent.parent
PG_BINS = [
    "/usr/lib/postgresql/15/bin",
    *sorted(map(str, Path("/usr/lib/postgresql").glob("*/bin"))),
]


def run_one(database_url: str, count: int, workers: int = 1) -> dict:
    """Runs inside a child process whose environment selects the database."""
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = database_url
    # Production settings: the e-mail task is queued in the database, the calendar cached.
    os.environ.setdefault("TASKS_IMMEDIATE", "false")
    os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
    name_installation()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from motcua.accounts.roles import Role
    from motcua.dossiers.actions.intake import Applicant
    from motcua.testing import Province, make_procedure, receive_dossier

    call_command("migrate", verbosity=0)
    p = Province.build()
    procedure = make_procedure(
        "1.000001",
        "Cấp giấy phép xây dựng nhà ở riêng lẻ",
        days=15,
        agencies=[p.commune_a],
        steps=[
            ("Tiếp nhận, chuyển hồ sơ", Role.RECEIVING_OFFICER, None, 4),
            ("Thẩm định hồ sơ", Role.SPECIALIST, None, 100),
            ("Phê duyệt kết quả", Role.AGENCY_LEADER, None, 12),
            ("Trả kết quả", Role.RECEIVING_OFFICER, None, 4),
        ],
    )

    def intake(i: int):
        return receive_dossier(
            p,
            procedure,
            applicant=Applicant(
                name=f"Nguyễn Văn {i}",
                id_number=f"0010900{i % 100000:05d}",
                phone="0912345678",
                email=f"nguoi{i}@example.vn",
                address="Thôn 1, xã An Bình",
            ),
        )

    # The counter page loads the procedure with its competent agencies once.
    procedure = type(procedure).objects.prefetch_related("agencies").get(pk=procedure.pk)
    template = intake(0)  # warms the working calendar and the connection
    with CaptureQueriesContext(connection) as queries:
        intake(1)
    run = template.step_runs.get()
    event = template.events.get()

    def bare(i: int):
        """The baseline: the same four rows written by plain ORM saves in one
        transaction, without the service's checks, code, calendar or hash chain."""
        from django.db import transaction
        from django.db.models.base import ModelState

        from motcua.dossiers.tasks import notify_applicant

        with transaction.atomic():
            dossier = copy.copy(template)
            dossier.pk, dossier.code = None, f"BASE-{i}"
            dossier.applicant_name = f"Nguyễn Văn {i}"
            dossier.save(force_insert=True)
            step_run = copy.copy(run)
            step_run.pk, step_run.dossier = None, dossier
            step_run.save(force_insert=True)
            row = copy.copy(event)
            row.pk, row.dossier = None, dossier
            row._state = ModelState()
            row.save(force_insert=True)
            notify_applicant.enqueue(row.pk)

    vendor = connection.vendor
    cpu = None
    profiler = None
    if os.environ.get("BENCH_PROFILE") and workers <= 1:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    baseline, _ = timed(bare, 10_000_000, count, workers)
    started_cpu = time.process_time()
    elapsed, count = timed(intake, 2, count, workers)
    if workers <= 1:
        cpu = round((time.process_time() - started_cpu) / count * 1000, 2)
    if profiler is not None:
        import pstats

        profiler.disable()
        order = os.environ.get("BENCH_PROFILE_SORT", "cumulative")
        pstats.Stats(profiler, stream=sys.stderr).sort_stats(order).print_stats(45)
    return {
        "vendor": vendor,
        "workers": workers,
        "count": count,
        "seconds": round(elapsed, 3),
        "per_second": round(count / elapsed, 1),
        "baseline_per_second": round(count / baseline, 1),
        "ratio": round(elapsed / baseline, 2),
        "queries_per_intake": len(queries),
        "client_cpu_ms_per_intake": cpu,
    }


def timed(fn, first: int, count: int, workers: int) -> tuple[float, int]:
    """Seconds taken to call ``fn(i)`` ``count`` times, in ``workers`` processes at once
    (each opens its connection before the clock starts), and how many calls were made."""
    from django.db import connection

    if workers <= 1:
        started = time.perf_counter()
        for i in range(first, first + count):
            fn(i)
        return time.perf_counter() - started, count
    import multiprocessing

    connection.close()
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(workers + 1)
    share = count // workers

    def work(start: int) -> None:
        connection.close()
        fn(start)  # open the connection before the clock starts
        barrier.wait()
        for i in range(start + 1, start + share):
            fn(i)
        connection.close()

    processes = [
        context.Process(target=work, args=(first + w * (share + 1),)) for w in range(workers)
    ]
    for process in processes:
        process.start()
    barrier.wait()
    started = time.perf_counter()
    for process in processes:
        process.join()
    elapsed = time.perf_counter() - started
    if any(process.exitcode for process in processes):
        raise SystemExit("a worker failed")
    return elapsed, workers * (share - 1)


def child(database_url: str, count: int, workers: int = 1, env: dict | None = None) -> dict:
    output = subprocess.run(
        [
            sys.executable,
            __file__,
            "--child",
            "--database-url",
            database_url,
            "--count",
            str(count),
            "--workers",
            str(workers),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=ROOT,
    )
    if output.returncode:
        sys.exit(f"The benchmark failed:\n{output.stderr[-3000:]}")
    if os.environ.get("BENCH_PROFILE"):
        print(output.stderr, file=sys.stderr)
    return json.loads(output.stdout.strip().splitlines()[-1])


def with_postgres(count: int, workers: int) -> list[dict]:
    if os.geteuid() != 0:
        print("PostgreSQL: skipped (a throw-away cluster needs root).")
        return []
    pg_bin = next((b for b in PG_BINS if Path(b, "initdb").exists()), None)
    if pg_bin is None:
        print("PostgreSQL: skipped (no server binaries).")
        return []
    script = f"source {ROOT}/scripts/pg-cluster.sh; pg_cluster_start {pg_bin} >&2; "
    script += 'echo "$PG_URL $PG_DIR $PG_BIN"'
    started = subprocess.run(
        ["bash", "-c", script], check=True, capture_output=True, text=True
    ).stdout.split()
    url, pg_dir, bin_dir = started
    port = url.rsplit(":", 1)[1].split("/")[0]
    try:
        results = []
        for n in sorted({1, workers}):
            database = f"bench{n}"
            subprocess.run(
                [
                    "su",
                    "postgres",
                    "-s",
                    "/bin/sh",
                    "-c",
                    f"'{bin_dir}/createdb' -h '{pg_dir}/socket' -p {port} {database}",
                ],
                check=True,
            )
            results.append(child(url.rsplit("/", 1)[0] + "/" + database, count, n))
        return results
    finally:
        subprocess.run(
            ["bash", "-c", f"source {ROOT}/scripts/pg-cluster.sh; pg_cluster_stop"],
            env={**os.environ, "PG_DIR": pg_dir, "PG_BIN": bin_dir},
            check=False,
        )


def with_sqlite(count: int, workers: int) -> list[dict]:
    results = []
    for n in sorted({1, workers}):
        directory = tempfile.mkdtemp(prefix="motcua-bench-")
        try:
            results.append(
                child(
                    f"sqlite:///{directory}/bench.sqlite3",
                    count,
                    n,
                    env={"MOTCUA_VAR_DIR": directory},
                )
            )
        finally:
            shutil.rmtree(directory, ignore_errors=True)
    return results


def report(result: dict) -> None:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"{result['vendor']:>10}, {result['workers']} process(es): "
        f"{result['count']} dossiers in {result['seconds']} s "
        f"= {result['per_second']} dossiers/s; baseline (the same rows by bare saves) "
        f"{result['baseline_per_second']}/s, ratio {result['ratio']}× "
        f"({result['queries_per_intake']} queries per intake"
        + (
            f", {result['client_cpu_ms_per_intake']} ms of Django CPU per intake"
            if result.get("client_cpu_ms_per_intake")
            else ""
        )
        + f"; {os.cpu_count()} CPUs, load average {load})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument(
        "--workers", type=int, default=2, help="also measure this many intake processes at once"
    )
    parser.add_argument("--database-url", help="benchmark this (empty, migratable) database")
    parser.add_argument(
        "--profile", action="store_true", help="print a cProfile of the one-process run"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.profile:
        os.environ["BENCH_PROFILE"] = "1"
    if args.child:
        print(json.dumps(run_one(args.database_url, args.count, args.workers)))
        return
    if args.database_url:
        report(child(args.database_url, args.count, args.workers))
        return
    if args.only in (None, "sqlite"):
        for result in with_sqlite(args.count, args.workers):
            report(result)
    if args.only in (None, "postgres"):
        for result in with_postgres(args.count, args.workers):
            report(result)


if __name__ == "__main__":
    main()
