"""From one source record (a dict) to the values a procedure gets, and the issues found.

Pure: no database. ``prepare_detail`` reads a detail record of the national
database (the JSON lines format), ``prepare_list_row`` a row of the portal's list
export (xlsx). Both return a ``Prepared`` whose ``skip_reason`` says why it must
not be imported, if it must not.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from motcua.catalog.national import parsing
from motcua.catalog.national.parsing import (
    ChannelRow,
    DocumentRow,
    Duration,
    FeeItem,
    Missing,
    Unparsed,
    clean,
    clean_name,
    clean_value,
)
from motcua.lib.text import fold

# Bump when parsing changes, so that a re-import re-applies unchanged records.
PARSER_VERSION = 1

_CODE = re.compile(r"^[0-9]\.[0-9]{6}(\.[0-9A-Z]+)*$")

# Labels of the page text (raw_text), in page order. The values between them are the
# sections; searching each label after the previous one keeps a label quoted inside
# an earlier section ("…theo mục 5.3 (Thành phần hồ sơ)") from cutting it short.
PAGE_LABELS = (
    ("ten_thu_tuc", "Tên thủ tục"),
    ("ma_thu_tuc", "Mã thủ tục"),
    ("so_quyet_dinh", "Số quyết định"),
    ("cap_thuc_hien", "Cấp thực hiện"),
    ("loai_thu_tuc", "Loại thủ tục"),
    ("linh_vuc", "Lĩnh vực"),
    ("doi_tuong_thuc_hien", "Đối tượng thực hiện"),
    ("co_quan_co_tham_quyen", "Cơ quan có thẩm quyền"),
    ("dia_chi_tiep_nhan", "Địa chỉ tiếp nhận HS"),
    ("co_quan_duoc_uy_quyen", "Cơ quan được ủy quyền"),
    ("co_quan_phoi_hop", "Cơ quan phối hợp"),
    ("thu_tuc_lien_quan", "Thủ tục hành chính liên quan"),
    ("trinh_tu_thuc_hien", "Trình Tự Thực Hiện"),
    ("cach_thuc_thuc_hien", "Cách Thức Thực Hiện"),
    ("thanh_phan_ho_so", "Thành phần hồ sơ"),
    ("can_cu_phap_ly", "Căn cứ pháp lý"),
    ("co_quan_thuc_hien", "Cơ quan thực hiện"),
    ("yeu_cau_dieu_kien", "Yêu cầu, điều kiện thực hiện"),
    ("ket_qua_xu_ly", "Kết quả xử lý"),
    ("_tu_khoa", "Từ khóa"),
)
# Sections whose field in the record is compared with the page and repaired from it.
REPAIRABLE = (
    "trinh_tu_thuc_hien",
    "cach_thuc_thuc_hien",
    "thanh_phan_ho_so",
    "can_cu_phap_ly",
    "co_quan_thuc_hien",
    "yeu_cau_dieu_kien",
    "co_quan_co_tham_quyen",
)


class Kind:
    """Kinds of issues in the import report."""

    # The record is not imported.
    CODE_MISMATCH = "code_mismatch"
    CONFLICT = "conflicting_records"
    DUPLICATE = "duplicate"
    INVALID_CODE = "invalid_code"
    NO_NAME = "no_name"
    NO_FIELD = "no_field"
    # Values kept as raw text for a person to fix (counted as "unparsed").
    TIME_UNPARSED = "time_unparsed"
    FEE_UNPARSED = "fee_unparsed"
    DOCUMENT_UNPARSED = "document_unparsed"
    CHANNELS_UNPARSED = "channels_unparsed"
    # Worth a look; the record is imported.
    TIME_SEVERAL = "time_several"
    NO_CHANNELS = "no_channels"
    NO_DOCUMENTS = "no_documents"
    SECTION_REPAIRED = "section_repaired"
    TRUNCATED = "truncated"
    NAME_CONFLICT = "name_conflict"
    FIELD_CONFLICT = "field_conflict"
    PROCESS_MISMATCH = "process_mismatch"
    REACTIVATED = "reactivated"
    WITHDRAWN = "withdrawn"


UNPARSED_KINDS = frozenset(
    {Kind.TIME_UNPARSED, Kind.FEE_UNPARSED, Kind.DOCUMENT_UNPARSED, Kind.CHANNELS_UNPARSED}
)
SKIP_KINDS = frozenset(
    {
        Kind.CODE_MISMATCH,
        Kind.CONFLICT,
        Kind.DUPLICATE,
        Kind.INVALID_CODE,
        Kind.NO_NAME,
        Kind.NO_FIELD,
    }
)


@dataclass(frozen=True)
class Issue:
    code: str
    kind: str
    field: str
    message: str
    raw_text: str = ""


@dataclass(frozen=True)
class FeeSpec:
    name: str
    amount: int | None
    note: str
    raw_text: str


@dataclass
class Prepared:
    """Everything the importer writes for one record, already parsed."""

    source: str  # "detail" | "list"
    code: str
    name: str
    field_name: str
    payload: dict
    source_group: str = ""
    skip_reason: str = ""
    issues: list[Issue] = field(default_factory=list)
    agency_names: list[str] = field(default_factory=list)
    # Only for detail records:
    values: dict = field(default_factory=dict)
    channels: list[ChannelRow] = field(default_factory=list)
    fees: list[FeeSpec] = field(default_factory=list)
    documents: list[DocumentRow] = field(default_factory=list)
    has_online_channel: bool = False
    stats: Counter = field(default_factory=Counter)

    @cached_property
    def source_hash(self) -> str:
        blob = json.dumps([PARSER_VERSION, self.source, self.payload], sort_keys=True)
        return hashlib.sha256(blob.encode()).hexdigest()

    def issue(self, kind: str, field_name: str, message: str, raw: str = "") -> None:
        self.issues.append(Issue(self.code, kind, field_name, message, raw[:5000]))


def page_sections(raw_text: str) -> dict[str, str]:
    """Split the page text into its labelled sections; {} if the labels are not all there."""
    text = raw_text or ""
    found: list[tuple[str, int, int]] = []
    position = 0
    for key, label in PAGE_LABELS:
        index = text.find(label, position)
        if index < 0:
            if key in ("ket_qua_xu_ly", "_tu_khoa"):
                continue  # some pages have no result section
            return {}
        found.append((key, index, index + len(label)))
        position = index + len(label)
    sections = {}
    for number, (key, _start, end) in enumerate(found):
        stop = found[number + 1][1] if number + 1 < len(found) else len(text)
        sections[key] = text[end:stop].strip()
    return sections


def _same(a: str, b: str) -> bool:
    a, b = (a or "").strip(), (b or "").strip()
    return a == b or "".join(a.split()) == "".join(b.split())


def _channel_label(channel: str) -> str:
    return {value: label for label, value in parsing.CHANNELS.items()}[channel]


def prepare_detail(record: dict) -> Prepared:
    """Parse one detail record; contradictions make it skipped, unreadable values reported."""
    code = clean(str(record.get("ma_thu_tuc") or ""))
    item = Prepared(
        source="detail",
        code=code,
        name=clean_name(record.get("ten_thu_tuc")),
        field_name=clean_name(record.get("linh_vuc")),
        payload=record,
    )
    sections = dict(record)
    page = page_sections(record.get("raw_text") or "")
    if page:
        page_code = clean(page.get("ma_thu_tuc", ""))
        if page_code and page_code != code:
            item.skip_reason = Kind.CODE_MISMATCH
            item.issue(
                Kind.CODE_MISMATCH,
                "ma_thu_tuc",
                f"Mã trong bản ghi là {code} nhưng trang chi tiết ghi mã {page_code}: "
                "nội dung có thể thuộc thủ tục khác, không nhập.",
                record.get("detail_url", ""),
            )
            return item
        for key in REPAIRABLE:
            if key in page and not _same(page[key], record.get(key, "")):
                sections[key] = page[key]
                item.issue(
                    Kind.SECTION_REPAIRED,
                    key,
                    "Trường trong bản ghi khác nội dung trang chi tiết; đã dùng nội dung trang.",
                    str(record.get(key, ""))[:1000],
                )
        if "ket_qua_xu_ly" in page:
            sections["ket_qua_xu_ly"] = page["ket_qua_xu_ly"]
        else:
            sections["ket_qua_xu_ly"] = ""
    else:
        # No page text to check against: cut the page footer the records carry.
        sections["ket_qua_xu_ly"] = str(record.get("ket_qua_xu_ly") or "").split("Từ khóa")[0]
    if not _CODE.match(code):
        item.skip_reason = Kind.INVALID_CODE
        item.issue(Kind.INVALID_CODE, "ma_thu_tuc", f"Mã thủ tục “{code}” không đúng dạng.")
        return item
    if not item.name:
        item.skip_reason = Kind.NO_NAME
        item.issue(Kind.NO_NAME, "ten_thu_tuc", "Bản ghi không có tên thủ tục.")
        return item
    if not item.field_name:
        item.skip_reason = Kind.NO_FIELD
        item.issue(Kind.NO_FIELD, "linh_vuc", "Bản ghi không có lĩnh vực.")
        return item
    _prepare_values(item, sections)
    _prepare_channels(item, sections.get("cach_thuc_thuc_hien", ""))
    _prepare_documents(item, sections.get("thanh_phan_ho_so", ""))
    item.agency_names = list(
        dict.fromkeys(
            parsing.split_agency_names(sections.get("co_quan_thuc_hien"))
            + parsing.split_agency_names(sections.get("co_quan_co_tham_quyen"))
        )
    )
    return item


def _limited(item: Prepared, field_name: str, text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    item.issue(Kind.TRUNCATED, field_name, f"Dài hơn {limit} ký tự, đã cắt bớt.", text)
    return text[: limit - 1].rstrip() + "…"


def _prepare_values(item: Prepared, sections: dict) -> None:
    legal = parsing.parse_legal_basis(sections.get("can_cu_phap_ly"))
    result = parsing.parse_result(sections.get("ket_qua_xu_ly"))
    levels = parsing.parse_levels(sections.get("cap_thuc_hien"))
    item.values = {
        "name": _limited(item, "ten_thu_tuc", item.name, 1000),
        "level_ministry": "level_ministry" in levels,
        "level_province": "level_province" in levels,
        "level_district": "level_district" in levels,
        "level_commune": "level_commune" in levels,
        "result_type": result.text,
        "result_codes": _limited(item, "ket_qua_xu_ly", ", ".join(result.codes), 500),
        "legal_basis": parsing.format_legal_basis(legal),
        "applicant_types": clean_value(sections.get("doi_tuong_thuc_hien")),
        "conditions": clean_value(sections.get("yeu_cau_dieu_kien")),
        "steps_text": clean_value(sections.get("trinh_tu_thuc_hien")),
        "publishing_decision": _limited(
            item, "so_quyet_dinh", clean_value(sections.get("so_quyet_dinh")), 255
        ),
        "kind": _limited(item, "loai_thu_tuc", clean_value(sections.get("loai_thu_tuc")), 255),
    }


def _prepare_channels(item: Prepared, text: str) -> None:
    table = parsing.parse_channels(text)
    if table.leftover:
        item.issue(
            Kind.CHANNELS_UNPARSED,
            "cach_thuc_thuc_hien",
            "Không đọc được phần này của bảng cách thức thực hiện.",
            table.leftover,
        )
        item.stats["unparsed"] += 1
    if not table.rows:
        if not table.leftover:
            item.issue(
                Kind.NO_CHANNELS, "cach_thuc_thuc_hien", "Không công bố cách thức thực hiện."
            )
        _set_legal_time(item, None, "")
        return
    item.channels = table.rows
    item.has_online_channel = any(row.channel == "2" for row in table.rows)
    for row in table.rows:
        label = _channel_label(row.channel)
        item.stats["durations_total"] += 1
        if isinstance(row.time, Duration):
            item.stats["durations_parsed"] += 1
        elif isinstance(row.time, Unparsed):
            item.stats["unparsed"] += 1
            item.issue(
                Kind.TIME_UNPARSED,
                f"thời hạn ({label})",
                _TIME_REASONS.get(row.time.reason, "Không đọc được thời hạn."),
                row.time.raw,
            )
        for fee in row.fees:
            item.stats["fees_total"] += 1
            if fee.kind in ("free", "amount"):
                item.stats["fees_parsed"] += 1
            elif fee.kind == "unparsed":
                item.stats["unparsed"] += 1
                item.issue(
                    Kind.FEE_UNPARSED,
                    f"phí, lệ phí ({label})",
                    _FEE_REASONS.get(fee.problem, "Không đọc được mức phí."),
                    fee.raw,
                )
    _choose_legal_time(item, table.rows)
    item.fees = _fee_specs(table.rows)


_TIME_REASONS = {
    "no_unit": "Thời hạn chỉ có con số, không có đơn vị.",
    "prose": "Thời hạn là lời văn, không phải một khoảng thời gian.",
    "unknown_unit": "Đơn vị thời hạn không xác định.",
}
_FEE_REASONS = {
    "foreign_currency": "Mức phí tính bằng ngoại tệ, không quy đổi sang đồng.",
    "implausible_amount": "Mức phí dưới 1.000 đồng: có thể là số giữ chỗ hoặc tính bằng nghìn đồng.",
    "ambiguous_boundary": "Thời hạn và mức phí dính liền nhau, không tách được chắc chắn.",
    "bad_number": "Số tiền không đúng dạng.",
    "prose": "Phí, lệ phí là lời văn.",
}


def _choose_legal_time(item: Prepared, rows: list[ChannelRow]) -> None:
    """The procedure's legal time: the one time of the counter channel (or of all rows).

    Several different times (per case or per step) are not added up or chosen
    among: the text is kept and a person sets the committed time.
    """
    counter = [row for row in rows if row.channel == "1"] or rows
    times = [row.time for row in counter if not isinstance(row.time, Missing)]
    texts = list(dict.fromkeys(row.time_text for row in counter if row.time_text))
    if not times:
        _set_legal_time(item, None, "; ".join(texts))
        return
    distinct = {(t.amount, t.unit) for t in times if isinstance(t, Duration)}
    if len(distinct) == 1 and all(isinstance(t, Duration) for t in times):
        amount, unit = distinct.pop()
        _set_legal_time(item, (amount, unit), times[0].raw)
        return
    _set_legal_time(item, None, "; ".join(texts))
    if len(distinct) > 1:
        item.issue(
            Kind.TIME_SEVERAL,
            "thời hạn",
            "Thủ tục có nhiều thời hạn khác nhau (theo trường hợp hoặc theo bước): "
            "hãy nhập thời hạn cam kết.",
            "; ".join(texts),
        )


def _set_legal_time(item: Prepared, value: tuple[Decimal, str] | None, text: str) -> None:
    item.values["legal_time_amount"] = value[0] if value else None
    if value:
        item.values["legal_time_unit"] = value[1]
    item.values["legal_time_text"] = _limited(item, "thời hạn", text, 500)


def _fee_specs(rows: list[ChannelRow]) -> list[FeeSpec]:
    """Distinct fees over the channel rows, named after the channels they apply to."""
    seen: dict[tuple, list[str]] = {}
    items: dict[tuple, FeeItem] = {}
    all_channels = list(dict.fromkeys(row.channel for row in rows))
    for row in rows:
        for fee in row.fees:
            if fee.kind == "missing":
                continue
            key = (fee.kind, fee.amount, fee.note, fee.raw if fee.kind == "unparsed" else "")
            items.setdefault(key, fee)
            channels = seen.setdefault(key, [])
            if row.channel not in channels:
                channels.append(row.channel)
    if all(fee.kind == "free" and not fee.note for fee in items.values()):
        return []
    specs = []
    for key, fee in items.items():
        name = "Phí, lệ phí"
        if set(seen[key]) != set(all_channels):
            name += " (" + ", ".join(_channel_label(c).lower() for c in seen[key]) + ")"
        note = fee.note
        if fee.kind == "unparsed":
            note = "\n".join(part for part in (fee.raw, _FEE_REASONS.get(fee.problem, "")) if part)
        specs.append(FeeSpec(name=name, amount=fee.amount, note=note, raw_text=fee.raw))
    return specs


def _prepare_documents(item: Prepared, text: str) -> None:
    rows = parsing.parse_documents(text)
    if not rows:
        if clean_value(text).strip("-– "):
            item.issue(
                Kind.DOCUMENT_UNPARSED,
                "thanh_phan_ho_so",
                "Không đọc được bảng thành phần hồ sơ.",
                clean(text),
            )
            item.stats["unparsed"] += 1
        else:
            item.issue(Kind.NO_DOCUMENTS, "thanh_phan_ho_so", "Không công bố thành phần hồ sơ.")
        return
    documents = []
    long_cases = set()
    for row in rows:
        if row.problem == "no_name":
            item.issue(
                Kind.DOCUMENT_UNPARSED,
                "thanh_phan_ho_so",
                "Số lượng không kèm tên giấy tờ: bỏ qua.",
                row.raw,
            )
            item.stats["unparsed"] += 1
            continue
        item.stats["documents_total"] += 1
        if row.problem == "no_count":
            item.stats["unparsed"] += 1
            item.issue(
                Kind.DOCUMENT_UNPARSED,
                "thanh_phan_ho_so",
                "Giấy tờ (hoặc ghi chú) không có số lượng bản chính, bản sao.",
                row.raw,
            )
        else:
            item.stats["documents_parsed"] += 1
        if len(row.case_name) > 500 and row.case_name not in long_cases:
            long_cases.add(row.case_name)
            item.issue(
                Kind.TRUNCATED, "trường hợp", "Dài hơn 500 ký tự, đã cắt bớt.", row.case_name
            )
        documents.append(row)
    item.documents = documents


def prepare_list_row(row: dict) -> Prepared:
    """One row of the portal's list export: code, name, issuing body, agencies, field."""
    code = clean(str(row.get("ma_so") or ""))
    item = Prepared(
        source="list",
        code=code,
        name=clean_name(row.get("ten")),
        field_name=clean_name(row.get("linh_vuc")),
        payload=row,
        source_group=clean(row.get("co_quan_ban_hanh")),
    )
    if not _CODE.match(code):
        item.skip_reason = Kind.INVALID_CODE
        item.issue(Kind.INVALID_CODE, "Mã số", f"Mã thủ tục “{code}” không đúng dạng.")
    elif not item.name:
        item.skip_reason = Kind.NO_NAME
        item.issue(Kind.NO_NAME, "Tên", "Dòng không có tên thủ tục.")
    elif not item.field_name:
        item.skip_reason = Kind.NO_FIELD
        item.issue(Kind.NO_FIELD, "Lĩnh vực", "Dòng không có lĩnh vực.")
    item.values = {"name": item.name[:1000]}
    item.agency_names = parsing.split_agency_names(row.get("co_quan_thuc_hien"))
    return item


def prepare(record: dict) -> Prepared:
    if record.get("_source") == "list":
        return prepare_list_row(record)
    return prepare_detail(record)


def name_key(name: str) -> str:
    """Names compared for conflicts: folded, without punctuation at the end."""
    return fold(name).rstrip(" .")
