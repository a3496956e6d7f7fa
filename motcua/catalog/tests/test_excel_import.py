"""Importing and exporting the catalog workbook (docs/catalog-excel.md)."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.base import ContentFile

from motcua.accounts.roles import Role
from motcua.catalog.excel import catalog_import, export_workbook
from motcua.catalog.excel import importer, reader
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
        procedure=procedure, order=1, name="Tờ khai đăng ký khai sinh", originals=1,
        template_name="Mẫu TP/HT-2020-KS.1",
    )
    RequiredDocument.objects.create(
        procedure=procedure, order=2, case_name="Trẻ sinh ngoài cơ sở y tế",
        name="=Văn bản của người làm chứng", originals=1, mandatory=False,
    )
    Fee.objects.create(procedure=procedure, name="Lệ phí", amount=0, note="Miễn lệ phí")
    ProcedureChannel.objects.create(
        procedure=procedure, channel=Channel.ONLINE, time_amount=Decimal("2.5"),
        time_unit=TimeUnit.WORKING_DAYS, fee_text="Miễn phí",
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
    steps = procedure.current_process().steps.order_by("order")
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
