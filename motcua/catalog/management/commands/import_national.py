"""python manage.py import_national PATH [PATH …]: import the catalog from the national database."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from motcua.catalog.models.national import ImportRun
from motcua.catalog.national import SourceError, import_records, read_records
from motcua.catalog.national.services import (
    build_report_xlsx,
    import_run_finish,
    kind_label,
    report_summary,
)


class ProgressBar:
    """A one-line bar on stderr, redrawn in place; silent when stderr is not a terminal."""

    def __init__(self, stream, enabled: bool, width: int = 30):
        self.stream, self.enabled, self.width = stream, enabled, width
        self.started = time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        filled = int(self.width * done / total) if total else self.width
        percent = 100 * done / total if total else 100
        elapsed = time.monotonic() - self.started
        self.stream.write(
            f"\r[{'#' * filled}{'.' * (self.width - filled)}] {done}/{total} "
            f"{percent:5.1f}% {elapsed:5.1f} s"
        )
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


class Command(BaseCommand):
    help = (
        "Nhập danh mục thủ tục từ Cơ sở dữ liệu quốc gia về thủ tục hành chính: JSON lines "
        "(.jsonl, .jsonl.gz) và danh sách xuất từ Cổng Dịch vụ công quốc gia (.xlsx). "
        "Dòng cuối của kết quả là một đối tượng JSON các số liệu."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="+", help="Tệp .jsonl, .jsonl.gz hoặc .xlsx")
        parser.add_argument(
            "--overwrite-local",
            action="store_true",
            help="Ghi đè quyết định của địa phương (thời hạn cam kết, phí địa phương, giá trị sửa tay).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Đọc và báo cáo, không ghi gì vào cơ sở dữ liệu."
        )
        parser.add_argument(
            "--no-withdraw",
            action="store_true",
            help="Không đánh dấu bãi bỏ các thủ tục không còn trong tệp.",
        )
        parser.add_argument(
            "--codes", default="", help="Chỉ nhập các mã này (cách nhau bởi dấu phẩy)."
        )
        parser.add_argument("--report", default="", help="Ghi báo cáo ra tệp .xlsx.")
        parser.add_argument("--no-progress", action="store_true", help="Không hiện thanh tiến độ.")

    def handle(self, *args, **options):
        records = []
        for name in options["paths"]:
            path = Path(name)
            if not path.is_file():
                raise CommandError(f"Không tìm thấy tệp {path}")
            try:
                records.extend(read_records(path))
            except SourceError as exc:
                raise CommandError(f"{path}: {exc}") from None
        codes = {c.strip() for c in options["codes"].split(",") if c.strip()} or None
        dry_run = options["dry_run"]
        source_name = ", ".join(Path(p).name for p in options["paths"])[:255]
        run = None
        if not dry_run:
            run = ImportRun.objects.create(
                source_name=source_name,
                overwrite_local=options["overwrite_local"],
                withdraw_missing=not options["no_withdraw"] and codes is None,
                status=ImportRun.Status.RUNNING,
                started_at=timezone.now(),
                progress_total=len(records),
            )
        bar = ProgressBar(
            self.stderr._out, enabled=not options["no_progress"] and sys.stderr.isatty()
        )
        started = time.monotonic()
        try:
            result = import_records(
                records,
                overwrite_local=options["overwrite_local"],
                run=run,
                progress=bar,
                codes=codes,
                withdraw_missing=False if options["no_withdraw"] else None,
                dry_run=dry_run,
            )
        except Exception as exc:
            if run is not None:
                ImportRun.objects.filter(pk=run.pk).update(
                    status=ImportRun.Status.FAILED,
                    error=str(exc)[:2000],
                    finished_at=timezone.now(),
                )
            raise
        seconds = time.monotonic() - started
        if run is not None:
            with transaction.atomic():
                import_run_finish(run=run, result=result)
        summary = result.summary()
        rates = result.rates()
        write = self.stdout.write
        write(f"{'Thử (không ghi)' if dry_run else 'Đã nhập'}: {source_name} trong {seconds:.1f} s")
        write(
            f"Đọc {summary['read']}, tạo mới {summary['imported']}, cập nhật {summary['updated']} "
            f"(không đổi {summary['unchanged']}), bỏ qua {summary['skipped']}, "
            f"đánh dấu bãi bỏ {summary['withdrawn']}."
        )
        write(
            "Tỷ lệ đọc được: thời hạn "
            f"{summary['durations_parsed']}/{summary['durations_total']} ({rates['durations']}%), "
            f"phí {summary['fees_parsed']}/{summary['fees_total']} ({rates['fees']}%), "
            f"giấy tờ {summary['documents_parsed']}/{summary['documents_total']} "
            f"({rates['documents']}%); chưa đọc được: {summary['unparsed']}."
        )
        kinds: dict[str, int] = {}
        for issue in result.issues:
            kinds[issue.kind] = kinds.get(issue.kind, 0) + 1
        for kind, count in sorted(kinds.items(), key=lambda kv: -kv[1]):
            write(f"  {kind_label(kind)} ({kind}): {count}")
        skipped = [i for i in result.issues if i.kind in _skip_kinds()]
        for issue in skipped:
            write(f"  bỏ qua {issue.code}: {issue.message}")
        if result.unmatched_agencies:
            write(
                f"Tên cơ quan chưa khớp ({len(result.unmatched_agencies)}), "
                "thêm vào bảng ánh xạ trong trang quản trị:"
            )
            for agency_name, count in result.unmatched_agencies.most_common(15):
                write(f"  {count:4d} × {agency_name}")
        if run is not None:
            write(f"Báo cáo: lần nhập #{run.pk} trong trang quản trị.")
        if options["report"]:
            Path(options["report"]).write_bytes(
                build_report_xlsx(
                    source_name=source_name,
                    status="thử" if dry_run else "hoàn thành",
                    counts=summary,
                    report=report_summary(result),
                    issues=result.issues,
                )
            )
            write(f"Đã ghi báo cáo: {options['report']}")
        write(json.dumps(summary, ensure_ascii=False))


def _skip_kinds():
    from motcua.catalog.national.records import SKIP_KINDS

    return SKIP_KINDS
