"""Writing the catalog in exactly the layout the importer reads.

The workbook is written in openpyxl's write-only mode and read from the
database in chunks, so memory stays flat however large the catalog is.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import IO, Any

from django.db.models import OuterRef, QuerySet, Subquery
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from motcua.catalog.excel import layout
from motcua.catalog.excel.layout import Column, Sheet
from motcua.catalog.models import (
    Agency,
    Fee,
    Field,
    Procedure,
    ProcedureChannel,
    Process,
    ProcessStep,
    RequiredDocument,
)

CHUNK = 1000
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
_WRAP = Alignment(wrap_text=True, vertical="top")
_TITLE_FONT = Font(bold=True, size=14)
_BOLD = Font(bold=True)


def _number(value: Decimal | int | None) -> int | float | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _cell_value(column: Column, value: Any) -> Any:
    kind = column.kind
    if kind == layout.CHOICE:
        assert column.enumeration is not None
        return None if value in ("", None) else column.enumeration.label(value)
    if kind == layout.FLAGS:
        assert column.enumeration is not None
        return f"{layout.SEPARATORS} ".join(
            choice.label for choice in column.enumeration.choices if choice.value in value
        )
    if kind == layout.CODES:
        return f"{layout.SEPARATORS} ".join(value)
    if kind in (layout.DECIMAL, layout.INTEGER):
        return _number(value)
    return ILLEGAL_CHARACTERS_RE.sub("", str(value)) if value not in (None, "") else None


class _Writer:
    def __init__(self, book: Workbook, ranges: dict[str, tuple[int, int]]):
        self.book = book
        self.ranges = ranges  # enumeration name -> rows of its labels in the guide

    def sheet(self, spec: Sheet, records: Iterable[dict[str, Any]]) -> None:
        ws = self.book.create_sheet(spec.name)
        ws.freeze_panes = "A2"
        for index, column in enumerate(spec.columns, start=1):
            ws.column_dimensions[get_column_letter(index)].width = column.width
        header = []
        for column in spec.columns:
            cell = WriteOnlyCell(ws, value=column.header)
            cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
            header.append(cell)
        self._dropdowns(ws, spec)
        ws.append(header)
        for record in records:
            ws.append([self._cell(ws, column, record.get(column.key)) for column in spec.columns])

    def _dropdowns(self, ws, spec: Sheet) -> None:
        """A list to pick from in each single-choice column (other spellings stay allowed)."""
        for index, column in enumerate(spec.columns, start=1):
            if column.kind != layout.CHOICE or column.enumeration is None:
                continue
            first, last = self.ranges[column.enumeration.name]
            letter = get_column_letter(index)
            ws.data_validations.append(
                DataValidation(
                    type="list",
                    formula1=f"'{layout.GUIDE_SHEET}'!$B${first}:$B${last}",
                    allow_blank=True,
                    showErrorMessage=True,
                    errorStyle="warning",
                    errorTitle="Giá trị ngoài danh sách",
                    error="Giá trị không có trong danh sách. Các cách viết khác được nhận "
                    "ghi ở trang Hướng dẫn.",
                    sqref=f"{letter}2:{letter}1048576",
                )
            )

    @staticmethod
    def _cell(ws, column: Column, value: Any) -> Any:
        value = _cell_value(column, value)
        if isinstance(value, str):
            cell = WriteOnlyCell(ws, value=value)
            # Never a formula: text that starts with "=" stays text.
            cell.data_type = "s"
            if column.kind in (layout.CODE, layout.CODES):
                cell.number_format = "@"
            return cell
        return value


def _iterate(queryset: QuerySet) -> Iterator[Any]:
    return queryset.iterator(chunk_size=CHUNK)


def _field_records(fields: QuerySet) -> Iterator[dict[str, Any]]:
    for code, name, order in _iterate(fields.values_list("code", "name", "order")):
        yield {"code": code, "name": name, "order": order}


def _agency_records(agencies: QuerySet) -> Iterator[dict[str, Any]]:
    values = agencies.order_by("path").values(
        "code",
        "name",
        "short_name",
        "level",
        "parent__code",
        "is_one_stop",
        "address",
        "phone",
        "email",
        "is_active",
        "order",
    )
    for row in _iterate(values):
        row["parent"] = row.pop("parent__code") or ""
        yield row


def _procedure_records(procedures: QuerySet) -> Iterator[dict[str, Any]]:
    through = Procedure.agencies.through
    plain = list(layout.PROCEDURE_PLAIN)
    flags = [choice.value for choice in layout.PROCEDURE_LEVELS.choices] + [
        choice.value for choice in layout.DELIVERIES.choices
    ]
    batch: list[dict[str, Any]] = []

    def flush() -> Iterator[dict[str, Any]]:
        agencies: dict[int, list[str]] = {row["id"]: [] for row in batch}
        for procedure_id, code in (
            through.objects.filter(procedure_id__in=list(agencies))
            .order_by("agency__path", "agency__code")
            .values_list("procedure_id", "agency__code")
        ):
            agencies[procedure_id].append(code)
        for row in batch:
            row["agencies"] = agencies[row["id"]]
            row["levels"] = {f for f in flags if f.startswith("level_") and row[f]}
            row["deliveries"] = {f for f in flags if f.startswith("delivery_") and row[f]}
            row["field"] = row.pop("field__code")
            yield row

    for row in _iterate(
        procedures.order_by("code").values("id", "code", "field__code", *plain, *flags)
    ):
        batch.append(row)
        if len(batch) >= CHUNK:
            yield from flush()
            batch = []
    if batch:
        yield from flush()


def _child_records(model, spec: Sheet, procedures: QuerySet) -> Iterator[dict[str, Any]]:
    keys = [c.key for c in spec.columns if c.key != "procedure"]
    rows = (
        model.objects.filter(procedure__in=procedures)
        .order_by("procedure__code", "order", "pk")
        .values("procedure__code", *keys)
    )
    for row in _iterate(rows):
        row["procedure"] = row.pop("procedure__code")
        yield row


def _step_records(procedures: QuerySet) -> Iterator[dict[str, Any]]:
    latest = (
        Process.objects.filter(procedure=OuterRef("procedure"))
        .order_by("-version")
        .values("pk")[:1]
    )
    current = Process.objects.filter(procedure__in=procedures, pk=Subquery(latest))
    rows = (
        ProcessStep.objects.filter(process__in=current)
        .order_by("process__procedure__code", "order")
        .values("process__procedure__code", "order", "name", "unit__code", "role", "budget_hours")
    )
    for row in _iterate(rows):
        yield {
            "procedure": row["process__procedure__code"],
            "order": row["order"],
            "name": row["name"],
            "unit": row["unit__code"] or "",
            "role": row["role"],
            "budget_hours": row["budget_hours"],
        }


def export_workbook(
    output: str | IO[bytes], *, procedures: QuerySet | None = None, template: bool = False
) -> None:
    """Write the catalog (or the selected ``procedures``, or an empty template) to ``output``.

    A full export has every field and agency; an export of selected procedures has
    the fields and agencies they use, so the file imports anywhere those exist.
    """
    book = Workbook(write_only=True)
    guide, ranges = _guide_rows()
    writer = _Writer(book, ranges)
    if template:
        for spec in layout.SHEETS:
            writer.sheet(spec, [])
    else:
        if procedures is None:
            procedures = Procedure.objects.all()
            fields = Field.objects.order_by("order", "code")
            agencies = Agency.objects.all()
        else:
            fields = Field.objects.filter(procedures__in=procedures).distinct()
            fields = fields.order_by("order", "code")
            used = Agency.objects.filter(procedures__in=procedures) | Agency.objects.filter(
                process_steps__process__procedure__in=procedures
            )
            paths = set(used.values_list("path", flat=True))
            ids = {int(part) for path in paths for part in path.strip("/").split("/") if part}
            agencies = Agency.objects.filter(pk__in=ids)
        writer.sheet(layout.FIELDS, _field_records(fields))
        writer.sheet(layout.AGENCIES, _agency_records(agencies))
        writer.sheet(layout.PROCEDURES, _procedure_records(procedures))
        writer.sheet(
            layout.CHANNELS_SHEET,
            _child_records(ProcedureChannel, layout.CHANNELS_SHEET, procedures),
        )
        writer.sheet(
            layout.DOCUMENTS, _child_records(RequiredDocument, layout.DOCUMENTS, procedures)
        )
        writer.sheet(layout.FEES, _child_records(Fee, layout.FEES, procedures))
        writer.sheet(layout.STEPS, _step_records(procedures))
    _write_guide(book, guide)
    book.save(output)


GuideRow = list[tuple[str | None, Font | None]]


def _guide_rows() -> tuple[list[GuideRow], dict[str, tuple[int, int]]]:
    """The "Hướng dẫn" sheet: every sheet, column and accepted value. The importer skips it.

    Also returns where each enumeration's labels are (column B), for the dropdown lists.
    """
    rows: list[GuideRow] = [[("Hướng dẫn nhập danh mục thủ tục hành chính", _TITLE_FONT)]]
    rows += [[(line, None)] for line in GENERAL_RULES]
    rows.append([])
    rows.append([(h, _BOLD) for h in ("Trang", "Cột", "Bắt buộc", "Giá trị, ghi chú")])
    for spec in layout.SHEETS:
        rows.append([(spec.name, _BOLD), (None, None), (None, None), (spec.help, None)])
        for column in spec.columns:
            rows.append(
                [
                    (spec.name, None),
                    (column.header, None),
                    ("Có" if column.required else "", None),
                    (_describe(column), None),
                ]
            )
    rows.append([])
    rows.append([("Danh sách giá trị", _BOLD), ("Giá trị ghi trong tệp", _BOLD)])
    ranges: dict[str, tuple[int, int]] = {}
    for enumeration in layout.ENUMERATIONS:
        first = len(rows) + 1
        for choice in enumeration.choices:
            others = [s for s in choice.spellings()[1:] if s]
            rows.append(
                [
                    (enumeration.name, None),
                    (choice.label, None),
                    (None, None),
                    ("Cũng nhận: " + ", ".join(others) if others else "", None),
                ]
            )
        ranges[enumeration.name] = (first, len(rows))
    return rows, ranges


def _write_guide(book: Workbook, rows: list[GuideRow]) -> None:
    ws = book.create_sheet(layout.GUIDE_SHEET)
    for letter, width in (("A", 26), ("B", 30), ("C", 12), ("D", 90)):
        ws.column_dimensions[letter].width = width
    for row in rows:
        cells = []
        for value, font in row:
            if value is None:
                cells.append(None)
                continue
            cell = WriteOnlyCell(ws, value=value)
            cell.data_type = "s"
            cell.alignment = _WRAP
            if font is not None:
                cell.font = font
            cells.append(cell)
        ws.append(cells)


GENERAL_RULES = (
    "Dòng 1 của mỗi trang là tiêu đề cột; dữ liệu bắt đầu từ dòng 2. Thứ tự cột tùy ý; "
    "có thể bỏ các cột không bắt buộc (dữ liệu đang có của cột bị bỏ được giữ nguyên).",
    "Có thể chỉ gửi một số trang. Mã lĩnh vực, mã cơ quan, mã thủ tục phải có trong tệp "
    "hoặc đã có trong hệ thống.",
    "Lĩnh vực, cơ quan, thủ tục nhận diện bằng mã: mã mới thì thêm, mã đã có thì cập nhật. "
    "Nhập lại cùng một tệp không tạo bản ghi trùng.",
    "Cách thức thực hiện, thành phần hồ sơ, phí, lệ phí của một thủ tục có trong trang tương ứng "
    "được thay bằng đúng các dòng của tệp. Quy trình chỉ tạo phiên bản mới khi các bước thay đổi.",
    "Nếu có bất kỳ ô nào sai, không có gì được ghi; mọi ô sai được báo kèm trang, dòng và cột.",
    "Nhiều giá trị trong một ô (cơ quan thực hiện, cấp thực hiện, trả kết quả) cách nhau bằng "
    "dấu chấm phẩy (;). Mã nên định dạng ô là Văn bản (Text) để Excel không đổi thành số.",
)


def _describe(column: Column) -> str:
    parts = []
    if column.help:
        parts.append(column.help)
    if column.enumeration is not None:
        prefix = "Một hoặc nhiều giá trị: " if column.kind == layout.FLAGS else "Một giá trị: "
        parts.append(prefix + column.enumeration.labels() + ".")
    elif column.kind == layout.DECIMAL:
        parts.append("Số, tối đa 2 chữ số thập phân.")
    elif column.kind == layout.INTEGER:
        parts.append("Số nguyên.")
    if column.max_length:
        parts.append(f"Tối đa {column.max_length} ký tự.")
    if not column.required and column.blank not in ("", None) and column.enumeration is not None:
        parts.append(f"Để trống: {column.enumeration.label(column.blank)}.")
    elif not column.required and column.blank not in ("", None):
        parts.append(f"Để trống: {column.blank}.")
    return " ".join(parts)
