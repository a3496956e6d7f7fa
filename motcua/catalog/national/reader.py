"""Reading the formats the National Public Service Portal publishes.

- procedure detail records as JSON lines, plain or gzip-compressed (``.jsonl``, ``.jsonl.gz``);
- the portal's list exports (``.xlsx``: a title on row 1, the header on row 2:
  Mã số | Tên | Cơ quan ban hành | Cơ quan thực hiện | Lĩnh vực).

Both yield plain dicts; list rows carry ``"_source": "list"``.
"""

from __future__ import annotations

import gzip
import io
import json
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from motcua.lib.text import fold

LIST_COLUMNS = {
    "ma so": "ma_so",
    "ten": "ten",
    "co quan ban hanh": "co_quan_ban_hanh",
    "co quan thuc hien": "co_quan_thuc_hien",
    "linh vuc": "linh_vuc",
}


class SourceError(ValueError):
    """The file is not in a format the importer reads."""


NOT_A_SOURCE = "Tệp không phải JSON lines (.jsonl, .jsonl.gz) hay danh sách thủ tục (.xlsx) của Cổng Dịch vụ công quốc gia."
BAD_JSON = "Dòng {line} không phải một đối tượng JSON: {error}"
NO_HEADER = (
    "Không tìm thấy dòng tiêu đề “Mã số | Tên | … | Lĩnh vực” trong 10 dòng đầu của tệp Excel."
)


def read_records(path: str | Path) -> list[dict]:
    """All records of a file, by its name: .jsonl, .jsonl.gz (or .gz) or .xlsx."""
    path = Path(path)
    with path.open("rb") as handle:
        return list(read_stream(handle, path.name))


def read_stream(handle: IO[bytes], name: str) -> Iterator[dict]:
    lowered = name.lower()
    if lowered.endswith(".xlsx"):
        yield from _read_xlsx(handle)
        return
    data = handle.read()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    elif not (
        lowered.endswith(".jsonl") or lowered.endswith(".json") or lowered.endswith(".ndjson")
    ):
        if data[:2] == b"PK":
            yield from _read_xlsx(io.BytesIO(data))
            return
        if not data.lstrip()[:1] == b"{":
            raise SourceError(NOT_A_SOURCE)
    yield from _read_jsonl(data.decode("utf-8-sig"))


def _read_jsonl(text: str) -> Iterator[dict]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise SourceError(BAD_JSON.format(line=number, error=exc)) from None
        if not isinstance(record, dict):
            raise SourceError(BAD_JSON.format(line=number, error=type(record).__name__))
        yield {key: _nfc(value) for key, value in record.items()}


def _nfc(value):
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


def _read_xlsx(handle: IO[bytes]) -> Iterator[dict]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(handle, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several types for a file that is not xlsx
        raise SourceError(NOT_A_SOURCE) from exc
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        columns = None
        for _ in range(10):
            row = next(rows, None)
            if row is None:
                break
            names = [fold(str(cell or "")) for cell in row]
            if "ma so" in names and "ten" in names:
                columns = {
                    index: LIST_COLUMNS[name]
                    for index, name in enumerate(names)
                    if name in LIST_COLUMNS
                }
                break
        if columns is None:
            raise SourceError(NO_HEADER)
        for row in rows:
            if row is None or not any(cell not in (None, "") for cell in row):
                continue
            record = {"_source": "list"}
            for index, key in columns.items():
                value = row[index] if index < len(row) else None
                record[key] = _nfc(str(value).strip()) if value is not None else ""
            yield record
    finally:
        workbook.close()
