"""Reading a catalog workbook: file checks, headers and cells, never a traceback.

Each cell is parsed on its own so that every bad cell is reported with its
sheet, row (as Excel numbers it), column letter and header. Cross-sheet rules
(references, duplicates, budgets) are checked by the importer.
"""

from __future__ import annotations

import datetime
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import IO, Any

from django.utils.translation import gettext_lazy as _
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

from motcua.catalog.excel import layout
from motcua.catalog.excel.layout import Column, Sheet
from motcua.lib.text import fold, nfc

NOT_XLSX = _(
    "Tệp không phải là tệp Excel .xlsx hợp lệ: hãy chọn tệp lưu từ Excel "
    "hoặc tải tệp mẫu từ hệ thống."
)
OLD_XLS = _(
    "Tệp có định dạng Excel 97-2003 (.xls), không được hỗ trợ: hãy mở bằng Excel "
    "và lưu lại dưới dạng Sổ làm việc Excel (.xlsx)."
)
TOO_BIG = _("Tệp quá lớn sau khi giải nén (trên %(limit)s MB); hãy chia thành nhiều tệp.")
UNREADABLE_SHEET = _("Không đọc được nội dung trang (tệp bị hỏng): %(detail)s")
NO_KNOWN_SHEET = _("Tệp không có trang nào của bố cục danh mục. Tên trang cần dùng: %(names)s.")
UNKNOWN_SHEET = _("Trang “%(name)s” không thuộc bố cục danh mục. Tên trang cần dùng: %(names)s.")
DUPLICATE_SHEET = _("Trang “%(name)s” trùng với trang “%(other)s”.")
MISSING_COLUMN = _("Thiếu cột bắt buộc “%(header)s”.")
UNKNOWN_COLUMN = _("Cột “%(header)s” không thuộc trang này. Các cột được nhận: %(headers)s.")
DUPLICATE_COLUMN = _("Cột “%(header)s” đã có ở cột %(letter)s.")
REQUIRED = _("Ô này không được để trống.")
TOO_LONG = _("Dài %(length)s ký tự, tối đa %(limit)s ký tự.")
NOT_A_NUMBER = _("“%(value)s” không phải là số.")
NOT_AN_INTEGER = _("“%(value)s” không phải là số nguyên.")
NEGATIVE = _("Số không được nhỏ hơn 0.")
NOT_POSITIVE = _("Số phải lớn hơn 0.")
TOO_MANY_DECIMALS = _("Chỉ được có tối đa 2 chữ số thập phân.")
TOO_LARGE = _("Số quá lớn: tối đa %(limit)s.")
BAD_CHOICE = _("“%(value)s” không phải giá trị được nhận. Các giá trị được nhận: %(labels)s.")
CODE_AS_NUMBER = _(
    "Mã “%(value)s” đã bị Excel đổi thành số: hãy định dạng cột là Văn bản (Text) và nhập lại mã."
)
DATE_NOT_ALLOWED = _("Ô chứa ngày tháng, cột này không nhận ngày tháng.")
TOO_MANY_ROWS = _(
    "Trang có hơn %(limit)s dòng dữ liệu; hãy chia thành nhiều tệp. Các dòng từ dòng %(row)s "
    "trở đi chưa được đọc."
)

# Bigger than any real catalog; stops "zip bombs" that expand to gigabytes.
MAX_UNCOMPRESSED_BYTES = 400 * 1024 * 1024
PROGRESS_EVERY = 500
# Rows of one sheet held in memory at most; a whole national catalog is far below.
MAX_ROWS = 100_000

Progress = Callable[[str, int, "int | None"], None]


@dataclass(frozen=True)
class CellError:
    """One problem, located as Excel shows it. ``row``/``column`` are empty for file errors."""

    sheet: str
    row: int | None
    column: str
    header: str
    message: str

    def location(self) -> str:
        if not self.sheet:
            return ""
        if self.row is None:
            return self.sheet
        cell = f"{self.column}{self.row}" if self.column else str(self.row)
        place = f"{self.sheet}!{cell}"
        return f"{place} ({self.header})" if self.header else place

    def __str__(self) -> str:
        where = self.location()
        return f"{where}: {self.message}" if where else str(self.message)


@dataclass(slots=True)
class Row:
    number: int
    values: dict[str, Any] = field(default_factory=dict)
    bad: set[str] = field(default_factory=set)  # keys whose cell had an error


@dataclass
class SheetData:
    spec: Sheet
    title: str  # the name as written in the file
    letters: dict[str, str]  # column key -> letter
    rows: list[Row] = field(default_factory=list)

    @property
    def present(self) -> set[str]:
        return set(self.letters)

    def error(self, row: Row | int | None, key: str, message: str) -> CellError:
        number = row.number if isinstance(row, Row) else row
        header = self.spec.column(key).header if key else ""
        return CellError(self.spec.name, number, self.letters.get(key, ""), header, str(message))


@dataclass
class Workbook:
    sheets: dict[str, SheetData]  # by layout sheet name
    errors: list[CellError]
    fatal: bool = False  # the file could not be read at all


def _file_error(message) -> Workbook:
    return Workbook({}, [CellError("", None, "", "", str(message))], fatal=True)


def _sniff(source: str | IO[bytes]) -> Any:
    """Reject what is not an xlsx before openpyxl sees it."""
    if isinstance(source, str):
        with open(source, "rb") as handle:
            head = handle.read(8)
    else:
        source.seek(0)
        head = source.read(8)
        source.seek(0)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return OLD_XLS
    if not head.startswith(b"PK"):
        return NOT_XLSX
    try:
        with zipfile.ZipFile(source) as archive:
            names = set(archive.namelist())
            size = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return NOT_XLSX
    finally:
        if not isinstance(source, str):
            source.seek(0)
    if "xl/workbook.xml" not in names:
        return NOT_XLSX
    if size > MAX_UNCOMPRESSED_BYTES:
        return TOO_BIG % {"limit": MAX_UNCOMPRESSED_BYTES // (1024 * 1024)}
    return None


def read_workbook(source: str | IO[bytes], *, progress: Progress | None = None) -> Workbook:
    """Parse every known sheet of the workbook at ``source`` (a path or a binary file)."""
    try:
        problem = _sniff(source)
    except OSError:
        problem = NOT_XLSX
    if problem is not None:
        return _file_error(problem)
    try:
        book = load_workbook(source, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors on a malformed package
        return _file_error(NOT_XLSX)
    try:
        return _read_sheets(book, progress)
    finally:
        book.close()


def _read_sheets(book, progress: Progress | None) -> Workbook:
    by_fold = {fold(sheet.name): sheet for sheet in layout.SHEETS}
    names = ", ".join(f"“{sheet.name}”" for sheet in layout.SHEETS)
    result = Workbook({}, [])
    seen: dict[str, str] = {}
    for title in book.sheetnames:
        key = fold(title)
        if key == fold(layout.GUIDE_SHEET):
            continue
        spec = by_fold.get(key)
        if spec is None:
            result.errors.append(
                CellError(title, None, "", "", str(UNKNOWN_SHEET % {"name": title, "names": names}))
            )
            continue
        if spec.name in seen:
            result.errors.append(
                CellError(
                    title,
                    None,
                    "",
                    "",
                    str(DUPLICATE_SHEET % {"name": title, "other": seen[spec.name]}),
                )
            )
            continue
        seen[spec.name] = title
        try:
            data = _read_sheet(book[title], spec, title, result.errors, progress)
        except Exception as exc:  # a corrupt sheet part: report it, never a traceback
            result.errors.append(
                CellError(
                    spec.name, None, "", "", str(UNREADABLE_SHEET % {"detail": type(exc).__name__})
                )
            )
            continue
        result.sheets[spec.name] = data
    if not seen and not result.errors:
        result.errors.append(CellError("", None, "", "", str(NO_KNOWN_SHEET % {"names": names})))
        result.fatal = True
    return result


def _read_sheet(
    worksheet, spec: Sheet, title: str, errors: list[CellError], progress: Progress | None
) -> SheetData:
    total = worksheet.max_row if isinstance(worksheet.max_row, int) else None
    rows = worksheet.iter_rows(values_only=True)
    header = next(rows, None) or ()
    data = SheetData(spec, title, {})
    positions: list[tuple[int, Column]] = []
    by_fold = {fold(column.header): column for column in spec.columns}
    headers = ", ".join(f"“{column.header}”" for column in spec.columns)
    for index, raw in enumerate(header):
        text = _text(raw)
        if not text:
            continue
        letter = get_column_letter(index + 1)
        column = by_fold.get(fold(text))
        if column is None:
            errors.append(
                CellError(
                    spec.name,
                    1,
                    letter,
                    text,
                    str(UNKNOWN_COLUMN % {"header": text, "headers": headers}),
                )
            )
        elif column.key in data.letters:
            errors.append(
                CellError(
                    spec.name,
                    1,
                    letter,
                    text,
                    str(
                        DUPLICATE_COLUMN
                        % {"header": column.header, "letter": data.letters[column.key]}
                    ),
                )
            )
        else:
            data.letters[column.key] = letter
            positions.append((index, column))
    for column in spec.columns:
        if column.required and column.key not in data.letters:
            errors.append(
                CellError(
                    spec.name, 1, "", column.header, str(MISSING_COLUMN % {"header": column.header})
                )
            )
    for number, values in enumerate(rows, start=2):
        if number % PROGRESS_EVERY == 0 and progress:
            progress(f"Đọc {spec.name}", len(data.rows), total - 1 if total else None)
        if not values or all(_blank(value) for value in values):
            continue
        if len(data.rows) >= MAX_ROWS:
            errors.append(
                CellError(
                    spec.name,
                    number,
                    "",
                    "",
                    str(TOO_MANY_ROWS % {"limit": MAX_ROWS, "row": number}),
                )
            )
            break
        row = Row(number)
        for index, column in positions:
            raw = values[index] if index < len(values) else None
            value, message = parse_cell(column, raw)
            if message is not None:
                row.bad.add(column.key)
                errors.append(
                    CellError(spec.name, number, data.letters[column.key], column.header, message)
                )
            else:
                row.values[column.key] = value
        data.rows.append(row)
    if progress:
        progress(f"Đọc {spec.name}", len(data.rows), len(data.rows))
    return data


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    # Control characters (NUL and friends) have no place in the catalog and
    # PostgreSQL refuses NUL in text.
    return ILLEGAL_CHARACTERS_RE.sub("", nfc(str(value))).strip()


_THOUSANDS = re.compile(r"^[0-9]{1,3}([.,\s][0-9]{3})+$")
_SPLIT_FLAGS = re.compile(r"[;\n]")
_SPLIT_CODES = re.compile(r"[;,\s]")


def parse_cell(column: Column, raw: Any) -> tuple[Any, str | None]:
    """The typed value of one cell, or an error message in Vietnamese."""
    if isinstance(raw, datetime.date | datetime.time | datetime.timedelta):
        return None, str(DATE_NOT_ALLOWED)
    if _blank(raw):
        if column.required:
            return None, str(REQUIRED)
        if column.kind == layout.FLAGS:
            return frozenset(), None
        if column.kind == layout.CODES:
            return (), None
        return column.blank, None
    kind = column.kind
    if kind in (layout.TEXT, layout.CODE):
        if kind == layout.CODE and isinstance(raw, float) and not raw.is_integer():
            return None, str(CODE_AS_NUMBER % {"value": raw})
        text = _text(raw)
        if column.max_length and len(text) > column.max_length:
            return None, str(TOO_LONG % {"length": len(text), "limit": column.max_length})
        return text, None
    if kind == layout.DECIMAL:
        return _decimal(column, raw)
    if kind == layout.INTEGER:
        return _integer(column, raw)
    if kind == layout.CHOICE:
        assert column.enumeration is not None
        value = column.enumeration.lookup.get(_fold(_text(raw)), _MISSING)
        if value is _MISSING:
            return None, str(
                BAD_CHOICE % {"value": _text(raw), "labels": column.enumeration.labels()}
            )
        return value, None
    if kind == layout.FLAGS:
        assert column.enumeration is not None
        table = column.enumeration.lookup
        flags = set()
        for part in _SPLIT_FLAGS.split(_text(raw)):
            if not part.strip():
                continue
            value = table.get(_fold(part), _MISSING)
            if value is _MISSING:
                return None, str(
                    BAD_CHOICE % {"value": part.strip(), "labels": column.enumeration.labels()}
                )
            flags.add(value)
        return frozenset(flags), None
    if kind == layout.CODES:
        if isinstance(raw, float) and not raw.is_integer():
            return None, str(CODE_AS_NUMBER % {"value": raw})
        codes: list[str] = []
        for part in _SPLIT_CODES.split(_text(raw)):
            code = part.strip()
            if code and code not in codes:
                codes.append(code)
        return tuple(codes), None
    raise ValueError(f"unknown column kind {kind}")


_MISSING = object()
# Enumerated cells repeat the same few spellings thousands of times.
_fold = lru_cache(maxsize=4096)(fold)


def _number_text(raw: Any, *, grouped: bool) -> str:
    """Vietnamese spellings: "1,5" is one and a half; "25.000" is twenty-five thousand đồng."""
    text = _text(raw).replace("\u00a0", " ").strip()
    if grouped and _THOUSANDS.match(text):
        return re.sub(r"[.,\s]", "", text)
    return text.replace(",", ".") if text.count(",") == 1 and "." not in text else text


def _decimal(column: Column, raw: Any) -> tuple[Any, str | None]:
    if isinstance(raw, bool):
        return None, str(NOT_A_NUMBER % {"value": _text(raw)})
    try:
        value = (
            Decimal(str(raw))
            if isinstance(raw, int | float)
            else Decimal(_number_text(raw, grouped=False))
        )
    except InvalidOperation:
        return None, str(NOT_A_NUMBER % {"value": _text(raw)})
    if not value.is_finite():
        return None, str(NOT_A_NUMBER % {"value": _text(raw)})
    return _check_number(column, value)


def _integer(column: Column, raw: Any) -> tuple[Any, str | None]:
    if isinstance(raw, bool):
        return None, str(NOT_AN_INTEGER % {"value": _text(raw)})
    if isinstance(raw, int):
        value = Decimal(raw)
    elif isinstance(raw, float):
        if not raw.is_integer():
            return None, str(NOT_AN_INTEGER % {"value": _text(raw)})
        value = Decimal(int(raw))
    else:
        try:
            value = Decimal(_number_text(raw, grouped=True))
        except InvalidOperation:
            return None, str(NOT_AN_INTEGER % {"value": _text(raw)})
        if not value.is_finite() or value != value.to_integral_value():
            return None, str(NOT_AN_INTEGER % {"value": _text(raw)})
    checked, message = _check_number(column, value)
    return (int(checked) if message is None else None), message


def _check_number(column: Column, value: Decimal) -> tuple[Any, str | None]:
    if value < 0:
        return None, str(NEGATIVE)
    if column.positive and value == 0:
        return None, str(NOT_POSITIVE)
    limit = Decimal(column.maximum) + (Decimal("0.99") if column.kind == layout.DECIMAL else 0)
    if value > limit:
        shown = f"{limit:,}".replace(",", " ").replace(".", ",").replace(" ", ".")
        return None, str(TOO_LARGE % {"limit": shown})
    if value.as_tuple().exponent < -2 and value != value.quantize(Decimal("0.01")):
        return None, str(TOO_MANY_DECIMALS)
    return value.quantize(Decimal("0.01")) if column.kind == layout.DECIMAL else value, None
