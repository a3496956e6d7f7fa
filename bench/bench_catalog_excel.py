"""Benchmark of the catalog Excel import and export on a large generated workbook.

    .venv/bin/python bench/catalog_excel.py [--procedures 3000]

Runs on a throw-away SQLite database in a temporary directory (set BENCH_DATABASE_URL
to a PostgreSQL URL to use that instead) and prints the time and peak memory of a
first import, a second import of the same file (no changes) and a full export.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _django import name_installation

ROOT = Path(__file__).resolve().parent.parent
COMMUNES = 60
FIELDS = 40


def generate(path: str, procedures: int) -> None:
    """Write the workbook with openpyxl's write-only mode (run in a child process)."""
    from openpyxl import Workbook

    from motcua.catalog.excel import layout

    book = Workbook(write_only=True)

    def sheet(spec, rows):
        ws = book.create_sheet(spec.name)
        ws.append([column.header for column in spec.columns])
        for row in rows:
            ws.append([row.get(column.key) for column in spec.columns])

    sheet(layout.FIELDS, ({"code": f"LV{i:02d}", "name": f"Lĩnh vực {i}"} for i in range(FIELDS)))
    sheet(
        layout.AGENCIES,
        [{"code": "H98", "name": "Ủy ban nhân dân tỉnh", "level": "tinh"}]
        + [
            {"code": f"H98.50.{i:02d}", "name": f"UBND xã {i}", "level": "xa", "parent": "H98"}
            for i in range(1, COMMUNES + 1)
        ],
    )

    def code(i: int) -> str:
        return f"{1 + i // 1_000_000}.{i % 1_000_000:06d}"

    sheet(
        layout.PROCEDURES,
        (
            {
                "code": code(i),
                "name": f"Thủ tục số {i}: cấp giấy chứng nhận đủ điều kiện hoạt động",
                "field": f"LV{i % FIELDS:02d}",
                "agencies": f"H98.50.{1 + i % COMMUNES:02d}; H98",
                "levels": "Cấp tỉnh; Cấp xã",
                "legal_time_amount": 5,
                "legal_time_unit": "ngày làm việc",
                "online_mode": "Toàn trình" if i % 2 else "Một phần",
                "deliveries": "Tại bộ phận một cửa; Qua bưu chính",
                "legal_basis": "Luật số 00/2024/QH15; Nghị định 118/2025/NĐ-CP",
                "applicant_types": "Công dân Việt Nam; Tổ chức",
            }
            for i in range(procedures)
        ),
    )
    sheet(
        layout.CHANNELS_SHEET,
        (
            {"procedure": code(i), "channel": channel, "time_amount": 5, "time_unit": "NLV"}
            for i in range(procedures)
            for channel in ("Trực tiếp", "Trực tuyến")
        ),
    )
    sheet(
        layout.DOCUMENTS,
        (
            {
                "procedure": code(i),
                "order": n,
                "name": f"Giấy tờ số {n} của hồ sơ",
                "originals": 1,
                "copies": n % 2,
                "mandatory": "Có",
            }
            for i in range(procedures)
            for n in range(1, 9)
        ),
    )
    sheet(
        layout.FEES,
        (
            {"procedure": code(i), "name": name, "amount": amount}
            for i in range(procedures)
            for name, amount in (("Lệ phí", 50_000), ("Phí thẩm định", 200_000))
        ),
    )
    sheet(
        layout.STEPS,
        (
            {
                "procedure": code(i),
                "order": n,
                "name": name,
                "unit": f"H98.50.{1 + i % COMMUNES:02d}" if n > 1 else "",
                "role": role,
                "budget_hours": hours,
            }
            for i in range(procedures)
            for n, (name, role, hours) in enumerate(
                (
                    ("Tiếp nhận", "tiep_nhan", 4),
                    ("Thẩm định", "chuyen_vien", 28),
                    ("Ký", "lanh_dao_co_quan", 8),
                ),
                start=1,
            )
        ),
    )
    book.save(path)


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--procedures", type=int, default=3000)
    parser.add_argument("--generate", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    if args.generate:
        import django

        name_installation()
        django.setup()
        generate(args.generate, args.procedures)
        return

    tmp = tempfile.mkdtemp(prefix="motcua-bench-")
    os.environ["MOTCUA_VAR_DIR"] = tmp
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3"
    )
    name_installation()
    workbook = f"{tmp}/catalog.xlsx"
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, __file__, "--procedures", str(args.procedures), "--generate", workbook],
        check=True,
    )
    size = os.path.getsize(workbook) / 1024 / 1024
    print(
        f"workbook: {args.procedures} procedures, {size:.1f} MB, generated in "
        f"{time.perf_counter() - started:.1f} s"
    )

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    print(f"after setup: peak memory {peak_mb():.0f} MB")
    out = open(os.devnull, "w")  # noqa: SIM115 - the per-sheet summaries are not the point here
    steps = [
        ("first import", "import_catalog", workbook, "--no-progress"),
        ("second import (no changes)", "import_catalog", workbook, "--no-progress"),
        ("export", "export_catalog", f"{tmp}/export.xlsx"),
        (
            "import of the export (no changes)",
            "import_catalog",
            f"{tmp}/export.xlsx",
            "--no-progress",
        ),
    ]
    for label, *command in steps:
        wall, used = time.perf_counter(), cpu()
        call_command(*command, stdout=out)
        print(
            f"{label}: {time.perf_counter() - wall:.1f} s wall, {cpu() - used:.1f} s CPU, "
            f"peak memory {peak_mb():.0f} MB"
        )


if __name__ == "__main__":
    main()
