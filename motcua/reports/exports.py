"""xlsx exports (openpyxl) of every report table."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from motcua.reports import indicators, satisfaction, scorecards
from motcua.reports.stats import METRICS, Report, flat, period_report

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
    header = [str(h) for h in (_("Đơn vị / nhóm"), *METRICS.values())]
    header += [_("Tỷ lệ đúng hạn (%)"), _("Thời gian giải quyết trung bình (ngày)")]

    def line(label: str, stats) -> list:
        return [label, *flat(stats).values(), stats["on_time_rate"], stats["average_days"]]

    rows = [line(r.label, r.stats) for r in report.rows]
    rows.append(line(_("Tổng cộng"), report.total))
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
    header = [_("Mã"), _("Chỉ số"), _("Công thức"), _("Tử số"), _("Mẫu số"), _("Giá trị (%)"),
              _("Chỉ tiêu (%)"), _("Điểm tối đa"), _("Điểm"), _("Ghi chú")]  # fmt: skip
    rows = [
        [s.code, s.name, s.formula, s.numerator, s.denominator, s.value,
         float(s.target) if s.target is not None else None, s.max_points, s.points, s.reason]
        for s in scores
    ]  # fmt: skip
    add_table(wb, _("Chỉ số 766"), header, rows)
    return wb


def scorecard_workbook(head: dict, officers: list[dict]) -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    add_table(
        wb,
        _("Thủ trưởng"),
        [_("Cơ quan"), _("Tỷ lệ đúng hạn (%)"), _("Hồ sơ trễ hạn"), _("Văn bản xin lỗi"),
         _("Lượt đánh giá"), _("Không hài lòng"), _("Hài lòng (%)"), _("Phản ánh, kiến nghị")],
        [[head["agency"].name, head["on_time_rate"], head["late"], head["apologies"],
          head["ratings"], head["dissatisfied"], head["satisfied_rate"], head["complaints"]]],
    )  # fmt: skip
    add_table(
        wb,
        _("Cán bộ"),
        [_("Cán bộ"), _("Hồ sơ đã xử lý"), _("Lượt bước"), _("Đúng hạn"), _("Đúng hạn (%)"),
         _("Giờ trung bình mỗi bước"), _("Lượt đánh giá"), _("Không hài lòng")],
        [[o["name"], o["dossiers"], o["steps"], o["on_time"], o["on_time_rate"], o["avg_hours"],
          o["ratings"], o["dissatisfied"]] for o in officers],
    )  # fmt: skip
    return wb


def satisfaction_workbook(criteria: list[dict], sipas: list[dict]) -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    add_table(
        wb,
        _("Tiêu chí"),
        [_("Tiêu chí"), _("Nội dung"), _("Lượt trả lời"), _("Hài lòng"), _("Tỷ lệ (%)")],
        [[c["letter"], str(c["label"]), c["answers"], c["satisfied"], c["rate"]] for c in criteria],
    )
    add_table(
        wb,
        "SIPAS",
        [_("Yếu tố"), _("Tỷ lệ hài lòng (%)")],
        [[str(s["factor"]), s["rate"]] for s in sipas],
    )
    return wb


def monthly_workbook(*, start, end, agency) -> Workbook:
    """The monthly report: statistics by agency, by field and by procedure, the Decision 766
    indicators, the scorecards and satisfaction — one workbook, one sheet each."""
    wb = Workbook()
    wb.remove(wb.active)
    for by, title in (("agency", _("Theo cơ quan")), ("field", _("Theo lĩnh vực")),
                      ("procedure", _("Theo thủ tục"))):  # fmt: skip
        report = period_report(start=start, end=end, agency=agency, by=by)
        sheet = period_workbook(report).worksheets[0]
        add_table(
            wb,
            title,
            [c.value for c in sheet[1]],
            [[c.value for c in r] for r in sheet.iter_rows(min_row=2)],
        )
    for source in (
        indicator_workbook(indicators.indicators(start=start, end=end, agency=agency)),
        scorecard_workbook(
            scorecards.agency_scorecard(start=start, end=end, agency=agency),
            scorecards.officer_scorecards(start=start, end=end, agency=agency),
        ),
    ):
        for sheet in source.worksheets:
            rows = list(sheet.iter_rows(values_only=True))
            add_table(wb, sheet.title, rows[0], rows[1:])
    criteria = satisfaction.by_criterion(
        satisfaction.ratings_in(start=start, end=end, agency=agency)
    )
    for sheet in satisfaction_workbook(criteria, satisfaction.sipas_summary(criteria)).worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        add_table(wb, _("Hài lòng - %(sheet)s") % {"sheet": sheet.title}, rows[0], rows[1:])
    return wb
