"""Importing and exporting the catalog workbook (docs/catalog-excel.md)."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.base import ContentFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from motcua.accounts.roles import Role
from motcua.catalog.excel import catalog_import, export_workbook, importer, layout, reader
from motcua.catalog.models import (
    Agency,
    AgencyLevel,
    Channel,
    Fee,
    Field,
    OnlineMode,
    Procedure,
    ProcedureChannel,
    Process,
    RequiredDocument,
)
from motcua.testing import Province, make_procedure
from motcua.workdays.units import TimeUnit

pytestmark = pytest.mark.django_db


def workbook(sheets: dict[str, list[list]]) -> io.BytesIO:
    """An xlsx in memory: {sheet name: rows}, the first row being the headers."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def exported(**kwargs) -> io.BytesIO:
    buffer = io.BytesIO()
    export_workbook(buffer, **kwargs)
    buffer.seek(0)
    return buffer


def sheet_rows(buffer: io.BytesIO, name: str) -> list[tuple]:
    buffer.seek(0)
    rows = list(openpyxl.load_workbook(buffer)[name].iter_rows(values_only=True))
    buffer.seek(0)
    return rows


def errors_of(report) -> list[tuple]:
    return [(e.sheet, e.row, e.column, e.message) for e in report.errors]


@pytest.fixture
def p():
    return Province.build()


@pytest.fixture
def catalog(p):
    """A procedure with everything the layout carries."""
    justice = Field.objects.create(code="HT", name="Hộ tịch", order=2)
    procedure = make_procedure(
        "1.000894",
        "Đăng ký khai sinh",
        field=justice,
        days=3,
        agencies=[p.commune_a, p.commune_b],
        online_mode=OnlineMode.FULL,
        committed_time_amount=Decimal("2.5"),
        committed_time_unit=TimeUnit.WORKING_DAYS,
        legal_time_text="03 ngày làm việc",
        legal_basis="Luật Hộ tịch 2014\nNghị định 123/2015/NĐ-CP",
        level_commune=True,
        delivery_electronic=True,
        delivery_post=False,
        steps=[
            ("Tiếp nhận", Role.RECEIVING_OFFICER, p.commune_a_point, 4),
            ("Thẩm định", Role.SPECIALIST, p.commune_a, 12),
            ("Ký", Role.AGENCY_LEADER, None, 4),
        ],
    )
    RequiredDocument.objects.create(
        procedure=procedure,
        order=1,
        name="Tờ khai đăng ký khai sinh",
        originals=1,
        template_name="Mẫu TP/HT-2020-KS.1",
    )
    RequiredDocument.objects.create(
        procedure=procedure,
        order=2,
        case_name="Trẻ sinh ngoài cơ sở y tế",
        name="=Văn bản của người làm chứng",
        originals=1,
        mandatory=False,
    )
    Fee.objects.create(procedure=procedure, name="Lệ phí", amount=0, note="Miễn lệ phí")
    ProcedureChannel.objects.create(
        procedure=procedure,
        channel=Channel.ONLINE,
        time_amount=Decimal("2.5"),
        time_unit=TimeUnit.WORKING_DAYS,
        fee_text="Miễn phí",
    )
    make_procedure("2.000908", "Cấp bản sao từ sổ gốc", field=justice, days=1)
    return procedure


def snapshot() -> dict:
    """Everything the import can touch, to prove that it changed nothing."""
    return {
        "fields": list(Field.objects.order_by("code").values()),
        "agencies": list(Agency.objects.order_by("code").values()),
        "procedures": list(
            Procedure.objects.order_by("code").values(
                *[f.attname for f in Procedure._meta.concrete_fields if f.attname != "updated_at"]
            )
        ),
        "links": list(Procedure.agencies.through.objects.order_by("pk").values()),
        "documents": list(RequiredDocument.objects.order_by("pk").values()),
        "fees": list(Fee.objects.order_by("pk").values()),
        "channels": list(ProcedureChannel.objects.order_by("pk").values()),
        "processes": list(Process.objects.order_by("pk").values("pk", "version")),
    }


def test_export_then_import_changes_nothing(catalog):
    before = snapshot()
    report = catalog_import(source=exported())
    assert errors_of(report) == []
    assert report.changes == 0
    assert report.counts["Thủ tục"].unchanged == 2
    assert report.counts["Quy trình"].unchanged == 1
    assert snapshot() == before


def test_the_export_writes_labels_and_text_never_formulas(catalog):
    file = exported()
    procedures = sheet_rows(file, "Thủ tục")
    header, row = procedures[0], procedures[1]
    values = dict(zip(header, row, strict=True))
    assert values["Mã thủ tục"] == "1.000894"
    assert values["Cơ quan thực hiện"] == "H99.50.01; H99.50.02"
    assert values["Mức trực tuyến"] == "Dịch vụ công trực tuyến toàn trình"
    assert values["Đơn vị"] == "ngày làm việc"
    assert values["Thời hạn cam kết"] == 2.5
    assert values["Cấp thực hiện"] == "Cấp tỉnh; Cấp xã"
    assert values["Trả kết quả"] == "Tại bộ phận một cửa; Bản điện tử"
    documents = sheet_rows(file, "Thành phần hồ sơ")
    assert documents[2][3] == "=Văn bản của người làm chứng"
    assert documents[2][6] == "Không"
    steps = sheet_rows(file, "Quy trình")
    assert steps[1] == ("1.000894", 1, "Tiếp nhận", "H99.50.01.1", "Cán bộ tiếp nhận (một cửa)", 4)


def test_an_empty_catalog_is_filled_from_an_export(catalog):
    file = exported()
    before = snapshot()
    Procedure.objects.all().delete()
    Field.objects.filter(code="HT").delete()
    report = catalog_import(source=file)
    assert errors_of(report) == []
    assert report.counts["Thủ tục"].created == 2
    assert report.counts["Quy trình"].created == 1
    procedure = Procedure.objects.get(code="1.000894")
    assert procedure.committed_time_amount == Decimal("2.5")
    assert sorted(procedure.agencies.values_list("code", flat=True)) == ["H99.50.01", "H99.50.02"]
    assert procedure.delivery_electronic and not procedure.delivery_post
    steps = procedure.current_process.steps.order_by("order")
    assert [(s.name, s.unit.code if s.unit else None) for s in steps] == [
        ("Tiếp nhận", "H99.50.01.1"),
        ("Thẩm định", "H99.50.01"),
        ("Ký", None),
    ]
    after = snapshot()
    assert len(after["documents"]) == len(before["documents"])
    # A second import of the same file is a no-op.
    again = catalog_import(source=file)
    assert again.changes == 0
    assert snapshot() == after


PROCEDURE_HEADER = ["Mã thủ tục", "Tên thủ tục", "Mã lĩnh vực", "Thời hạn quy định", "Đơn vị"]


def test_a_broken_file_changes_nothing_and_reports_every_bad_cell(catalog):
    before = snapshot()
    file = workbook(
        {
            "Lĩnh vực": [
                ["Mã lĩnh vực", "Tên lĩnh vực", "Thứ tự"],
                ["CT", "Chứng thực", "hai"],
                ["HT", "Hộ tịch (sửa)", 1],
            ],
            "Thủ tục": [
                [*PROCEDURE_HEADER, "Mức trực tuyến", "Cơ quan thực hiện"],
                [
                    "1.000894",
                    "Đăng ký khai sinh",
                    "HT",
                    3,
                    "ngày làm việc",
                    "Toàn trình",
                    "H99.50.01",
                ],
                ["1.000895", "Đăng ký kết hôn", "KHONG", -1, "tuần", "Mức 9", "H99.50.01; X00"],
                ["1.0009", "Mã sai", "HT", None, None, None, None],
            ],
            "Thành phần hồ sơ": [
                ["Mã thủ tục", "STT", "Tên giấy tờ", "Bản chính", "Bắt buộc"],
                ["1.000894", 1, "Tờ khai", 1, "Có"],
                ["9.999999", 1, "Giấy tờ của thủ tục không có", 1, "Có"],
                ["1.000894", 2, None, "một", "Có lẽ"],
            ],
            "Quy trình": [
                ["Mã thủ tục", "Bước", "Tên bước", "Vai trò", "Giờ làm việc"],
                ["1.000894", 1, "Tiếp nhận", "Tiếp nhận", 4],
                ["1.000894", 2, "Thẩm định", "Chuyên viên", 4],
            ],
        }
    )
    report = catalog_import(source=file)
    assert errors_of(report) == [
        ("Lĩnh vực", 2, "C", str(reader.NOT_AN_INTEGER % {"value": "hai"})),
        ("Thủ tục", 3, "C", str(importer.FIELD_NOT_FOUND % {"code": "KHONG"})),
        ("Thủ tục", 3, "D", str(reader.NEGATIVE)),
        (
            "Thủ tục",
            3,
            "E",
            str(
                reader.BAD_CHOICE
                % {
                    "value": "tuần",
                    "labels": "ngày làm việc; giờ làm việc; ngày; giờ; tháng; năm",
                }
            ),
        ),
        (
            "Thủ tục",
            3,
            "F",
            str(
                reader.BAD_CHOICE
                % {
                    "value": "Mức 9",
                    "labels": "Không cung cấp trực tuyến; Dịch vụ công trực tuyến một phần; "
                    "Dịch vụ công trực tuyến toàn trình",
                }
            ),
        ),
        ("Thủ tục", 3, "G", str(importer.AGENCY_NOT_FOUND % {"code": "X00"})),
        (
            "Thủ tục",
            4,
            "A",
            "Mã thủ tục “1.0009” không đúng dạng của Cơ sở dữ liệu quốc gia (ví dụ 1.000948).",
        ),
        ("Thành phần hồ sơ", 3, "A", str(importer.PROCEDURE_NOT_FOUND % {"code": "9.999999"})),
        ("Thành phần hồ sơ", 4, "C", str(reader.REQUIRED)),
        ("Thành phần hồ sơ", 4, "D", str(reader.NOT_AN_INTEGER % {"value": "một"})),
        (
            "Thành phần hồ sơ",
            4,
            "E",
            str(reader.BAD_CHOICE % {"value": "Có lẽ", "labels": "Có; Không"}),
        ),
        (
            "Quy trình",
            2,
            "E",
            "Tổng thời gian các bước là 8 giờ làm việc, nhưng thời hạn giải quyết là "
            "20 giờ làm việc (2,5 ngày làm việc). Hai con số phải bằng nhau.",
        ),
    ]
    assert str(report.errors[0]) == ("Lĩnh vực!C2 (Thứ tự): “hai” không phải là số nguyên.")
    assert report.counts == {}
    assert snapshot() == before


def test_reimporting_an_edited_file_updates_in_place(catalog):
    file = workbook(
        {
            "Thủ tục": [
                [*PROCEDURE_HEADER, "Thời hạn cam kết", "Cơ quan thực hiện"],
                ["1.000894", "Đăng ký khai sinh (mới)", "HT", 3, "ngày làm việc", 2, "H99.50.01"],
                ["1.000999", "Thủ tục mới", "HT", 0.5, "ngày làm việc", None, None],
            ],
            "Phí, lệ phí": [
                ["Mã thủ tục", "Tên", "Mức thu (đồng)"],
                ["1.000894", "Lệ phí", "8.000"],
                ["1.000894", "Phí bưu chính", 25000],
            ],
            "Quy trình": [
                ["Mã thủ tục", "Bước", "Tên bước", "Mã đơn vị", "Vai trò", "Giờ làm việc"],
                ["1.000894", 2, "Thẩm định và ký", "H99.50.01", "Chuyên viên", 12],
                ["1.000894", 1, "Tiếp nhận", "", "Tiếp nhận", "4"],
                ["1.000999", 1, "Giải quyết", "", "Chuyên viên", 4],
            ],
        }
    )
    fee = Fee.objects.get(name="Lệ phí")
    first = catalog_import(source=file)
    assert errors_of(first) == []
    assert first.counts["Thủ tục"].created == 1
    assert first.counts["Thủ tục"].updated == 1
    assert first.counts["Phí, lệ phí"].updated == 1
    assert first.counts["Phí, lệ phí"].created == 1
    assert first.counts["Quy trình"].updated == 1
    assert first.counts["Quy trình"].created == 1
    procedure = Procedure.objects.get(code="1.000894")
    assert procedure.name == "Đăng ký khai sinh (mới)"
    assert procedure.committed_time_amount == Decimal(2)
    # Columns that are not in the sheet keep their values.
    assert procedure.online_mode == OnlineMode.FULL
    assert procedure.legal_basis.startswith("Luật Hộ tịch")
    assert list(procedure.agencies.values_list("code", flat=True)) == ["H99.50.01"]
    assert list(procedure.fees.values_list("name", "amount", "order")) == [
        ("Lệ phí", 8000, 1),
        ("Phí bưu chính", 25000, 2),
    ]
    assert procedure.fees.get(name="Lệ phí").pk == fee.pk
    current = procedure.current_process
    assert current.version == 2
    assert [s.name for s in current.steps.order_by("order")] == ["Tiếp nhận", "Thẩm định và ký"]
    assert current.note == importer.IMPORT_NOTE
    # Sheets that are absent are not touched.
    assert procedure.documents.count() == 2

    state = snapshot()
    file.seek(0)
    second = catalog_import(source=file)
    assert second.changes == 0
    assert snapshot() == state
    assert Process.objects.filter(procedure=procedure).count() == 2


def test_documents_are_replaced_but_keep_their_template_files(catalog):
    document = catalog.documents.get(order=1)
    document.template_file.save("to-khai.docx", ContentFile(b"mau"))
    file = workbook(
        {
            "Thành phần hồ sơ": [
                ["Mã thủ tục", "STT", "Trường hợp", "Tên giấy tờ", "Bản chính", "Bản sao"],
                ["1.000894", 1, "", "Giấy chứng sinh", 1, 0],
                ["1.000894", 2, "", "Tờ khai đăng ký khai sinh", 1, 1],
            ]
        }
    )
    report = catalog_import(source=file)
    assert errors_of(report) == []
    assert (
        report.counts["Thành phần hồ sơ"].created,
        report.counts["Thành phần hồ sơ"].updated,
        report.counts["Thành phần hồ sơ"].deleted,
    ) == (1, 1, 1)
    documents = list(catalog.documents.order_by("order"))
    assert [d.name for d in documents] == ["Giấy chứng sinh", "Tờ khai đăng ký khai sinh"]
    kept = documents[1]
    assert kept.pk == document.pk
    assert kept.copies == 1
    assert kept.template_file.name == document.template_file.name
    assert kept.template_name == "Mẫu TP/HT-2020-KS.1"


def test_a_dry_run_counts_the_changes_and_writes_nothing(catalog):
    before = snapshot()
    file = workbook(
        {"Lĩnh vực": [["Mã lĩnh vực", "Tên lĩnh vực"], ["CT", "Chứng thực"], ["HT", "Hộ tịch"]]}
    )
    report = catalog_import(source=file, dry_run=True)
    assert report.ok and report.dry_run
    assert report.counts["Lĩnh vực"].created == 1
    assert report.counts["Lĩnh vực"].unchanged == 1
    assert snapshot() == before


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"Ma thu tuc;Ten\n1.000894;Khai sinh\n",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
        b"PK\x03\x04 not really a zip",
    ],
    ids=["empty", "csv", "xls", "broken-zip"],
)
def test_a_file_that_is_not_an_xlsx_is_refused_with_a_message(catalog, content):
    before = snapshot()
    report = catalog_import(source=io.BytesIO(content))
    assert not report.ok
    assert len(report.errors) == 1
    expected = reader.OLD_XLS if content.startswith(b"\xd0\xcf") else reader.NOT_XLSX
    assert report.errors[0].message == str(expected)
    assert snapshot() == before


def test_a_zip_that_is_not_a_workbook_is_refused(catalog):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    buffer.seek(0)
    report = catalog_import(source=buffer)
    assert [e.message for e in report.errors] == [str(reader.NOT_XLSX)]


def test_unknown_sheets_and_columns_are_reported_and_the_guide_is_skipped(catalog):
    file = workbook(
        {
            "Hướng dẫn": [["bất cứ nội dung gì"]],
            "Thu tuc": [["Mã thủ tục", "Tên thủ tục", "Mã lĩnh vực", "Ghi chú riêng"]],
            "Phi": [["Mã thủ tục"]],
            "Quy trình": [["Mã thủ tục", "Tên bước", "Tên bước"]],
        }
    )
    report = catalog_import(source=file)
    messages = [(e.sheet, e.row, e.column, e.header) for e in report.errors]
    assert ("Phi", None, "", "") in messages
    assert ("Thủ tục", 1, "D", "Ghi chú riêng") in messages
    assert ("Quy trình", 1, "C", "Tên bước") in messages
    assert ("Quy trình", 1, "", "Bước") in messages
    assert ("Quy trình", 1, "", "Giờ làm việc") in messages
    # Sheet names are matched without regard to diacritics or case.
    assert all(e.sheet != "Thu tuc" for e in report.errors)


def test_agencies_are_created_in_tree_order_and_cycles_are_refused(p):
    file = workbook(
        {
            "Cơ quan": [
                ["Mã định danh", "Tên cơ quan", "Cấp", "Mã cơ quan cấp trên", "Một cửa"],
                [
                    "H99.50.03.1",
                    "Bộ phận một cửa xã Mới",
                    "Điểm tiếp nhận và trả kết quả",
                    "H99.50.03",
                    "Có",
                ],
                ["H99.50.03", "Ủy ban nhân dân xã Mới", "xa", "H99", "Không"],
                ["H99.21", "Sở Tư pháp", "Sở, ban, ngành", "H99.50.03", ""],
            ]
        }
    )
    report = catalog_import(source=file)
    assert errors_of(report) == []
    assert report.counts["Cơ quan"].created == 2
    assert report.counts["Cơ quan"].updated == 1
    point = Agency.objects.get(code="H99.50.03.1")
    assert point.is_one_stop and point.level == AgencyLevel.RECEIVING_POINT
    assert [a.code for a in point.ancestors()] == ["H99", "H99.50.03", "H99.50.03.1"]
    justice = Agency.objects.get(code="H99.21")
    assert justice.path.startswith(Agency.objects.get(code="H99.50.03").path)
    assert justice.depth == 2

    loop = workbook(
        {
            "Cơ quan": [
                ["Mã định danh", "Tên cơ quan", "Cấp", "Mã cơ quan cấp trên"],
                ["H99", "Ủy ban nhân dân tỉnh", "tinh", "H99.50.03"],
            ]
        }
    )
    report = catalog_import(source=loop)
    assert errors_of(report) == [
        ("Cơ quan", 2, "D", str(importer.AGENCY_CYCLE % {"chain": "H99 → H99.50.03 → H99"}))
    ]
    assert Agency.objects.get(code="H99").parent is None


def test_a_field_name_used_by_another_field_is_refused(catalog):
    file = workbook({"Lĩnh vực": [["Mã lĩnh vực", "Tên lĩnh vực"], ["HT2", "Hộ tịch"]]})
    report = catalog_import(source=file)
    assert errors_of(report) == [
        ("Lĩnh vực", 2, "B", str(importer.FIELD_NAME_TAKEN % {"name": "Hộ tịch", "code": "HT"}))
    ]


def test_references_resolve_against_the_file_first(p):
    file = workbook(
        {
            "Lĩnh vực": [["Mã lĩnh vực", "Tên lĩnh vực"], ["CT", "Chứng thực"]],
            "Thủ tục": [
                [*PROCEDURE_HEADER, "Mức trực tuyến", "Trả kết quả", "Cấp thực hiện"],
                [
                    "2.000815",
                    "Chứng thực bản sao",
                    "CT",
                    1,
                    "NLV",
                    "Một phần",
                    "Bưu chính; điện tử",
                    "xã",
                ],
            ],
            "Cách thức thực hiện": [
                ["Mã thủ tục", "Hình thức nộp", "Thời hạn", "Đơn vị"],
                ["2.000815", "Trực tiếp", 1, "ngày làm việc"],
                ["2.000815", "Bưu chính", "1,5", "ngày làm việc"],
            ],
        }
    )
    report = catalog_import(source=file)
    assert errors_of(report) == []
    procedure = Procedure.objects.get(code="2.000815")
    assert procedure.field.code == "CT"
    assert procedure.online_mode == OnlineMode.PARTIAL
    assert (procedure.delivery_counter, procedure.delivery_post, procedure.delivery_electronic) == (
        False,
        True,
        True,
    )
    assert procedure.levels == ["Cấp xã"]
    assert list(procedure.channels.values_list("channel", "time_amount")) == [
        ("1", Decimal("1.00")),
        ("3", Decimal("1.50")),
    ]


def test_a_code_that_excel_turned_into_a_number_is_explained(catalog):
    file = workbook({"Thành phần hồ sơ": [["Mã thủ tục", "Tên giấy tờ"], [1.00089, "Tờ khai"]]})
    report = catalog_import(source=file)
    assert errors_of(report) == [
        ("Thành phần hồ sơ", 2, "A", str(reader.CODE_AS_NUMBER % {"value": 1.00089}))
    ]


def test_an_export_of_selected_procedures_imports_into_an_empty_catalog(catalog):
    file = exported(procedures=Procedure.objects.filter(code="1.000894"))
    assert [row[0] for row in sheet_rows(file, "Thủ tục")] == ["Mã thủ tục", "1.000894"]
    agencies = [row[0] for row in sheet_rows(file, "Cơ quan")[1:]]
    assert agencies == ["H99", "H99.50.01", "H99.50.01.1", "H99.50.02"]
    report = catalog_import(source=file)
    assert report.ok and report.changes == 0


def test_the_template_has_headers_and_a_guide(db):
    file = exported(template=True)
    book = openpyxl.load_workbook(file)
    assert book.sheetnames == [
        "Lĩnh vực",
        "Cơ quan",
        "Thủ tục",
        "Cách thức thực hiện",
        "Thành phần hồ sơ",
        "Phí, lệ phí",
        "Quy trình",
        "Hướng dẫn",
    ]
    assert [c.value for c in book["Thủ tục"][1]][:3] == ["Mã thủ tục", "Tên thủ tục", "Mã lĩnh vực"]
    guide = list(book["Hướng dẫn"].iter_rows(values_only=True))
    assert (
        "Mức trực tuyến",
        "Dịch vụ công trực tuyến toàn trình",
        None,
        "Cũng nhận: full, Toàn trình, Trực tuyến toàn trình, Mức 4",
    ) in guide
    # Single-choice columns offer the labels of the guide as a dropdown list.
    validations = {
        str(dv.sqref): dv.formula1 for dv in book["Thủ tục"].data_validations.dataValidation
    }
    formula = validations["K2:K1048576"]  # Mức trực tuyến
    first, last = (int(part.strip("$B")) for part in formula.split("!")[1].split(":"))
    assert [book["Hướng dẫn"].cell(row=r, column=2).value for r in range(first, last + 1)] == [
        "Không cung cấp trực tuyến",
        "Dịch vụ công trực tuyến một phần",
        "Dịch vụ công trực tuyến toàn trình",
    ]
    file.seek(0)
    report = catalog_import(source=file)
    assert report.ok and report.changes == 0


def test_a_new_time_limit_must_fit_the_current_process(catalog):
    file = workbook(
        {
            "Thủ tục": [
                ["Mã thủ tục", "Tên thủ tục", "Mã lĩnh vực", "Thời hạn cam kết"],
                ["1.000894", "Đăng ký khai sinh", "HT", 3],
            ]
        }
    )
    report = catalog_import(source=file)
    assert errors_of(report) == [
        (
            "Thủ tục",
            2,
            "D",
            str(importer.LIMIT_BREAKS_PROCESS % {"limit": "24", "version": 1, "total": "20"}),
        )
    ]
    assert Procedure.objects.get(code="1.000894").committed_time_amount == Decimal("2.5")


def test_control_characters_are_dropped_from_text():
    # openpyxl never writes them, but other tools do; PostgreSQL refuses NUL in text.
    column = layout.FIELDS.column("name")
    assert reader.parse_cell(column, "Chứng\x00 thực\x07 ") == ("Chứng thực", None)


def test_a_sheet_over_the_row_limit_is_refused(p, monkeypatch):
    monkeypatch.setattr(reader, "MAX_ROWS", 2)
    rows = [["Mã lĩnh vực", "Tên lĩnh vực"]] + [[f"L{i}", f"Lĩnh vực {i}"] for i in range(4)]
    report = catalog_import(source=workbook({"Lĩnh vực": rows}))
    assert errors_of(report) == [
        ("Lĩnh vực", 4, "", str(reader.TOO_MANY_ROWS % {"limit": 2, "row": 4}))
    ]
    assert not Field.objects.exists()


@given(
    st.decimals(min_value=0, max_value=Decimal("999999.99"), places=2, allow_nan=False),
    st.sampled_from(["number", "dot", "comma"]),
)
def test_amounts_read_back_exactly_however_they_are_typed(amount, spelling):
    column = layout.PROCEDURES.column("legal_time_amount")
    raw = {"number": float(amount), "dot": f"{amount:f}", "comma": f"{amount:f}".replace(".", ",")}
    value, message = reader.parse_cell(column, raw[spelling])
    assert message is None
    assert value == amount


CELL = st.one_of(
    st.none(),
    st.text(max_size=40),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
)


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_no_cell_content_makes_the_import_fail_with_a_traceback(catalog, data):
    spec = data.draw(st.sampled_from(layout.SHEETS))
    rows = [[column.header for column in spec.columns]] + [
        [data.draw(CELL) for _ in spec.columns] for _ in range(data.draw(st.integers(1, 3)))
    ]
    for row in rows[1:]:
        for index, value in enumerate(row):
            if isinstance(value, str):
                row[index] = reader.ILLEGAL_CHARACTERS_RE.sub("", value)
            elif isinstance(value, float) and (value != value or abs(value) == float("inf")):
                row[index] = None  # not representable in a workbook
    report = catalog_import(source=workbook({spec.name: rows}), dry_run=True)
    assert report.ok or all(error.message for error in report.errors)


def test_a_workbook_without_any_sheet_of_the_layout_is_refused(db):
    report = catalog_import(source=workbook({"Hướng dẫn": [["Chỉ có hướng dẫn"]]}))
    names = ", ".join(f"“{sheet.name}”" for sheet in layout.SHEETS)
    assert [e.message for e in report.errors] == [str(reader.NO_KNOWN_SHEET % {"names": names})]
