"""Parsers of the national tables, on real records of the shipped file, one shape per test."""

from __future__ import annotations

from decimal import Decimal

import pytest

from motcua.catalog.headings import is_note_heading
from motcua.catalog.national import parsing
from motcua.catalog.national.parsing import Duration, Missing, Unparsed, is_conditional
from motcua.catalog.national.records import Kind, page_sections, prepare
from motcua.catalog.national.shipped import shipped_record


def section(code: str, key: str) -> str:
    return page_sections(shipped_record(code)["raw_text"])[key]


def channel_rows(code: str):
    table = parsing.parse_channels(section(code, "cach_thuc_thuc_hien"))
    assert table.leftover == ""
    return table.rows


def documents(code: str):
    return parsing.parse_documents(section(code, "thanh_phan_ho_so"))


# --- time limits: every shape of the time cell met in the file ------------------------------


@pytest.mark.parametrize(
    ("code", "amount", "unit", "raw"),
    [
        ("1.001200", 3, "working_days", "3 Ngày làm việc"),
        ("1.000253", 7, "days", "7 Ngày"),
        ("1.013065", 8, "hours", "8 Giờ"),
        ("1.001010", 6, "months", "6 Tháng"),
    ],
)
def test_it_reads_amount_and_unit_and_keeps_the_text(code, amount, unit, raw):
    time = channel_rows(code)[0].time
    assert time == Duration(Decimal(amount), unit, raw)


def test_it_leaves_a_bare_number_unparsed():
    row = channel_rows("1.000025")[0]
    assert row.time == Unparsed("1", "no_unit")
    assert row.time_text == "1"


@pytest.mark.parametrize(
    ("code", "raw"),
    [
        ("1.007689", "Không phải trả kết quả cho người nộp thuế"),
        (
            "1.009824",
            "Hệ thống giải quyết thủ tục hành chính ngành Thuế thực hiện phản hồi tự động "
            "thông qua phương thức điện tử.",
        ),
    ],
)
def test_it_leaves_prose_unparsed(code, raw):
    assert channel_rows(code)[0].time == Unparsed(raw, "prose")


@pytest.mark.parametrize(
    ("code", "raw", "reason"),
    [
        ("1.001303", "Không có thông tin", "missing"),
        ("1.008312", "Không quy định", "not_prescribed"),
        ("1.009825", "Không", "not_prescribed"),
        ("1.014976", "Không", "not_prescribed"),  # "Không " with a trailing space
    ],
)
def test_it_knows_when_there_is_no_time_limit(code, raw, reason):
    assert channel_rows(code)[0].time == Missing(raw, reason)


def test_an_empty_time_cell_is_missing_and_the_fee_still_read():
    rows = channel_rows("2.001895")
    postal = [row for row in rows if row.channel == "3"][0]
    assert postal.time == Unparsed("1", "no_unit")
    assert postal.fees[0].kind == "free"


def test_it_reads_each_row_of_a_channel_with_several_times():
    rows = channel_rows("1.014258")
    counter = [(row.time.amount, row.description[:3]) for row in rows if row.channel == "1"]
    assert counter == [(Decimal(44), "(1)"), (Decimal(13), "(2)")]
    item = prepare(shipped_record("1.014258"))
    assert item.values["legal_time_amount"] is None
    assert item.values["legal_time_text"] == "44 Ngày làm việc; 13 Ngày làm việc"
    assert Kind.TIME_SEVERAL in {issue.kind for issue in item.issues}


def test_descriptions_that_name_a_channel_do_not_start_rows():
    rows = channel_rows("3.000491")
    assert [row.channel for row in rows] == ["1", "2", "3"]
    assert rows[0].description.startswith("- Trực tiếp: nộp hồ sơ trực tiếp")


def test_a_missing_time_before_an_amount_is_split_correctly():
    row = channel_rows("2.002516")[0]
    assert row.time == Missing("Không có thông tin", "missing")
    assert row.fees[0].amount == 8000
    assert row.description.startswith("Trực tiếp thực hiện hoặc ủy quyền")


# --- fees -------------------------------------------------------------------------------


def test_free_fee_without_note():
    fee = channel_rows("1.013065")[0].fees[0]
    assert (fee.kind, fee.amount, fee.note) == ("free", 0, "")


def test_free_fee_with_a_note():
    fee = channel_rows("1.010097")[0].fees[0]
    assert fee.kind == "free"
    assert fee.note.startswith("Áp dụng mức thu theo mức phí quy định tại Thông tư số 48/2022")


def test_missing_fee():
    assert channel_rows("1.000253")[0].fees[0].kind == "missing"


def test_amount_in_dong_with_thousands_commas_and_note():
    rows = channel_rows("1.001456")
    online, counter = rows[0].fees[0], rows[2].fees[0]
    assert (online.kind, online.amount, online.currency) == ("amount", 160000, "VND")
    assert online.raw.startswith("160,000 Việt Nam Đồng(")
    assert counter.amount == 200000
    assert counter.note.startswith("200.000đ/ hộ chiếu")


def test_amount_in_vnd_with_a_short_note():
    fee = channel_rows("1.004363")[0].fees[0]
    assert (fee.amount, fee.note, fee.raw) == (800000, "đồng/lần", "800,000 VNĐ(đồng/lần)")


def test_amount_without_note_followed_by_the_description():
    row = channel_rows("1.013836")[0]
    assert row.fees[0].amount == 500000
    assert row.fees[0].note == ""
    assert row.description.startswith("- Đối với trường hợp thay đổi nội dung")


@pytest.mark.parametrize(
    ("code", "raw", "amount"),
    [
        ("2.000635", "8,000 VNĐ", 8000),
        ("1.008929", "1,000,000 Việt Nam Đồng", 1000000),
        ("1.003570", "14,000,000 VNĐ", 14000000),
        ("1.013818", "3,500,000 Việt Nam Đồng(/hồ sơ)", 3500000),
    ],
)
def test_amount_shapes(code, raw, amount):
    fee = channel_rows(code)[0].fees[0]
    assert (fee.kind, fee.raw, fee.amount, fee.currency) == ("amount", raw, amount, "VND")


def test_unbalanced_parenthesis_in_a_note():
    fee = channel_rows("1.009444")[0].fees[0]
    assert (fee.amount, fee.note) == (100000, "Phí Thẩm tra, thẩm định")


def test_foreign_currency_is_not_converted():
    fee = channel_rows("1.000931")[0].fees[0]
    assert (fee.kind, fee.amount, fee.currency, fee.problem) == (
        "unparsed",
        None,
        "USD",
        "foreign_currency",
    )
    assert fee.note == "10 USD/người"


@pytest.mark.parametrize(
    ("code", "raw"), [("1.001200", "40 Việt Nam Đồng"), ("1.012680", "25 VNĐ")]
)
def test_amounts_below_a_thousand_dong_are_not_trusted(code, raw):
    """ "40 Việt Nam Đồng(40.000đ/…)": the cell is in thousands or a placeholder; never guessed."""
    fee = channel_rows(code)[0].fees[0]
    assert (fee.kind, fee.amount, fee.problem) == ("unparsed", None, "implausible_amount")
    assert fee.raw.startswith(raw)


def test_one_dong_placeholder_is_not_a_fee():
    rows = channel_rows("1.013836")
    assert rows[3].fees[0].raw == "1 Việt Nam Đồng"
    assert rows[3].fees[0].amount is None


@pytest.mark.parametrize("code", ["1.007863", "2.000012"])
def test_a_bare_time_glued_to_an_amount_is_ambiguous(code):
    row = channel_rows(code)[0]
    fee = row.fees[0]
    assert fee.problem == "ambiguous_boundary"
    assert fee.amount is None
    assert fee.raw.startswith("120 VNĐ")


def test_fees_are_named_after_the_channels_they_apply_to():
    item = prepare(shipped_record("1.001456"))
    assert [(f.name, f.amount) for f in item.fees] == [
        ("Phí, lệ phí (trực tuyến, dịch vụ bưu chính)", 160000),
        ("Phí, lệ phí (trực tiếp)", 200000),
    ]


def test_all_free_without_notes_gives_no_fee_rows():
    assert prepare(shipped_record("1.013065")).fees == []


# --- documents ---------------------------------------------------------------------------


def test_documents_with_counts_and_a_template():
    rows = documents("1.001200")
    assert [(d.originals, d.copies) for d in rows] == [(2, 0), (1, 0), (1, 0), (1, 0)]
    assert rows[0].name.startswith("02 ảnh 4x6cm")
    assert rows[3].template_names == ["Mẫu M01a-ND67-2024.docx"]
    assert rows[3].name.endswith("ngày 25/6/2024 của Chính phủ.")
    assert rows[3].raw.endswith("Mẫu M01a-ND67-2024.docx1 bản chính")


def test_documents_with_originals_and_copies():
    rows = documents("1.003371")
    assert (rows[2].originals, rows[2].copies) == (0, 1)
    assert rows[3].name.startswith("bản sao hợp đồng lao động")


def test_documents_grouped_by_case():
    rows = documents("1.014276")
    cases = list(dict.fromkeys(d.case_name for d in rows))
    assert len(cases) == 2
    assert cases[0].startswith("Trường hợp tổ chức, cá nhân đề nghị thay đổi tên")
    assert rows[0].template_names == ["Mau 03-Phu luc_39.2025.TT-BNNMT_02.7.2025.doc"]


def test_case_names_like_giay_to_phai_nop():
    rows = documents("1.000080")
    assert rows[0].case_name == "* Giấy tờ phải nộp:"


def test_counts_written_inside_a_name_are_not_cells():
    rows = documents("1.000115")
    assert any("01 bản chính." in d.name for d in rows)
    assert all(d.raw.endswith(("bản chính", "bản sao")) for d in rows)


def test_a_count_glued_to_digits_of_the_name():
    rows = documents("3.000365")
    assert rows[1].name.endswith("điểm a Khoản 1 Điều 12 Nghị định 116")
    assert (rows[1].originals, rows[1].copies) == (1, 0)


def test_several_template_files():
    rows = documents("2.000693")
    assert any(len(d.template_names) == 2 for d in rows)


def test_optional_documents_are_not_mandatory():
    rows = documents("1.001294")
    assert any(not d.mandatory and "(nếu có)" in d.name for d in rows)


def test_text_after_the_last_count_is_kept_unparsed():
    rows = documents("1.009645")
    assert rows[-1].problem == "no_count"
    assert rows[-1].name.startswith("(Trường hợp khai thác, sử dụng được thông tin")


def test_a_count_without_a_name_is_reported():
    item = prepare(shipped_record("2.000077"))
    assert [d.name[:9] for d in item.documents] == ["1. Văn bả"]
    assert Kind.DOCUMENT_UNPARSED in {i.kind for i in item.issues}


@pytest.mark.parametrize("code", ["3.000364", "6.006574"])
def test_no_document_table(code):
    item = prepare(shipped_record(code))
    assert item.documents == []
    assert Kind.NO_DOCUMENTS in {i.kind for i in item.issues}


# --- page, legal basis, result, agencies, levels ---------------------------------------------


def test_a_record_whose_code_differs_from_its_page_is_skipped():
    item = prepare(shipped_record("3.000224"))
    assert item.skip_reason == Kind.CODE_MISMATCH
    assert "1.014023" in item.issues[0].message


def test_a_section_cut_short_by_the_source_is_read_from_the_page():
    record = shipped_record("1.001521")
    assert not record["thanh_phan_ho_so"].startswith("Trường hợp")
    item = prepare(record)
    assert Kind.SECTION_REPAIRED in {i.kind for i in item.issues}
    assert len(item.documents) > 5
    assert "Bước 3. Nhận kết quả" in item.values["steps_text"]


def test_legal_basis_rows():
    docs = parsing.parse_legal_basis(section("1.001200", "can_cu_phap_ly"))
    assert docs[0] == parsing.LegalDocument("Luật 49/2019/QH14", "49/2019/QH14")
    assert docs[1] == parsing.LegalDocument("Nghị định 76/2020/NĐ-CP", "76/2020/NĐ-CP")
    text = parsing.format_legal_basis(docs)
    assert text.splitlines()[0] == "Luật 49/2019/QH14"
    assert "Thông tư 43/2024/TT-BTC của Bộ Tài chính" in text


def test_result_names_and_codes():
    result = parsing.parse_result(section("1.001200", "ket_qua_xu_ly"))
    assert result.names == ["Giấy thông hành biên giới Việt Nam - Campuchia"]
    assert result.codes == ["KQ.G01.000094"]


def test_several_results():
    result = parsing.parse_result(section("1.002755", "ket_qua_xu_ly"))
    assert result.codes == ["KQ.G01.000064", "KQ.G01.000065", "KQ.G01.000067", "KQ.G01.000066"]
    assert result.names[2] == "Phiếu từ chối tiếp nhận, giải quyết hồ sơ (lĩnh vực cư trú)"


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Thuế tỉnh, thành phố, Thuế cơ sở", ["Thuế tỉnh, thành phố", "Thuế cơ sở"]),
        (
            "Ủy ban Nhân dân\xa0xã,\xa0phường,\xa0thị trấn.",
            ["Ủy ban Nhân dân xã, phường, thị trấn"],
        ),
        ("Không có thông tin", []),
        ("Bộ Tư pháp\nỦy ban nhân dân cấp tỉnh", ["Bộ Tư pháp", "Ủy ban nhân dân cấp tỉnh"]),
    ],
)
def test_agency_names(text, names):
    assert parsing.split_agency_names(text) == names


def test_levels():
    assert parsing.parse_levels("Cấp bộ, Cấp tỉnh, Cơ quan khác") == {
        "level_ministry",
        "level_province",
    }


@pytest.mark.parametrize(
    ("name", "conditional"),
    [
        ("Tờ khai đăng ký khai sinh theo mẫu", False),
        ("Bản sao giấy tờ chứng minh nhân thân (nếu có)", True),
        ("- Trường hợp ủy quyền thì phải có văn bản ủy quyền", True),
        ("Đối với người nước ngoài: bản sao hộ chiếu", True),
        ("a) Nếu người yêu cầu là người đại diện: giấy tờ chứng minh", True),
        ("(ii) Lưu ý: người yêu cầu xuất trình bản chính", True),
        ("* Ghi chú: hồ sơ nộp 01 bộ", True),
        ("Giấy tờ về trường hợp được miễn lệ phí", False),
        ("Đơn đề nghị", False),
    ],
)
def test_conditional_documents_are_not_mandatory(name, conditional):
    assert is_conditional(name) is conditional


def test_the_real_data_marks_conditional_rows_optional():
    rows = [row for code in ("1.001294", "2.000693", "1.009645") for row in documents(code)]
    assert all(row.mandatory is not is_conditional(row.name) for row in rows)
    assert any(row.mandatory for row in rows)


def test_section_headings_and_notes_are_not_cases():
    """ "Giấy tờ phải nộp" / "Giấy tờ phải xuất trình" divide every dossier's papers and
    "Lưu ý" heads notes: none of them is a case to choose, and notes are not required."""
    from motcua.catalog.models import RequiredDocument, document_cases, documents_for_case

    rows = documents("1.000656")
    headings = {row.case_name for row in rows}
    assert {"* Giấy tờ phải nộp:", "* Giấy tờ phải xuất trình:"} <= headings
    papers = [RequiredDocument(name=row.name, case_name=row.case_name) for row in rows]
    assert document_cases(papers) == []
    assert documents_for_case(papers, "") == papers
    noted = [row for row in rows if is_note_heading(row.case_name)]
    assert noted and not any(row.mandatory for row in noted)
    assert any(row.mandatory for row in rows if not is_note_heading(row.case_name))
    works = [
        RequiredDocument(name=row.name, case_name=row.case_name) for row in documents("1.013225")
    ]
    assert "(1.2) Đối với công trình theo tuyến:" in document_cases(works)
