"""Import runs: created by the admin (or the command), executed by a background task."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterable
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.catalog.models.national import ImportIssue, ImportRun
from motcua.catalog.national.importer import ImportResult, import_records
from motcua.catalog.national.reader import SourceError, read_stream
from motcua.catalog.national.records import SKIP_KINDS, UNPARSED_KINDS

logger = logging.getLogger(__name__)

ALLOWED_SUFFIXES = (".jsonl", ".jsonl.gz", ".gz", ".xlsx", ".json", ".ndjson")
BAD_SUFFIX = "Chỉ nhận tệp .jsonl, .jsonl.gz hoặc .xlsx của Cổng Dịch vụ công quốc gia."
RUN_NOT_PENDING = "Lần nhập này đã chạy rồi."


@transaction.atomic
def import_run_create(
    *,
    name: str,
    content: bytes,
    overwrite_local: bool,
    withdraw_missing: bool = True,
    user=None,
) -> ImportRun:
    """Store the uploaded file with a pending run; the caller enqueues the task."""
    if not name.lower().endswith(ALLOWED_SUFFIXES):
        raise SourceError(BAD_SUFFIX)
    run = ImportRun(
        source_name=name[:255],
        overwrite_local=overwrite_local,
        withdraw_missing=withdraw_missing,
        created_by=user,
    )
    run.file.save(name[-100:], ContentFile(content), save=False)
    run.save()
    return run


def import_run_start(run: ImportRun) -> None:
    """Enqueue the background import of a pending run (tasks take IDs)."""
    from motcua.catalog.tasks import run_national_import

    transaction.on_commit(lambda: run_national_import.enqueue(run.pk))


def import_run_execute(*, run_id: int) -> dict[str, Any]:
    """Run the import of a stored file, updating the run's progress as it goes."""
    claimed = ImportRun.objects.filter(pk=run_id, status=ImportRun.Status.PENDING).update(
        status=ImportRun.Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        raise ValueError(RUN_NOT_PENDING)
    run = ImportRun.objects.get(pk=run_id)
    try:
        with run.file.open("rb") as handle:
            records = list(read_stream(handle, run.source_name))
        ImportRun.objects.filter(pk=run.pk).update(progress_total=len(records))

        def progress(done: int, total: int) -> None:
            ImportRun.objects.filter(pk=run.pk).update(progress_done=done, progress_total=total)

        result = import_records(
            records,
            overwrite_local=run.overwrite_local,
            withdraw_missing=run.withdraw_missing,
            run=run,
            progress=progress,
        )
    except Exception as exc:
        logger.exception("National import run %s failed", run_id)
        message = (
            str(exc)
            if isinstance(exc, SourceError)
            else _("Lỗi khi nhập: %(error)s") % {"error": exc.__class__.__name__}
        )
        ImportRun.objects.filter(pk=run.pk).update(
            status=ImportRun.Status.FAILED, error=message, finished_at=timezone.now()
        )
        return {"error": message}
    import_run_finish(run=run, result=result)
    return result.summary()


@transaction.atomic
def import_run_finish(*, run: ImportRun, result: ImportResult) -> None:
    """Store the counts and the report of a finished import."""
    ImportIssue.objects.bulk_create(
        (
            ImportIssue(
                run=run,
                code=issue.code[:40],
                kind=issue.kind,
                field=issue.field[:100],
                message=issue.message,
                raw_text=issue.raw_text,
            )
            for issue in result.issues
        ),
        batch_size=500,
    )
    run.counts = result.summary()
    run.report = report_summary(result)
    run.status = ImportRun.Status.DONE
    run.finished_at = timezone.now()
    run.progress_done = run.progress_total = result.counts["read"]
    run.save(
        update_fields=[
            "counts",
            "report",
            "status",
            "finished_at",
            "progress_done",
            "progress_total",
        ]
    )


def report_summary(result: ImportResult) -> dict[str, Any]:
    kinds: dict[str, int] = {}
    for issue in result.issues:
        kinds[issue.kind] = kinds.get(issue.kind, 0) + 1
    return {
        "rates": result.rates(),
        "kinds": kinds,
        "unparsed_kinds": sorted(UNPARSED_KINDS),
        "skip_kinds": sorted(SKIP_KINDS),
        "unmatched_agencies": [
            [name, count, result.unmatched_examples.get(name, [])]
            for name, count in result.unmatched_agencies.most_common()
        ],
    }


# --- The report as a spreadsheet ---------------------------------------------------------

KIND_LABELS = {
    "code_mismatch": "Mã trong bản ghi khác mã trên trang",
    "conflicting_records": "Một mã, nhiều tên",
    "duplicate": "Bản ghi lặp",
    "invalid_code": "Mã không đúng dạng",
    "no_name": "Thiếu tên",
    "no_field": "Thiếu lĩnh vực",
    "time_unparsed": "Thời hạn chưa đọc được",
    "fee_unparsed": "Phí, lệ phí chưa đọc được",
    "document_unparsed": "Thành phần hồ sơ chưa đọc được",
    "channels_unparsed": "Cách thức thực hiện chưa đọc được",
    "time_several": "Nhiều thời hạn",
    "no_channels": "Không có cách thức thực hiện",
    "no_documents": "Không có thành phần hồ sơ",
    "section_repaired": "Đã sửa theo trang chi tiết",
    "truncated": "Đã cắt bớt",
    "name_conflict": "Tên khác nhau giữa hai nguồn",
    "field_conflict": "Lĩnh vực khác nhau giữa hai nguồn",
    "process_mismatch": "Quy trình không khớp thời hạn mới",
    "reactivated": "Áp dụng trở lại",
    "withdrawn": "Đánh dấu bãi bỏ",
}


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


def report_xlsx(run: ImportRun) -> bytes:
    """The run's report: a sheet of issues (code, kind, field, message, raw text) and a summary."""
    return build_report_xlsx(
        source_name=run.source_name,
        status=str(run.get_status_display()),
        counts=run.counts or {},
        report=run.report or {},
        issues=run.issues.order_by("pk").iterator(chunk_size=1000),
    )


def build_report_xlsx(
    *, source_name: str, status: str, counts: dict, report: dict, issues: Iterable[Any]
) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Vấn đề"
    sheet.append(["Mã thủ tục", "Loại vấn đề", "Mã loại", "Trường", "Mô tả", "Nguyên văn"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for issue in issues:
        sheet.append(
            [
                _cell(issue.code),
                kind_label(issue.kind),
                issue.kind,
                _cell(issue.field),
                _cell(issue.message),
                _cell(issue.raw_text),
            ]
        )
    for column, width in zip("ABCDEF", (12, 30, 18, 24, 60, 80), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2, min_col=5, max_col=6):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"

    summary = workbook.create_sheet("Tổng hợp")
    summary.append(["Tệp nguồn", _cell(source_name)])
    summary.append(["Tình trạng", status])
    for key, value in counts.items():
        summary.append([key, value])
    for key, value in report.get("rates", {}).items():
        summary.append([f"tỷ lệ đọc được: {key} (%)", value])
    unmatched = workbook.create_sheet("Cơ quan chưa khớp")
    unmatched.append(["Tên cơ quan trong CSDL quốc gia", "Số thủ tục", "Ví dụ mã thủ tục"])
    for name, count, examples in report.get("unmatched_agencies", []):
        unmatched.append([_cell(name), count, ", ".join(examples)])
    unmatched.column_dimensions["A"].width = 70
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


_ILLEGAL = dict.fromkeys(range(0, 32))
del _ILLEGAL[9], _ILLEGAL[10], _ILLEGAL[13]


def _cell(text: str) -> str:
    """Excel cells hold at most 32,767 characters and no control characters."""
    text = (text or "").translate(_ILLEGAL)
    if text[:1] in ("=", "+", "-", "@"):
        text = "'" + text  # never a formula
    return text[:32000]
