"""Report speed on PostgreSQL: period statistics over 1M or 10M dossiers.

Builds the dossier rows, in order of receipt as the services insert them, in bulk with ``INSERT … SELECT … generate_series`` (in batches;
no events, no step runs: the reports read the dossier row), consistent with what the
services write (received → due, ended 7/8/9, returned 10 keeps the time of 9, refusals
are finished with outcome ``refused``), then times

- a one-year province report (every agency), and
- a one-month single-agency report,

each through ``reports.stats.period_statistics`` (daily summary + open dossiers), once
reading the rows only (``direct=True``), and through one hand-written
``GROUP BY`` over the same rows, best of N runs, and prints the ratio.

    # as root, on a throw-away cluster:
    source scripts/pg-cluster.sh; pg_cluster_start /usr/lib/postgresql/15/bin
    .venv/bin/python bench/bench_reports.py --database-url "$PG_URL" --count 1000000
    pg_cluster_stop
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from pathlib import Path

from _django import name_installation

ROOT = Path(__file__).resolve().parent.parent
NOW = dt.datetime(2026, 11, 20, 8, 0, tzinfo=dt.UTC)
FIRST = dt.datetime(2024, 1, 1, 1, 0, tzinfo=dt.UTC)
EXTRA_AGENCIES = 30


def setup(database_url: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = database_url
    name_installation()
    import django

    django.setup()


def built(count: int) -> tuple[object, object] | None:
    """The province and commune A of an earlier build of ``count`` rows, if there is one."""
    from motcua.catalog.models import Agency
    from motcua.dossiers.models import Dossier

    if Dossier.objects.count() != count:
        return None
    # motcua.testing.Province.build: the province H99 and commune A (H99.50.01).
    return Agency.objects.get(code="H99"), Agency.objects.get(code="H99.50.01")


def build(count: int, batch: int) -> tuple[object, object]:
    from django.core.management import call_command
    from django.db import connection

    from motcua.accounts.roles import Role
    from motcua.catalog.models import Agency, AgencyLevel
    from motcua.dossiers.models import Dossier
    from motcua.testing import Province, make_procedure

    call_command("migrate", verbosity=0)
    p = Province.build()
    procedure = make_procedure(
        "1.000001",
        "Cấp giấy phép xây dựng nhà ở riêng lẻ",
        days=15,
        agencies=[p.commune_a],
        steps=[("Tiếp nhận, giải quyết", Role.RECEIVING_OFFICER, None, 120)],
    )
    for i in range(EXTRA_AGENCIES):
        Agency.objects.create(
            code=f"H15.50.{i + 10:02d}",
            name=f"Xã {i}",
            level=AgencyLevel.COMMUNE,
            parent=p.province,
        )
    agencies = list(
        Agency.objects.filter(path__startswith=p.province.path).values_list("pk", flat=True)
    )
    # Every NOT NULL column the bulk rows do not set gets the model's default.
    explicit = {
        "id", "code", "procedure_id", "applicant_name", "receiving_point_id", "agency_id",
        "channel", "submitted_at", "received_at", "clock_started_at", "due_at", "status",
        "outcome", "decided_at", "ended_at", "completed_at", "returned_at", "created_at",
        "updated_at",
    }  # fmt: skip
    defaults = {}
    for f in Dossier._meta.concrete_fields:
        if f.column in explicit or f.null:
            continue
        defaults[f.column] = f.get_db_prep_value(f.get_default(), connection)
    cols = list(defaults)
    sql = f"""
    INSERT INTO dossiers_dossier (
        code, procedure_id, applicant_name, receiving_point_id, agency_id, channel,
        submitted_at, received_at, clock_started_at, due_at, status, outcome, decided_at,
        ended_at, completed_at, returned_at, created_at, updated_at
        {"".join(", " + c for c in cols)})
    SELECT 'B-' || g, %(procedure)s, 'Người nộp ' || g, %(point)s,
        (%(agencies)s::int[])[1 + floor(r4 * %(n_agencies)s)::int],
        CASE WHEN r2 < 0.70 THEN '1' WHEN r2 < 0.95 THEN '2' ELSE '3' END,
        rcv, rcv, rcv, due, st,
        CASE WHEN st IN (9, 10) AND r1 > 0.95 THEN 'refused'
             WHEN st IN (9, 10) THEN 'approved' ELSE '' END,
        CASE WHEN st IN (9, 10) THEN fin END,
        CASE WHEN st IN (7, 8, 9, 10) THEN fin END,
        CASE WHEN st IN (9, 10) THEN fin END,
        CASE WHEN st = 10 THEN fin + interval '1 day' END,
        rcv, rcv
        {"".join(", %(d_" + c + ")s" for c in cols)}
    FROM (
        SELECT g, rcv, r1, r2, r4, due, fin,
            CASE WHEN fin > %(now)s THEN 4
                 WHEN r1 < 0.02 THEN 7 WHEN r1 < 0.03 THEN 8
                 WHEN fin + interval '1 day' <= %(now)s THEN 10 ELSE 9 END AS st
        FROM (
            SELECT g, rcv, r1, r2, r4,
                rcv + (5 + floor(r2 * 10)) * interval '1 day' AS due,
                rcv + (r3 * 20) * interval '1 day' AS fin
            FROM (
                SELECT g,
                    %(first)s + (g::float8 / %(count)s) * (%(now)s - %(first)s)
                        - random() * interval '1 hour' AS rcv,
                    random() AS r1, random() AS r2, random() AS r3, random() AS r4
                FROM generate_series(%(lo)s, %(hi)s) AS g
            ) a
        ) b
    ) c
    """
    params = {
        "procedure": procedure.pk,
        "point": p.commune_a_point.pk,
        "agencies": agencies,
        "n_agencies": len(agencies),
        "now": NOW,
        "first": FIRST,
        "count": count,
        **{"d_" + c: v for c, v in defaults.items()},
    }
    started = time.perf_counter()
    with connection.cursor() as cursor:
        # Load without the secondary indexes, then build them once (as a restore would).
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'dossiers_dossier' "
            "AND indexname NOT IN (SELECT conname FROM pg_constraint)"
        )
        indexes = cursor.fetchall()
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        for lo in range(1, count + 1, batch):
            hi = min(count, lo + batch - 1)
            cursor.execute(sql, {**params, "lo": lo, "hi": hi})
            print(f"  {hi:>10,} rows  {time.perf_counter() - started:6.1f} s", flush=True)
        for _, definition in indexes:
            cursor.execute(definition)
        print(f"  indexes rebuilt  {time.perf_counter() - started:6.1f} s", flush=True)
        cursor.execute("VACUUM ANALYZE dossiers_dossier")
    print(f"built {count:,} dossiers in {time.perf_counter() - started:.1f} s", flush=True)
    from motcua.reports import summary

    t = time.perf_counter()
    rows = summary.rebuild_all()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE reports_reportday")
    print(f"summary rebuilt ({rows:,} rows) in {time.perf_counter() - t:.1f} s", flush=True)
    return p.province, p.commune_a


def hand_written(agency_ids: list[int], start_at: dt.datetime, end_at: dt.datetime) -> list:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT agency_id, channel, status, outcome, count(*)
            FROM dossiers_dossier
            WHERE agency_id = ANY(%s) AND received_at IS NOT NULL AND received_at < %s
              AND (ended_at IS NULL OR ended_at >= %s OR returned_at >= %s)
            GROUP BY agency_id, channel, status, outcome
            """,
            [agency_ids, end_at, start_at, start_at],
        )
        return cursor.fetchall()


def explain(agency, start: dt.date, end: dt.date) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from motcua.reports.stats import period_statistics

    with CaptureQueriesContext(connection) as ctx:
        period_statistics(start=start, end=end, agency=agency, now=NOW)
    with connection.cursor() as cursor:
        for q in ctx.captured_queries:
            if "dossiers_dossier" not in q["sql"] and "reportday" not in q["sql"]:
                continue
            cursor.execute("EXPLAIN ANALYZE " + q["sql"])
            print(f"-- {q['time']} s", *(row[0] for row in cursor.fetchall()), sep="\n")


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="time the rows of an earlier run on the same database (same --count)",
    )
    parser.add_argument(
        "--explain", action="store_true", help="print the plans of the report's queries"
    )
    args = parser.parse_args()
    setup(args.database_url)
    from motcua.reports.periods import make_period, subtree_ids
    from motcua.reports.stats import period_statistics

    existing = built(args.count) if args.reuse else None
    province, commune = existing or build(args.count, args.batch)
    cases = [
        ("province, one year", province, dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
        ("one agency, one month", commune, dt.date(2026, 10, 1), dt.date(2026, 10, 31)),
    ]
    results = []
    for name, agency, start, end in cases:
        period = make_period(start, end, now=NOW)
        ids = subtree_ids(agency)
        stats = period_statistics(start=start, end=end, agency=agency, now=NOW)
        t_report = best(
            lambda a=agency, s=start, e=end: period_statistics(start=s, end=e, agency=a, now=NOW),
            args.repeat,
        )
        t_direct = best(
            lambda a=agency, s=start, e=end: period_statistics(
                start=s, end=e, agency=a, now=NOW, direct=True
            ),
            1,
        )
        t_group = best(lambda i=ids, p=period: hand_written(i, p.start_at, p.end_at), args.repeat)
        if args.explain:
            explain(agency, start, end)
        results.append(
            {
                "case": name,
                "report_s": round(t_report, 3),
                "group_by_s": round(t_group, 3),
                "rows_only_s": round(t_direct, 3),
                "ratio": round(t_report / t_group, 2),
                "new": stats["received"]["new"],
                "carried_over": stats["received"]["carried_over"],
            }
        )
    print(
        json.dumps({"count": args.count, "loadavg": os.getloadavg(), "results": results}, indent=1)
    )


if __name__ == "__main__":
    main()
