"""Deadline throughput: due moments of 1–60 working days from random starts.

Compares, in the same run and over the same calendar object (national calendar,
11 years), the cumulative-table arithmetic of ``motcua.workdays.calendar`` with a
straightforward loop that walks the calendar date by date:

    .venv/bin/python bench/bench_workdays.py                      # 1,000,000 computations
    .venv/bin/python bench/bench_workdays.py --count 200000 --loop-sample 20000
    .venv/bin/python bench/bench_workdays.py --repeat 3        # best of 3 on a busy machine

No database is needed: the calendar is built from the ``holidays`` package directly.
The loop is slow, so it runs on the first ``--loop-sample`` inputs (100,000 by default)
and its throughput is compared per computation; its results must equal the fast ones.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings_test")
    import django

    django.setup()


def day_table_walk(calendar, start: datetime, amount: int) -> datetime:
    """A tighter baseline: day by day, but over the precomputed per-day session table."""
    index, us = calendar.locate(start)
    rest = amount
    sessions = calendar.sessions
    while True:
        for s, e in sessions[index]:
            if us >= e:
                continue
            begin = us if us > s else s
            if rest <= e - begin:
                return calendar.moment(index, begin + rest)
            rest -= e - begin
        index += 1
        us = 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--loop-sample", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=20260213)
    parser.add_argument("--repeat", type=int, default=1, help="best of N runs of each phase")
    args = parser.parse_args()
    setup()

    from zoneinfo import ZoneInfo

    from django.conf import settings

    from motcua.workdays.calendar import Calendar

    tz = ZoneInfo(settings.TIME_ZONE)
    started = time.perf_counter()
    calendar = Calendar.build(tz=tz, first_year=2021, last_year=2031)
    build_seconds = time.perf_counter() - started

    rng = random.Random(args.seed)
    base = datetime(2022, 1, 1, tzinfo=UTC)
    span = int((datetime(2030, 1, 1, tzinfo=UTC) - base).total_seconds())
    # Starts as the database returns them: aware, in UTC, to the second.
    starts = [base + timedelta(seconds=rng.randrange(span)) for _ in range(args.count)]
    days = [rng.randint(1, 60) for _ in range(args.count)]
    sample = min(args.loop_sample, args.count)

    def timed(label: str, n: int, function):
        seconds = cpu = float("inf")
        for _ in range(args.repeat):  # best of N, as timeit does, against noisy neighbours
            gc.collect()
            gc.disable()  # measure the arithmetic, not the collector
            try:
                t0, c0 = time.perf_counter(), time.process_time()
                result = function()
                seconds = min(seconds, time.perf_counter() - t0)
                cpu = min(cpu, time.process_time() - c0)
            finally:
                gc.enable()
        rate, cpu_rate = n / seconds, n / cpu
        print(
            f"  {label:<46} {n:>9,} in {seconds:6.2f} s  {rate:>10,.0f} /s"
            f"   (CPU {cpu:6.2f} s: {cpu_rate:>10,.0f} /s)"
        )
        return result, (rate, cpu_rate)

    per_day = calendar.hours_to_us(8)
    print(
        f"workdays: {args.count:,} due moments of 1–60 working days from random starts "
        f"(2022–2029), national calendar {calendar.first_year}–{calendar.last_year} "
        f"built in {build_seconds:.2f} s"
    )
    fast, batch_rate = timed(
        "cumulative table, batch (Calendar.add_many)",
        args.count,
        lambda: calendar.add_many(starts, [d * per_day for d in days]),
    )
    add_us = calendar.add_us
    single, single_rate = timed(
        "cumulative table, one call each (add_us)",
        args.count,
        lambda: [add_us(s, d * per_day) for s, d in zip(starts, days, strict=True)],
    )
    loop, loop_rate = timed(
        "date-by-date loop (add_hours_naive)",
        sample,
        lambda: [
            calendar.add_hours_naive(s, d * 8)
            for s, d in zip(starts[:sample], days[:sample], strict=True)
        ],
    )
    walk, walk_rate = timed(
        "day-table walk (tighter loop, for reference)",
        sample,
        lambda: [
            day_table_walk(calendar, s, d * per_day)
            for s, d in zip(starts[:sample], days[:sample], strict=True)
        ],
    )
    same = fast[:sample] == loop == walk and fast == single
    for i, kind in ((1, "CPU time"), (0, "wall clock")):
        print(
            f"  ratio ({kind}): batch / date-by-date loop "
            f"{batch_rate[i] / loop_rate[i]:5.1f}×   one call / loop "
            f"{single_rate[i] / loop_rate[i]:5.1f}×   batch / day-table walk "
            f"{batch_rate[i] / walk_rate[i]:4.1f}×"
        )
    print(f"  results identical: {'yes' if same else 'NO'}")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
