"""xlsx exports (openpyxl) of every report table."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from motcua.reports.stats import METRICS, Report, flat

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def add_table(wb: Workbook, title: str, header: Sequence[str], rows: Iterable[Sequence]) -> None:
    ws = wb.create_sheet(title=title[:31])
    ws.append(list(header))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(list(row))
    for i, name in enumerate(header, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(12, min(50, len(str(name)) + 4))
    ws.freeze_panes = "B2"


def period_workbook(report: Report) -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    header = [str(_h) for _h in ("Đơn vị / nhóm", *METRICS.values())]
    header += ["Tỷ lệ đúng hạn (%)", "Thời gian giải quyết trung bình (ngày)"]

    def line(label: str, stats) -> list:
        return [label, *flat(stats).values(), stats["on_time_rate"], stats["average_days"]]

    rows = [line(r.label, r.stats) for r in report.rows]
    rows.append(line("Tổng cộng", report.total))
    add_table(wb, f"{report.start:%d.%m.%Y}-{report.end:%d.%m.%Y}", header, rows)
    return wb


def xlsx_response(wb: Workbook, name: str) -> HttpResponse:
    buffer = io.BytesIO()
    wb.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


def indicator_workbook(scores) -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    header = ["Mã", "Chỉ số", "Công thức", "Tử số", "Mẫu số", "Giá trị (%)", "Chỉ tiêu (%)",
              "Điểm tối đa", "Điểm", "Ghi chú"]  # fmt: skip
    rows = [
        [s.code, s.name, s.formula, s.numerator, s.denominator, s.value,
         float(s.target) if s.target is not None else None, s.max_points, s.points, s.reason]
        for s in scores
    ]  # fmt: skip
    add_table(wb, "Chỉ số 766", header, rows)
    return wb
