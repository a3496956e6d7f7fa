"""python manage.py import_catalog FILE.xlsx — the catalog import from the command line."""

from __future__ import annotations

import os
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.catalog.excel import ImportReport, catalog_import

# Exit codes: 1 when the file has errors (nothing was written), 2 when it cannot be used at all.
EXIT_ERRORS = 1
EXIT_UNUSABLE = 2


class Command(BaseCommand):
    help = (
        "Nhập danh mục thủ tục từ tệp Excel (.xlsx) theo bố cục trong docs/catalog-excel.md. "
        "Không ghi gì nếu tệp có lỗi."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Đường dẫn tệp .xlsx")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Chỉ kiểm tra và đếm thay đổi, không lưu gì.",
        )
        parser.add_argument(
            "--user", help="Tên đăng nhập ghi nhận là người tạo các phiên bản quy trình."
        )
        parser.add_argument("--no-progress", action="store_true", help="Không hiển thị tiến độ.")

    def handle(
        self, *args, file: str, dry_run: bool, user: str | None, no_progress: bool, **options
    ):
        if not os.path.isfile(file):
            raise CommandError(f"Không tìm thấy tệp “{file}”.", returncode=EXIT_UNUSABLE)
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"Không có người dùng “{user}”.", returncode=EXIT_UNUSABLE)
        progress = None if no_progress or options.get("verbosity", 1) == 0 else _Progress(self)
        report = catalog_import(source=file, user=actor, dry_run=dry_run, progress=progress)
        if progress is not None:
            progress.done()
        if not report.ok:
            for error in report.errors:
                self.stdout.write(str(error))
            unusable = all(not error.sheet for error in report.errors)
            raise CommandError(
                f"Tệp có {len(report.errors)} lỗi; không có thay đổi nào được lưu.",
                returncode=EXIT_UNUSABLE if unusable else EXIT_ERRORS,
            )
        self._summary(report)

    def _summary(self, report: ImportReport) -> None:
        for sheet, count in report.counts.items():
            self.stdout.write(
                f"{sheet}: thêm {count.created}, cập nhật {count.updated}, "
                f"không đổi {count.unchanged}, xóa {count.deleted}"
            )
        verb = "Kiểm tra xong (không lưu)" if report.dry_run else "Đã nhập xong"
        self.stdout.write(self.style.SUCCESS(f"{verb}: {report.changes} thay đổi."))


class _Progress:
    """Progress on stderr: a rewritten line on a terminal, a line per stage otherwise."""

    def __init__(self, command: BaseCommand):
        self.stream = command.stderr
        self.stream.style_func = None  # progress is not an error: no red
        self.tty = command.stderr.isatty()
        self.stage = ""
        self.last = 0.0

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        finished = total is not None and done >= total
        if self.tty:
            now = time.monotonic()
            if not finished and now - self.last < 0.2 and stage == self.stage:
                return
            self.last = now
            if stage != self.stage and self.stage:
                self.stream.write("\n", ending="")
            self.stage = stage
            self.stream.write(f"\r\x1b[K{_line(stage, done, total)}", ending="")
            self.stream.flush()
        elif finished:
            self.stream.write(_line(stage, done, total))

    def done(self) -> None:
        if self.tty and self.stage:
            self.stream.write("\n", ending="")


def _line(stage: str, done: int, total: int | None) -> str:
    if not total:
        return f"{stage}: {done} dòng"
    width = 30
    filled = width * min(done, total) // total
    return f"{stage}: [{'#' * filled}{'.' * (width - filled)}] {done}/{total}"
