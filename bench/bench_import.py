"""Import speed: the 1,601 shipped national records into a fresh SQLite database.

Target: under 30 s
on SQLite on this machine. Prints the first import and an unchanged re-import.

    .venv/bin/python bench/bench_import.py
    .venv/bin/python bench/bench_import.py --database-url postgres://…   # an existing, empty database
    MOTCUA_NATIONAL_DATA=/path/to/national-procedures .venv/bin/python bench/bench_import.py
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

from _django import bootstrap

TARGET_SECONDS = 30.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="", help="default: a temporary SQLite file")
    parser.add_argument(
        "--repeat", type=int, default=1, help="first imports to time, into an emptied catalog"
    )
    options, _unknown = parser.parse_known_args()  # scripts/bench.sh passes its own arguments on

    bootstrap("import", options.database_url)

    from motcua.catalog.models import Procedure
    from motcua.catalog.national import import_records, read_records
    from motcua.catalog.national.shipped import national_detail_file

    path = national_detail_file()
    if not path.exists():
        print(f"{path} not found: set MOTCUA_NATIONAL_DATA", file=sys.stderr)
        return 2

    from motcua.catalog.models import Field

    timings = []
    for attempt in range(max(1, options.repeat)):
        if attempt:
            Procedure.objects.all().delete()
            Field.objects.all().delete()
        started, cpu = time.perf_counter(), time.process_time()
        records = read_records(path)
        read_seconds = time.perf_counter() - started
        first = import_records(records)
        timings.append((time.perf_counter() - started, time.process_time() - cpu))
    first_seconds, first_cpu = min(timings)
    started, cpu = time.perf_counter(), time.process_time()
    again = import_records(read_records(path))
    again_seconds, again_cpu = time.perf_counter() - started, time.process_time() - cpu

    count = len(records)
    engine = "SQLite" if "sqlite" in os.environ["DATABASE_URL"] else "PostgreSQL"
    best = f"best of {len(timings)}, " if len(timings) > 1 else ""
    print(f"records: {count}, procedures in the catalog: {Procedure.objects.count()} ({engine})")
    print(f"reading the file: {read_seconds:.2f} s")
    print(
        f"first import (read + parse + write; {best}wall clock): {first_seconds:.2f} s, "
        f"{count / first_seconds:.0f} records/s (CPU time of this process {first_cpu:.2f} s)"
    )
    print(
        f"re-import, nothing changed: {again_seconds:.2f} s, "
        f"{count / again_seconds:.0f} records/s (CPU {again_cpu:.2f} s)"
    )
    print(f"load average meanwhile: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    verdict = "OK" if first_seconds < TARGET_SECONDS else "TOO SLOW"
    print(
        f"target: under {TARGET_SECONDS:.0f} s → {verdict} "
        f"({first_seconds / TARGET_SECONDS:.0%} of the budget)"
    )
    print(json.dumps({"first": first.summary(), "again": again.summary()}, ensure_ascii=False))
    return 0 if first_seconds < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
