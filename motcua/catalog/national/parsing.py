"""Parsers for the flattened tables of the national procedure database.

Pure functions, no database: each takes the text of one section of a procedure
page as published on the National Public Service Portal and returns small
dataclasses that keep the raw text beside every parsed value. Whatever cannot be
read with certainty comes back as ``Unparsed`` (or with ``problem`` set) and is
never guessed. The shapes handled here are those met in the real data; see
docs/national-import.md for the list and the decisions taken on each.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from motcua.catalog.headings import is_note_heading
from motcua.lib.text import fold

MISSING = "Không có thông tin"
_SPACES = re.compile(r"[ \t\u00a0\u200b]+")


def clean(text: str | None) -> str:
    """NFC, non-breaking spaces to spaces, runs of spaces collapsed, ends stripped."""
    text = unicodedata.normalize("NFC", text or "")
    # Cheap membership tests first: most cells need none of the rewrites.
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "  " in text or "\t" in text or "\u00a0" in text or "\u200b" in text:
        text = _SPACES.sub(" ", text)
    if " \n" in text or "\n " in text:
        text = "\n".join(line.strip() for line in text.split("\n"))
    return text.strip()


def clean_value(text: str | None) -> str:
    """Like ``clean`` but "Không có thông tin" (the portal's "missing") becomes ""."""
    text = clean(text)
    return "" if len(text) < 25 and fold(text).rstrip(".") == fold(MISSING) else text


def clean_name(text: str | None) -> str:
    """A procedure name on one line, without the trailing period some records carry."""
    text = " ".join(clean(text).split())
    return text[:-1].rstrip() if text.endswith(".") and not text.endswith("..") else text


# --- Time limits ---------------------------------------------------------------

# Unit names as written by the portal, folded, longest first. The values are
# motcua.workdays.units.TimeUnit values.
_UNITS = (
    ("ngay lam viec", "working_days"),
    ("gio lam viec", "working_hours"),
    ("ngay", "days"),
    ("gio", "hours"),
    ("thang", "months"),
    ("nam", "years"),
)
_NOT_PRESCRIBED = {"khong quy dinh", "khong"}
_DURATION = re.compile(
    r"^(?P<amount>\d{1,4}(?:[.,]\d{1,2})?)\s*(?:\([^()\d]*\)\s*)?(?P<unit>[^\d]*)$", re.S
)


@dataclass(frozen=True)
class Duration:
    amount: Decimal
    unit: str
    raw: str


@dataclass(frozen=True)
class Missing:
    """No value: the portal says "Không có thông tin", "Không quy định" or nothing."""

    raw: str
    reason: str  # "missing" | "not_prescribed"


@dataclass(frozen=True)
class Unparsed:
    raw: str
    reason: str


def parse_duration(text: str | None) -> Duration | Missing | Unparsed:
    """ "20 Ngày làm việc" → Duration(20, working_days). Bare numbers and prose stay unparsed.

    A qualifier after the unit is accepted when it holds no other number
    ("05 ngày làm việc kể từ ngày nhận đủ hồ sơ"); anything else is left for a person.
    """
    raw = clean(text)
    folded = fold(raw).rstrip(" .;")
    if not folded or folded == fold(MISSING):
        return Missing(raw, "missing")
    if folded in _NOT_PRESCRIBED:
        return Missing(raw, "not_prescribed")
    match = _DURATION.match(folded)
    if not match:
        return Unparsed(raw, "prose")
    amount = Decimal(match["amount"].replace(",", "."))
    rest = match["unit"].strip()
    if not rest:
        return Unparsed(raw, "no_unit")
    for name, unit in _UNITS:
        # Longest names first, so "ngày làm việc" never reads as "ngày".
        if rest == name or rest.startswith(name + " "):
            return Duration(amount, unit, raw)
    return Unparsed(raw, "unknown_unit")


# --- Fees ------------------------------------------------------------------------

_CURRENCY = r"Việt Nam Đồng|VNĐ|VND|Đồng|đồng|USD"
_FEE_ITEM = re.compile(
    rf"(?P<free>Miễn phí)|(?P<missing>{MISSING})|(?P<amount>\d[\d.,]*)\s?(?P<currency>{_CURRENCY})"
)
_GROUPED = re.compile(r"^\d{1,3}(?:,\d{3})+$")
# The portal's fee amounts are in đồng; below this an amount is a placeholder
# ("1 Việt Nam Đồng" for free) or thousands of đồng ("20 VNĐ" beside "20.000đ/tờ khai").
MIN_PLAUSIBLE_FEE = 1000


@dataclass(frozen=True)
class FeeItem:
    """One fee cell: ``kind`` is free, amount, missing or unparsed; amounts in đồng."""

    kind: str
    raw: str
    amount: int | None = None
    currency: str = ""
    note: str = ""
    problem: str = ""


def _closing_paren(text: str, start: int) -> int | None:
    depth = 0
    for index in range(start, len(text)):
        if text[index] == "(":
            depth += 1
        elif text[index] == ")":
            depth -= 1
            if depth == 0:
                return index + 1
    return None


def _fee_note(text: str, start: int, end: int) -> tuple[str, int]:
    """The note in parentheses right after a fee amount, and where it ends."""
    if start >= end or text[start] != "(":
        return "", start
    close = _closing_paren(text[:end], start)
    if close is None:
        # Unbalanced "((Phí thẩm định )": the rest of the cell is the note.
        return text[start:end].strip("() "), end
    inner = text[start + 1 : close - 1]
    if re.fullmatch(r"\d{1,2}|[a-zđ]|[ivx]{1,4}", inner.strip()):
        return "", start  # "(1) Trường hợp…" is the description's list marker
    return inner.strip(), close


def _amount(digits: str) -> int | None:
    if digits.isdigit():
        return int(digits)
    if _GROUPED.match(digits):
        return int(digits.replace(",", ""))
    return None


def _fee_from_match(match: re.Match, note: str, raw: str) -> FeeItem:
    if match["free"]:
        return FeeItem("free", raw, amount=0, note=note)
    if match["missing"]:
        return FeeItem("missing", raw)
    currency = "USD" if match["currency"] == "USD" else "VND"
    amount = _amount(match["amount"])
    if amount is None:
        return FeeItem("unparsed", raw, currency=currency, note=note, problem="bad_number")
    if currency == "USD":
        return FeeItem("unparsed", raw, currency="USD", note=note, problem="foreign_currency")
    if 0 < amount < MIN_PLAUSIBLE_FEE:
        return FeeItem("unparsed", raw, currency=currency, note=note, problem="implausible_amount")
    if amount == 0:
        return FeeItem("free", raw, amount=0, note=note)
    return FeeItem("amount", raw, amount=amount, currency=currency, note=note)


def parse_fees(text: str | None) -> list[FeeItem]:
    """The fee cell of a channel row: "Miễn phí", "160,000 Việt Nam Đồng(note)", "10 USD(…)"."""
    raw = clean(text)
    items: list[FeeItem] = []
    position = 0
    while position < len(raw):
        match = _FEE_ITEM.match(raw, position)
        if not match:
            break
        note, end = ("", match.end())
        if not match["missing"]:
            note, end = _fee_note(raw, match.end(), len(raw))
        items.append(_fee_from_match(match, note, raw[match.start() : end]))
        position = end
    if position < len(raw) or not items:
        if raw and not items:
            return [FeeItem("unparsed", raw, problem="prose")]
        if raw[position:].strip():
            items.append(FeeItem("unparsed", raw[position:].strip(), problem="prose"))
    return items


# --- Channels (cách thức thực hiện) --------------------------------------------------

CHANNEL_HEADER = "Hình thức nộpThời gianPhí, lệ phíMô tả"
CHANNELS = {"Trực tiếp": "1", "Trực tuyến": "2", "Dịch vụ bưu chính": "3"}
_FEE_START = rf"(?:Miễn phí|{MISSING}|\d[\d.,]*\s?(?:{_CURRENCY}))"
# A row starts with a channel name glued to its time cell ("Trực tiếp20 Ngày làm việc"),
# itself followed by the fee cell. Descriptions that mention a channel ("- Trực tiếp: nộp
# hồ sơ…") have a space or a colon after it and do not start a row.
_ROW = re.compile(
    r"(?P<channel>Trực tiếp|Trực tuyến|Dịch vụ bưu chính)"
    rf"(?P<time>{MISSING}|(?:(?!{MISSING})[0-9A-ZĐÂĂÊÔƠƯ](?:(?!{MISSING}|Miễn phí)[^\n]){{0,200}}?)?)"
    rf"(?={_FEE_START})"
)


@dataclass(frozen=True)
class ChannelRow:
    channel: str  # motcua.catalog.models.Channel value
    time: Duration | Missing | Unparsed
    fees: list[FeeItem]
    description: str
    raw: str
    time_text: str
    fee_text: str


@dataclass(frozen=True)
class ChannelTable:
    rows: list[ChannelRow]
    leftover: str = ""  # text before the first row that is not a row


def parse_channels(text: str | None) -> ChannelTable:
    """The "Cách thức thực hiện" table: channel × time limit × fee × description rows."""
    raw = clean(text)
    body = raw[len(CHANNEL_HEADER) :] if raw.startswith(CHANNEL_HEADER) else raw
    starts = list(_ROW.finditer(body))
    rows = []
    for index, match in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(body)
        time_text = match["time"]
        fee_start = match.end()
        fees: list[FeeItem] = []
        position = fee_start
        item = _FEE_ITEM.match(body, position)
        if item and item.start() < end:
            note, stop = ("", item.end())
            if not item["missing"]:
                note, stop = _fee_note(body, item.end(), end)
            fee = _fee_from_match(item, note, body[item.start() : stop])
            position = stop
            if time_text.isdigit() and item["amount"]:
                # "Trực tuyến120 VNĐ": a bare number glued to an amount cannot be split
                # with certainty (1 + 20, 12 + 0 or nothing + 120).
                fee = FeeItem(
                    "unparsed",
                    time_text + body[item.start() : stop],
                    currency=fee.currency,
                    note=note,
                    problem="ambiguous_boundary",
                )
            fees.append(fee)
        time = parse_duration(time_text)
        rows.append(
            ChannelRow(
                channel=CHANNELS[match["channel"]],
                time=time,
                fees=fees,
                description=body[position:end].strip(),
                raw=body[match.start() : end],
                time_text=clean(time_text),
                fee_text=body[fee_start:position].strip(),
            )
        )
    leftover = body[: starts[0].start()] if starts else body
    return ChannelTable(rows=rows, leftover=leftover.strip())


# --- Required documents (thành phần hồ sơ) ---------------------------------------------

DOCUMENT_HEADER = "Tên giấy tờMẫu đơn, tờ khaiSố lượng"
# The count cell is one digit: "1 bản chính", "0 bản chính,1 bản sao", "1 bản sao".
_COUNT = re.compile(r"(?P<o>\d) bản chính(?:,(?P<c>\d) bản sao)?|(?P<c2>\d) bản sao")
_TEMPLATE_ANY = re.compile(r"\.(?:docx|doc|pdf|xlsx|xls|odt|rar|zip)", re.I)


@dataclass(frozen=True)
class DocumentRow:
    case_name: str
    name: str
    originals: int
    copies: int
    raw: str
    template_names: list[str] = field(default_factory=list)
    mandatory: bool = True
    problem: str = ""  # "" | "no_count" | "no_name"


def _is_count_cell(text: str, match: re.Match) -> bool:
    """Tell a count cell from a count inside a document's name ("nộp 02 bản chính tờ khai")."""
    start = match.start()
    if start >= 1 and text[start - 1] == "0" and (start < 2 or not text[start - 2].isalnum()):
        return False
    after = text[match.end() : match.end() + 1]
    return not after.isspace() if after else True


def _template_start(name: str, end: int) -> int:
    """Where the first template file name glued to the document's name begins."""
    floor = max(0, end - 150)
    for index in range(end - 1, floor, -1):
        before, char = name[index - 1], name[index]
        if char.isspace():
            continue
        if before in ";:)]”\t\n":
            return index
        if before == ".":
            token = name[: index - 1].rsplit(" ", 1)[-1]
            if "/" in token or (token[-1:].isalpha() and token[-1:].islower()) or token[-1:] == ")":
                return index
        if before.isalpha() and before.islower() and char.isupper():
            return index
    return -1


def split_templates(text: str) -> tuple[str, list[str]]:
    """ "Tờ khai (mẫu M01a).Mẫu M01a-ND67.docx" → ("Tờ khai (mẫu M01a).", ["Mẫu M01a-ND67.docx"]).

    File names are glued to the end of the name cell, one after the other. Where the
    first one begins is a best guess (after a sentence end or at a lower-to-upper case
    change); the row's raw text is kept beside it.
    """
    matches = list(_TEMPLATE_ANY.finditer(text))
    last = matches[-1] if matches else None
    if last is None or last.end() != len(text):
        return text, []
    start = _template_start(text, last.start())
    if start < 0:
        return text, []
    names, previous = [], start
    for match in _TEMPLATE_ANY.finditer(text, start):
        names.append(text[previous : match.end()].strip())
        previous = match.end()
    return text[:start].strip(), [name for name in names if name]


def parse_documents(text: str | None) -> list[DocumentRow]:
    """Rows of "Thành phần hồ sơ"; a text before each table header is its case (trường hợp)."""
    raw = clean(text)
    parts = raw.split(DOCUMENT_HEADER)
    if len(parts) == 1:
        return []
    rows: list[DocumentRow] = []
    case = parts[0]
    for group_index, body in enumerate(parts[1:]):
        is_last = group_index == len(parts) - 2
        cells = [m for m in _COUNT.finditer(body) if _is_count_cell(body, m)]
        position = 0
        case_name = _case_name(case)
        notes = is_note_heading(case_name)  # the rows under "* Lưu ý:" are not papers
        for match in cells:
            cell_raw = body[position : match.end()]
            name_part = body[position : match.start()]
            position = match.end()
            originals = int(match["o"] or 0)
            copies = int(match["c"] or match["c2"] or 0)
            name, templates = split_templates(name_part.strip())
            name = name.strip()
            rows.append(
                DocumentRow(
                    case_name=case_name,
                    name=name,
                    originals=originals,
                    copies=copies,
                    raw=cell_raw.strip(),
                    template_names=templates,
                    mandatory=not (notes or is_conditional(name)),
                    problem="" if name else "no_name",
                )
            )
        tail = body[position:]
        if is_last:
            tail_text = tail.strip()
            if tail_text.strip("-– "):
                name, templates = split_templates(tail_text)
                rows.append(
                    DocumentRow(
                        case_name=case_name,
                        name=name,
                        originals=0,
                        copies=0,
                        raw=tail_text,
                        template_names=templates,
                        mandatory=not (notes or is_conditional(name)),
                        problem="no_count",
                    )
                )
        else:
            case = tail
    return rows


# A paper needed only in some situations, or a note rather than a paper: "… (nếu có)",
# "Trường hợp ủy quyền: văn bản ủy quyền", "Đối với người nước ngoài…", "Nếu …",
# "Lưu ý: …" — after any list mark ("-", "*", "a)", "(ii)", "1.").
_LIST_MARK = re.compile(r"^(?:[-–*+•]+|\(?[0-9a-zđ]{1,4}[).]|\([ivx]+\))\s*", re.IGNORECASE)
_CONDITIONAL_START = ("trường hợp", "đối với", "nếu ", "lưu ý", "ghi chú")


def is_conditional(name: str) -> bool:
    """The document is not required of every dossier of its case: the text makes it
    optional or conditional, or it is a note (such rows are imported as not mandatory;
    the administrator can change that)."""
    text = name.strip().lower()
    if "(nếu có)" in text:
        return True
    previous = None
    while previous != text:
        previous, text = text, _LIST_MARK.sub("", text, count=1).strip()
    return text.startswith(_CONDITIONAL_START)


def _case_name(text: str) -> str:
    text = text.strip()
    return "" if not text.strip("-– ") else text


# --- Legal basis, result, agencies, levels ------------------------------------------------

LEGAL_HEADER = "Tên văn bản pháp lýMã văn bản"
# "49/2019/QH14", "76/2020/NĐ-CP", "52/2025/QĐ-TTg", "66.7/2025/NQ-CP", "24/2024".
_LOWER = "a-zđàáảãạăắằẳẵặâấầẩẫậèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ"
# A capital that starts the next row's name ("…TT-BTCNghị định") is not part of the number.
_UPPER = rf"(?:[A-ZĐ](?![{_LOWER}]))"
_SUFFIX = rf"(?:TTg|{_UPPER}*QH\d{{1,2}}|{_UPPER}+)"
_DOC_NUMBER = re.compile(rf"\d{{1,4}}(?:\.\d{{1,3}})?/\d{{4}}(?:/{_SUFFIX}(?:-{_SUFFIX})*)?")


@dataclass(frozen=True)
class LegalDocument:
    name: str
    number: str


def parse_legal_basis(text: str | None) -> list[LegalDocument]:
    """Rows "name + number" of the legal basis table, split after each glued document number.

    Best effort: a row ends where a document number is directly followed by the next
    row's first letter. The raw text is kept by the caller.
    """
    raw = clean_value(text)
    body = raw[len(LEGAL_HEADER) :] if raw.startswith(LEGAL_HEADER) else raw
    if not body:
        return []
    rows: list[LegalDocument] = []
    start = 0
    for match in _DOC_NUMBER.finditer(body):
        after = body[match.end() : match.end() + 1]
        if after and (after.isspace() or after.isdigit() or after in "/),;.:-"):
            continue
        row = body[start : match.end()].strip()
        start = match.end()
        number = match.group(0)
        name = row[: -len(number)].strip() if row.endswith(number) else row
        rows.append(LegalDocument(name=name or number, number=number))
    rest = body[start:].strip()
    if rest:
        rows.append(LegalDocument(name=rest, number=""))
    return rows


def format_legal_basis(documents: list[LegalDocument]) -> str:
    lines = []
    for doc in documents:
        if not doc.number or doc.number in doc.name:
            lines.append(doc.name)
        else:
            lines.append(f"{doc.name} ({doc.number})")
    return "\n".join(lines)


_RESULT_CODE = re.compile(r"Mã:\s*(?P<code>[0-9A-Z][0-9A-Z.\-]*\d|[^\s]+$)?")


@dataclass(frozen=True)
class ResultInfo:
    names: list[str]
    codes: list[str]

    @property
    def text(self) -> str:
        return "\n".join(self.names)


def parse_result(text: str | None) -> ResultInfo:
    """ "Giấy phépMã: KQ.G01.000094Quyết địnhMã: KQ.G01.000095" → names and result-type codes."""
    raw = clean_value(text)
    names: list[str] = []
    codes: list[str] = []
    position = 0
    for match in _RESULT_CODE.finditer(raw):
        name = raw[position : match.start()].strip()
        if name:
            names.append(name)
        if match["code"]:
            codes.append(match["code"])
        position = match.end()
    rest = raw[position:].strip()
    if rest:
        names.append(rest)
    return ResultInfo(names=names, codes=list(dict.fromkeys(codes)))


def split_agency_names(text: str | None) -> list[str]:
    """ "Thuế tỉnh, thành phố, Thuế cơ sở" → ["Thuế tỉnh, thành phố", "Thuế cơ sở"].

    A comma starts a new name only when a capital letter follows, so names that
    contain commas ("Ủy ban nhân dân xã, phường, thị trấn") stay whole.
    """
    raw = clean_value(text)
    if not raw:
        return []
    names = []
    for line in re.split(r"[\n;]+", raw):
        for part in re.split(r",\s*(?=[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ])", line):
            part = part.strip(" .,")
            if part and part.lower() != MISSING.lower():
                names.append(part)
    return list(dict.fromkeys(names))


LEVELS = {
    "cap bo": "level_ministry",
    "cap tinh": "level_province",
    "cap huyen": "level_district",
    "cap xa": "level_commune",
}


def parse_levels(text: str | None) -> set[str]:
    """ "Cấp bộ, Cấp tỉnh, Cơ quan khác" → {"level_ministry", "level_province"}."""
    return {LEVELS[part] for part in (fold(p) for p in clean(text).split(",")) if part in LEVELS}
