"""Importing real records of the national database into the catalog."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from motcua.catalog.models import (
    Agency,
    AgencyLevel,
    Fee,
    Field,
    OnlineMode,
    Procedure,
    ProcedureChannel,
    RequiredDocument,
)
from motcua.catalog.models.national import AgencyNameMapping, ImportRun, NationalRecord
from motcua.catalog.national import import_records, read_records
from motcua.catalog.national.importer import COUNT_KEYS, field_code
from motcua.catalog.national.records import Kind
from motcua.catalog.national.shipped import (
    LIST_FILES,
    national_data_dir,
    shipped_record,
    shipped_records,
)
from motcua.catalog.services import StepSpec, process_publish
from motcua.workdays.units import TimeUnit

pytestmark = pytest.mark.django_db


def records(*codes: str) -> list[dict]:
    return [shipped_record(code) for code in codes]


def test_it_imports_a_procedure_with_its_channels_fees_and_documents():
    result = import_records(records("1.001456"))
    assert result.counts["imported"] == 1
    procedure = Procedure.objects.get(code="1.001456")
    assert procedure.field.name == shipped_record("1.001456")["linh_vuc"]
    assert (procedure.legal_time_amount, procedure.legal_time_unit) == (
        Decimal(8),
        TimeUnit.WORKING_DAYS,
    )
    assert procedure.legal_time_text == "8 Ngày làm việc"
    assert procedure.online_mode == OnlineMode.PARTIAL
    assert procedure.status == Procedure.Status.ACTIVE
    assert list(procedure.channels.values_list("channel", "time_amount")) == [
        ("2", Decimal(8)),
        ("3", Decimal(8)),
        ("1", Decimal(8)),
    ]
    assert list(procedure.fees.values_list("amount", flat=True)) == [160000, 200000]
    assert procedure.fees.first().raw_text.startswith("160,000 Việt Nam Đồng(")
    assert procedure.documents.count() > 0
    assert NationalRecord.objects.get(procedure=procedure).payload["ma_thu_tuc"] == "1.001456"


def test_a_procedure_without_online_channel_is_not_online():
    import_records(records("1.000253"))
    procedure = Procedure.objects.get(code="1.000253")
    assert procedure.online_mode == OnlineMode.NONE
    assert (procedure.legal_time_amount, procedure.legal_time_unit) == (Decimal(7), TimeUnit.DAYS)


def test_unparsed_values_are_kept_raw_and_reported():
    result = import_records(records("1.007863", "1.000931"))
    customs = Procedure.objects.get(code="1.007863")
    assert customs.legal_time_amount is None
    assert customs.legal_time_text == "1"
    fee = customs.fees.first()
    assert fee.amount is None
    assert fee.raw_text.startswith("120 VNĐ")
    kinds = {(i.code, i.kind) for i in result.issues}
    assert ("1.007863", Kind.TIME_UNPARSED) in kinds
    assert ("1.007863", Kind.FEE_UNPARSED) in kinds
    assert ("1.000931", Kind.FEE_UNPARSED) in kinds  # 10 USD
    assert result.counts["unparsed"] >= 3


def test_a_record_contradicting_its_page_is_skipped_with_its_reason():
    result = import_records(records("3.000224", "1.001456"))
    assert result.counts["skipped"] == 1
    assert not Procedure.objects.filter(code="3.000224").exists()
    issue = next(i for i in result.issues if i.code == "3.000224")
    assert issue.kind == Kind.CODE_MISMATCH


def test_one_code_with_two_names_is_reported_not_merged():
    first = shipped_record("1.001456")
    second = dict(first, ten_thu_tuc="Một tên khác hẳn", raw_text="")
    result = import_records([first, second])
    assert result.counts["skipped"] == 2
    assert not Procedure.objects.filter(code="1.001456").exists()
    assert {i.kind for i in result.issues} >= {Kind.CONFLICT}


def test_implementing_agencies_are_matched_through_the_mapping_table():
    province = Agency.objects.create(
        code="H99", name="UBND tỉnh Thử Nghiệm", level=AgencyLevel.PROVINCE
    )
    police = Agency.objects.create(
        code="H99.30", name="Công an tỉnh", level=AgencyLevel.DEPARTMENT, parent=province
    )
    commune_a = Agency.objects.create(
        code="H99.50.01", name="Công an xã An Bình", level=AgencyLevel.UNIT, parent=province
    )
    commune_b = Agency.objects.create(
        code="H99.50.02", name="Công an xã Bình Minh", level=AgencyLevel.UNIT, parent=province
    )
    # One national name may stand for several agencies of the province.
    AgencyNameMapping.objects.create(source_name="Công an cấp xã", agency=commune_a)
    AgencyNameMapping.objects.create(source_name="Công an cấp xã", agency=commune_b)

    result = import_records(records("1.003133", "1.001200"))

    assert set(Procedure.objects.get(code="1.003133").agencies.all()) == {commune_a, commune_b}
    # "Công an tỉnh" has no mapping but is the exact (folded) name of an agency.
    assert police in Procedure.objects.get(code="1.001200").agencies.all()
    # "Công an cấp Tỉnh" matches nothing: listed with its count and an example code.
    assert result.unmatched_agencies == {"Công an cấp Tỉnh": 1}
    assert result.unmatched_examples["Công an cấp Tỉnh"] == ["1.001200"]


def test_reimport_keeps_local_decisions_unless_asked():
    import_records(records("1.001456", "1.000253"))
    procedure = Procedure.objects.get(code="1.001456")
    procedure.committed_time_amount = Decimal(5)
    procedure.online_mode = OnlineMode.FULL
    procedure.save()
    Fee.objects.create(procedure=procedure, name="Phí địa phương", amount=5000, is_local=True)
    document = procedure.documents.first()
    document.originals = 3  # a person's correction
    document.save()
    process_publish(
        procedure=procedure,
        steps=[StepSpec(name="Thẩm định", role="specialist", budget_hours=Decimal(40))],
    )

    result = import_records(records("1.001456", "1.000253"))
    assert (result.counts["imported"], result.counts["updated"]) == (0, 2)
    procedure.refresh_from_db()
    assert procedure.committed_time_amount == Decimal(5)
    assert procedure.online_mode == OnlineMode.FULL
    assert procedure.fees.filter(is_local=True).count() == 1
    assert procedure.documents.get(pk=document.pk).originals == 3
    assert procedure.processes.count() == 1

    import_records(records("1.001456", "1.000253"), overwrite_local=True)
    procedure.refresh_from_db()
    assert procedure.committed_time_amount is None
    assert procedure.online_mode == OnlineMode.PARTIAL
    assert not procedure.fees.filter(is_local=True).exists()
    assert procedure.documents.get(pk=document.pk).originals == 1
    assert procedure.processes.count() == 1  # process versions are history, never deleted


def test_a_procedure_missing_from_the_source_is_withdrawn_then_reactivated():
    import_records(records("1.001456", "1.000253"))
    result = import_records(records("1.001456"))
    assert result.counts["withdrawn"] == 1
    assert Procedure.objects.get(code="1.000253").status == Procedure.Status.WITHDRAWN
    assert Procedure.objects.filter(code="1.000253").exists()  # never deleted

    result = import_records(records("1.001456", "1.000253"))
    assert result.counts["reactivated"] == 1
    assert Procedure.objects.get(code="1.000253").status == Procedure.Status.ACTIVE


def test_a_file_of_which_nothing_imports_withdraws_nothing():
    import_records(records("1.001456", "1.000253"))
    result = import_records(records("3.000224"))  # skipped: its page is another procedure's
    assert result.counts["withdrawn"] == 0
    assert Procedure.objects.active().count() == 2


def test_withdrawal_can_be_turned_off():
    import_records(records("1.001456", "1.000253"))
    result = import_records(records("1.001456"), withdraw_missing=False)
    assert result.counts["withdrawn"] == 0
    assert Procedure.objects.active().count() == 2


def test_a_partial_import_by_codes_withdraws_nothing():
    import_records(records("1.001456", "1.000253"))
    result = import_records(shipped_records(), codes={"1.001456"})
    assert result.counts["read"] == 1
    assert Procedure.objects.active().count() == 2


def test_a_locally_withdrawn_procedure_stays_withdrawn():
    import_records(records("1.000253"))
    Procedure.objects.filter(code="1.000253").update(status=Procedure.Status.WITHDRAWN)
    import_records(records("1.000253"))
    assert Procedure.objects.get(code="1.000253").status == Procedure.Status.WITHDRAWN


def test_dry_run_writes_nothing():
    result = import_records(records("1.001456"), dry_run=True)
    assert result.counts["imported"] == 1
    assert not Procedure.objects.exists()
    assert not Field.objects.exists()


def test_field_codes_are_stable_slugs():
    assert field_code("Hộ tịch", set()) == "ho-tich"
    long_name = (
        "Chuyển đổi công ty nhà nước được thành lập và hoạt động theo Luật Doanh nghiệp nhà nước"
    )
    code = field_code(long_name, set())
    assert len(code) <= 40
    assert code == field_code(long_name, set())
    assert code.startswith("chuyen-doi-cong-ty-nha-nuoc")


def test_the_list_exports_import_too():
    import_records(records("1.002099"))
    detail_name = Procedure.objects.get(code="1.002099").name
    path = national_data_dir() / LIST_FILES[0]
    rows = read_records(path)
    assert len(rows) == 271
    result = import_records(rows)
    assert result.counts["read"] == 271
    assert result.counts["imported"] + result.counts["updated"] + result.counts["skipped"] == 271
    # A detail record is richer: its name stays.
    assert Procedure.objects.get(code="1.002099").name == detail_name
    listed = Procedure.objects.get(code="1.014966")
    assert listed.name.startswith("Cấp lại chứng chỉ hành nghề Quản tài viên")
    assert listed.field.name == "Quản tài viên"
    assert NationalRecord.objects.filter(procedure=listed, source="list").exists()


def test_detail_records_and_list_rows_can_be_imported_together():
    rows = read_records(national_data_dir() / LIST_FILES[0])
    mixed = rows[:60] + records("1.002099", "1.003976")  # both codes are in the list too
    assert {"1.002099", "1.003976"} <= {r["ma_so"] for r in rows}
    result = import_records(mixed)
    assert result.counts["skipped"] == 0
    detail = shipped_record("1.003976")["ten_thu_tuc"].strip()
    assert Procedure.objects.get(code="1.003976").name == detail.rstrip(".")
    assert NationalRecord.objects.filter(procedure__code="1.003976").count() == 2


def test_the_whole_shipped_file_imports_and_reimports_idempotently():
    every = shipped_records()
    first = import_records(every)
    counts = first.summary()
    assert counts["read"] == len(every) == 1601
    assert counts["imported"] + counts["updated"] + counts["skipped"] == counts["read"]
    skipped = {i.code for i in first.issues if i.kind in (Kind.CODE_MISMATCH, Kind.CONFLICT)}
    assert len(skipped) == counts["skipped"]
    imported_codes = set(Procedure.objects.values_list("code", flat=True))
    assert {r["ma_thu_tuc"] for r in every} == imported_codes | skipped
    assert counts["durations_parsed"] > 0.75 * counts["durations_total"]
    assert counts["documents_parsed"] > 0.99 * counts["documents_total"]

    totals = (
        Procedure.objects.count(),
        RequiredDocument.objects.count(),
        Fee.objects.count(),
        ProcedureChannel.objects.count(),
        Field.objects.count(),
    )
    local = Procedure.objects.get(code="1.001456")
    local.committed_time_amount = Decimal(6)
    local.save()
    again = import_records(every)
    assert again.counts["imported"] == 0
    assert (
        again.counts["unchanged"] == again.counts["updated"] == counts["read"] - counts["skipped"]
    )
    assert again.counts["withdrawn"] == 0
    assert totals == (
        Procedure.objects.count(),
        RequiredDocument.objects.count(),
        Fee.objects.count(),
        ProcedureChannel.objects.count(),
        Field.objects.count(),
    )
    assert Procedure.objects.get(code="1.001456").committed_time_amount == Decimal(6)


def test_the_command_prints_counts_as_its_last_line(tmp_path):
    source = tmp_path / "mot-phan.jsonl"
    source.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in records("1.001456", "3.000224")),
        encoding="utf-8",
    )
    report = tmp_path / "bao-cao.xlsx"
    out = io.StringIO()
    call_command("import_national", str(source), "--report", str(report), stdout=out)
    last = json.loads(out.getvalue().strip().splitlines()[-1])
    assert list(last)[: len(COUNT_KEYS)] == list(COUNT_KEYS)
    assert (last["read"], last["imported"], last["skipped"]) == (2, 1, 1)
    assert report.read_bytes()[:2] == b"PK"
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.DONE
    assert run.issues.filter(code="3.000224", kind=Kind.CODE_MISMATCH).exists()


def test_the_command_dry_run_writes_nothing(tmp_path):
    source = tmp_path / "mot-phan.jsonl"
    source.write_text(json.dumps(shipped_record("1.001456"), ensure_ascii=False), encoding="utf-8")
    out = io.StringIO()
    call_command("import_national", str(source), "--dry-run", stdout=out)
    assert json.loads(out.getvalue().strip().splitlines()[-1])["imported"] == 1
    assert not Procedure.objects.exists()
    assert not ImportRun.objects.exists()


def test_the_progress_bar_redraws_one_line():
    from motcua.catalog.management.commands.import_national import ProgressBar

    stream = io.StringIO()
    bar = ProgressBar(stream, enabled=True, width=10)
    bar(0, 4)
    bar(2, 4)
    bar(4, 4)
    text = stream.getvalue()
    assert text.count("\r") == 3
    assert "[#####.....] 2/4  50.0%" in text
    assert text.endswith("\n")
    silent = io.StringIO()
    ProgressBar(silent, enabled=False)(1, 2)
    assert silent.getvalue() == ""


def test_a_changed_legal_time_that_breaks_the_process_is_reported():
    original = shipped_record("1.001456")  # 8 working days
    import_records([original])
    procedure = Procedure.objects.get(code="1.001456")
    process_publish(
        procedure=procedure,
        steps=[StepSpec(name="Thẩm định", role="specialist", budget_hours=Decimal(64))],
    )
    # The same record after the ministry changed the time limit to 10 working days.
    updated = dict(original)
    for key in ("cach_thuc_thuc_hien", "raw_text"):
        updated[key] = original[key].replace("8 Ngày làm việc", "10 Ngày làm việc")
    result = import_records([updated])
    procedure.refresh_from_db()
    assert procedure.legal_time_amount == Decimal(10)
    assert [i.kind for i in result.issues if i.code == "1.001456"].count(Kind.PROCESS_MISMATCH) == 1
    assert procedure.processes.count() == 1
