"""The one workbook layout of the catalog: sheets, columns and accepted values.

The layout is a file format, so sheet names and headers are fixed Vietnamese
strings (not translated with the interface). docs/catalog-excel.md describes
it for people; this module is what the importer reads and the exporter writes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from motcua.accounts.roles import Role
from motcua.catalog.models import AgencyLevel, Channel, OnlineMode, Procedure
from motcua.lib.text import fold
from motcua.workdays.units import SupplementClock, TimeUnit


@dataclass(frozen=True)
class Choice:
    """One accepted value of an enumeration: what we store, what we write, what we accept."""

    value: object
    label: str
    aliases: tuple[str, ...] = ()

    def spellings(self) -> list[str]:
        return [self.label, str(self.value), *self.aliases]


@dataclass(frozen=True)
class Enumeration:
    name: str
    choices: tuple[Choice, ...]

    @cached_property
    def lookup(self) -> dict[str, object]:
        """Folded spelling -> value; computed once per enumeration."""
        table: dict[str, object] = {}
        for choice in self.choices:
            for spelling in choice.spellings():
                table.setdefault(fold(spelling), choice.value)
        return table

    def label(self, value: object) -> str:
        for choice in self.choices:
            if choice.value == value:
                return choice.label
        return str(value)

    def labels(self) -> str:
        return "; ".join(choice.label for choice in self.choices)


def _from_text_choices(name: str, choices, aliases: dict[str, tuple[str, ...]] | None = None):
    aliases = aliases or {}
    return Enumeration(
        name,
        tuple(
            Choice(value, str(label), aliases.get(value, ()))
            for value, label in choices.choices
            if value != ""
        ),
    )


YES_NO = Enumeration(
    "Có/Không",
    (
        Choice(True, "Có", ("x", "1", "true", "yes", "đúng")),
        Choice(False, "Không", ("0", "false", "no", "sai")),
    ),
)
TIME_UNITS = _from_text_choices(
    "Đơn vị thời hạn",
    TimeUnit,
    {
        TimeUnit.WORKING_DAYS: ("NLV",),
    },
)
ONLINE_MODES = _from_text_choices(
    "Mức trực tuyến",
    OnlineMode,
    {
        OnlineMode.NONE: ("Không", "Không trực tuyến"),
        OnlineMode.PARTIAL: ("Một phần", "Trực tuyến một phần", "Mức 3"),
        OnlineMode.FULL: ("Toàn trình", "Trực tuyến toàn trình", "Mức 4"),
    },
)
STATUSES = _from_text_choices(
    "Tình trạng", Procedure.Status, {Procedure.Status.WITHDRAWN: ("Đã bãi bỏ", "Bãi bỏ")}
)
SUPPLEMENT_CLOCKS = _from_text_choices(
    "Tính thời hạn khi bổ sung",
    SupplementClock,
    {
        SupplementClock.RESTART: ("Tính lại từ đầu",),
        SupplementClock.SUBTRACT: ("Trừ thời gian chờ bổ sung",),
    },
)
AGENCY_LEVELS = _from_text_choices("Cấp cơ quan", AgencyLevel)
CHANNELS = _from_text_choices(
    "Hình thức nộp", Channel, {Channel.POSTAL: ("Bưu chính", "Qua bưu chính")}
)
ROLES = _from_text_choices(
    "Vai trò",
    Role,
    {
        Role.RECEIVING_OFFICER: ("Tiếp nhận", "Một cửa"),
        Role.SPECIALIST: ("Chuyên viên",),
        Role.UNIT_LEADER: ("Lãnh đạo phòng",),
        Role.AGENCY_LEADER: ("Lãnh đạo cơ quan",),
    },
)
# Multi-valued columns: each choice value is the name of a boolean model field.
PROCEDURE_LEVELS = Enumeration(
    "Cấp thực hiện",
    (
        Choice("level_ministry", "Cấp bộ", ("bộ", "bo")),
        Choice("level_province", "Cấp tỉnh", ("tỉnh", "tinh")),
        Choice("level_district", "Cấp huyện", ("huyện", "huyen")),
        Choice("level_commune", "Cấp xã", ("xã", "xa")),
    ),
)
DELIVERIES = Enumeration(
    "Trả kết quả",
    (
        Choice(
            "delivery_counter",
            "Tại bộ phận một cửa",
            ("Trực tiếp", "Một cửa", "counter"),
        ),
        Choice("delivery_post", "Qua bưu chính", ("Bưu chính", "Dịch vụ bưu chính", "post")),
        Choice("delivery_electronic", "Bản điện tử", ("Điện tử", "Trực tuyến", "electronic")),
    ),
)

# Kinds of cells.
TEXT = "text"  # free text, stripped, NFC
CODE = "code"  # an identifier: text, never a number Excel made up
DECIMAL = "decimal"  # a number with at most two decimals, >= 0
INTEGER = "integer"  # a whole number >= 0
CHOICE = "choice"  # one value of ``enumeration``
FLAGS = "flags"  # several values of ``enumeration``, separated by ";"
CODES = "codes"  # several codes separated by ";"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: str = TEXT
    required: bool = False  # the column must be in the sheet and its cells may not be blank
    max_length: int | None = None
    enumeration: Enumeration | None = None
    blank: object = ""  # the value of a blank cell
    help: str = ""
    width: int = 18
    positive: bool = False  # numbers must be > 0
    maximum: int = 999_999  # the largest number the database column holds


@dataclass(frozen=True)
class Sheet:
    name: str
    columns: tuple[Column, ...]
    help: str = ""
    key: tuple[str, ...] = field(default=())

    def column(self, key: str) -> Column:
        return next(column for column in self.columns if column.key == key)


FIELDS = Sheet(
    "Lĩnh vực",
    (
        Column("code", "Mã lĩnh vực", CODE, required=True, max_length=40, width=16),
        Column("name", "Tên lĩnh vực", required=True, max_length=255, width=48),
        Column("order", "Thứ tự", INTEGER, blank=0, width=10),
    ),
    help="Mỗi dòng một lĩnh vực, nhận diện bằng Mã lĩnh vực.",
    key=("code",),
)

AGENCIES = Sheet(
    "Cơ quan",
    (
        Column(
            "code",
            "Mã định danh",
            CODE,
            required=True,
            max_length=35,
            width=20,
            help="Theo Quyết định 20/2020/QĐ-TTg, ví dụ H15.50.05.13.",
        ),
        Column("name", "Tên cơ quan", required=True, max_length=255, width=48),
        Column("short_name", "Tên viết tắt", max_length=80),
        Column("level", "Cấp", CHOICE, required=True, enumeration=AGENCY_LEVELS, width=28),
        Column(
            "parent",
            "Mã cơ quan cấp trên",
            CODE,
            max_length=35,
            width=20,
            help="Để trống nếu là cơ quan cấp cao nhất.",
        ),
        Column("is_one_stop", "Một cửa", CHOICE, enumeration=YES_NO, blank=False, width=10),
        Column("address", "Địa chỉ", max_length=255, width=40),
        Column("phone", "Điện thoại", CODE, max_length=40),
        Column("email", "Thư điện tử", max_length=254, width=28),
        Column("is_active", "Đang hoạt động", CHOICE, enumeration=YES_NO, blank=True, width=12),
        Column("order", "Thứ tự", INTEGER, blank=0, width=10),
    ),
    help="Mỗi dòng một cơ quan, đơn vị, nhận diện bằng Mã định danh.",
    key=("code",),
)

PROCEDURES = Sheet(
    "Thủ tục",
    (
        Column(
            "code",
            "Mã thủ tục",
            CODE,
            required=True,
            max_length=40,
            width=16,
            help="Mã trên Cơ sở dữ liệu quốc gia, ví dụ 1.000948 hoặc 1.000948.H38.",
        ),
        Column("name", "Tên thủ tục", required=True, max_length=1000, width=60),
        Column("field", "Mã lĩnh vực", CODE, required=True, max_length=40, width=14),
        Column(
            "agencies",
            "Cơ quan thực hiện",
            CODES,
            width=28,
            help="Mã định danh, nhiều cơ quan cách nhau bằng dấu chấm phẩy (;).",
        ),
        Column("levels", "Cấp thực hiện", FLAGS, enumeration=PROCEDURE_LEVELS, width=22),
        Column("legal_time_amount", "Thời hạn quy định", DECIMAL, blank=None, width=12),
        Column(
            "legal_time_unit",
            "Đơn vị",
            CHOICE,
            enumeration=TIME_UNITS,
            blank=TimeUnit.WORKING_DAYS.value,
            width=16,
        ),
        Column("legal_time_text", "Thời hạn (nguyên văn)", max_length=500, width=30),
        Column("committed_time_amount", "Thời hạn cam kết", DECIMAL, blank=None, width=12),
        Column(
            "committed_time_unit",
            "Đơn vị cam kết",
            CHOICE,
            enumeration=TIME_UNITS,
            blank=TimeUnit.WORKING_DAYS.value,
            width=16,
        ),
        Column(
            "online_mode",
            "Mức trực tuyến",
            CHOICE,
            enumeration=ONLINE_MODES,
            blank=OnlineMode.NONE.value,
            width=30,
        ),
        Column("deliveries", "Trả kết quả", FLAGS, enumeration=DELIVERIES, width=30),
        Column("result_type", "Kết quả", width=36),
        Column("result_codes", "Mã loại kết quả", max_length=500),
        Column("legal_basis", "Căn cứ pháp lý", width=40),
        Column("applicant_types", "Đối tượng", width=24),
        Column("conditions", "Điều kiện", width=30),
        Column("steps_text", "Trình tự thực hiện", width=30),
        Column("publishing_decision", "Quyết định công bố", max_length=255, width=24),
        Column("kind", "Loại thủ tục", max_length=255),
        Column(
            "supplement_clock",
            "Tính thời hạn khi bổ sung",
            CHOICE,
            enumeration=SUPPLEMENT_CLOCKS,
            width=30,
            help="Để trống để dùng cách tính mặc định của hệ thống.",
        ),
        Column(
            "status",
            "Tình trạng",
            CHOICE,
            enumeration=STATUSES,
            blank=Procedure.Status.ACTIVE.value,
            width=18,
        ),
    ),
    help="Mỗi dòng một thủ tục, nhận diện bằng Mã thủ tục.",
    key=("code",),
)
# Procedure columns stored as they are on the model (the others are looked up or flags).
PROCEDURE_PLAIN = tuple(
    c.key
    for c in PROCEDURES.columns
    if c.key not in {"code", "field", "agencies", "levels", "deliveries"}
)

CHANNELS_SHEET = Sheet(
    "Cách thức thực hiện",
    (
        Column("procedure", "Mã thủ tục", CODE, required=True, max_length=40, width=16),
        Column("channel", "Hình thức nộp", CHOICE, required=True, enumeration=CHANNELS),
        Column("time_amount", "Thời hạn", DECIMAL, blank=None, width=10),
        Column("time_unit", "Đơn vị", CHOICE, enumeration=TIME_UNITS, width=16),
        Column("time_text", "Thời hạn (nguyên văn)", max_length=500, width=30),
        Column("fee_text", "Phí, lệ phí (nguyên văn)", width=30),
        Column("description", "Mô tả", width=30),
    ),
    help=(
        "Các dòng của một thủ tục thay thế toàn bộ cách thức thực hiện của thủ tục đó, "
        "theo thứ tự dòng."
    ),
)

DOCUMENTS = Sheet(
    "Thành phần hồ sơ",
    (
        Column("procedure", "Mã thủ tục", CODE, required=True, max_length=40, width=16),
        Column("order", "STT", INTEGER, blank=None, width=8),
        Column("case_name", "Trường hợp", max_length=500, width=30),
        Column("name", "Tên giấy tờ", required=True, width=60),
        Column("originals", "Bản chính", INTEGER, blank=0, width=10, maximum=32_767),
        Column("copies", "Bản sao", INTEGER, blank=0, width=10, maximum=32_767),
        Column("mandatory", "Bắt buộc", CHOICE, enumeration=YES_NO, blank=True, width=10),
        Column("template_name", "Mẫu", max_length=500, width=24),
    ),
    help=(
        "Các dòng của một thủ tục thay thế toàn bộ thành phần hồ sơ của thủ tục đó; "
        "giấy tờ trùng Trường hợp và Tên giấy tờ được giữ lại cùng tệp mẫu đã tải lên."
    ),
)

FEES = Sheet(
    "Phí, lệ phí",
    (
        Column("procedure", "Mã thủ tục", CODE, required=True, max_length=40, width=16),
        Column("name", "Tên", required=True, max_length=500, width=40),
        Column("amount", "Mức thu (đồng)", INTEGER, blank=None, width=16, maximum=10**15),
        Column("note", "Ghi chú", width=30),
        Column(
            "is_local",
            "Địa phương quy định",
            CHOICE,
            enumeration=YES_NO,
            blank=False,
            width=12,
        ),
    ),
    help="Các dòng của một thủ tục thay thế toàn bộ phí, lệ phí của thủ tục đó.",
)

STEPS = Sheet(
    "Quy trình",
    (
        Column("procedure", "Mã thủ tục", CODE, required=True, max_length=40, width=16),
        Column("order", "Bước", INTEGER, required=True, width=8, positive=True, maximum=32_767),
        Column("name", "Tên bước", required=True, max_length=255, width=40),
        Column("unit", "Mã đơn vị", CODE, max_length=35, width=20),
        Column("role", "Vai trò", CHOICE, required=True, enumeration=ROLES, width=30),
        Column(
            "budget_hours",
            "Giờ làm việc",
            DECIMAL,
            required=True,
            width=12,
            positive=True,
            maximum=99_999,
        ),
    ),
    help=(
        "Các bước của một thủ tục là phiên bản quy trình mới nếu khác phiên bản hiện hành; "
        "tổng giờ làm việc phải bằng thời hạn giải quyết."
    ),
)

SHEETS: tuple[Sheet, ...] = (FIELDS, AGENCIES, PROCEDURES, CHANNELS_SHEET, DOCUMENTS, FEES, STEPS)
GUIDE_SHEET = "Hướng dẫn"
ENUMERATIONS: tuple[Enumeration, ...] = (
    YES_NO,
    AGENCY_LEVELS,
    PROCEDURE_LEVELS,
    TIME_UNITS,
    ONLINE_MODES,
    DELIVERIES,
    SUPPLEMENT_CLOCKS,
    STATUSES,
    CHANNELS,
    ROLES,
)
SEPARATORS = ";"
