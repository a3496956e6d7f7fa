from __future__ import annotations

import datetime as dt
import io
import os
import re

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from motcua.dossiers.actions.decision import dossier_refuse
from motcua.dossiers.actions.endings import dossier_stop, dossier_withdraw
from motcua.dossiers.actions.extensions import dossier_decide_extension, dossier_propose_extension
from motcua.dossiers.actions.intake import Proxy, dossier_refuse_reception
from motcua.dossiers.actions.interagency import InterAgencyPart, dossier_send_interagency
from motcua.dossiers.actions.steps import dossier_forward
from motcua.dossiers.actions.supplements import SupplementItemSpec, dossier_request_supplement
from motcua.paperwork import formats, official, qr, signing
from motcua.paperwork.tests.conftest import MONDAY, applicant, at, pdf_info, pdf_text

pytestmark = pytest.mark.django_db

RECEIVED = "09 giờ 05 phút, ngày 02 tháng 11 năm 2026"


def render(number: str, dossier) -> str:
    data = official.render_form(number, dossier)
    assert data.startswith(b"%PDF")
    if os.environ.get("PAPERWORK_DUMP"):  # look at the forms: PAPERWORK_DUMP=/tmp pytest …
        path = os.path.join(os.environ["PAPERWORK_DUMP"], f"mau-{number}.pdf")
        with open(path, "wb") as handle:
            handle.write(data)
    return pdf_text(data)


def test_01_receipt(receive, frozen):
    d = receive()
    text = render("01", d)
    assert f"Mã hồ sơ: {d.code}" in text
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text
    assert "Nguyễn Văn Ấn" in text
    assert "Cấp giấy phép xây dựng nhà ở riêng lẻ" in text
    assert "Đơn đề nghị cấp giấy phép xây dựng (bản chính: 1)" in text
    assert "Bản vẽ thiết kế xây dựng (bản sao: 2)" in text
    assert "Thời gian giải quyết hồ sơ theo quy định: 05 ngày làm việc" in text
    assert f"Thời gian nhận hồ sơ: {RECEIVED}" in text
    assert (
        "Thời gian trả kết quả giải quyết hồ sơ: 09 giờ 05 phút, ngày 09 tháng 11 năm 2026" in text
    )
    assert "Đăng ký nhận kết quả tại: Nhận tại bộ phận một cửa" in text
    assert "Quyển số: 2026, Số thứ tự: 1" in text
    assert "An Bình, ngày 02 tháng 11 năm 2026" in text
    assert "Trần Thị Bình" in text  # the receiving officer signs
    assert "Liên 1" in text and "Liên 2" in text


def test_01_carries_a_qr_of_the_lookup_link(receive, frozen):
    d = receive()
    context = official.form_context("01", d)
    assert context["qr_uri"] == qr.qr_svg_data_uri(qr.lookup_url(d.code))
    info = pdf_info(official.render_form("01", d))
    assert re.search(r"Pages:\s+2\n", info)  # two copies, one A5 page each
    assert "419.528 x 595.276" in info


def test_01_shows_delivery_by_post_and_the_proxy(receive, frozen, procedure):
    d = receive(
        delivery_method="post",
        delivery_address="Số 5 đường Lê Lợi, xã An Bình",
        proxy=Proxy(name="Lê Thị Cúc", phone="0987654321"),
    )
    text = render("01", d)
    assert "Nhận qua dịch vụ bưu chính công ích" in text
    assert "Số 5 đường Lê Lợi" in text
    assert "Người nộp thay: Lê Thị Cúc" in text


def test_01_is_not_for_a_dossier_not_yet_received(submit, frozen):
    d = submit()
    with pytest.raises(official.FormNotApplicable) as exc:
        official.render_form("01", d)
    assert exc.value.message == str(official.ERR_NOT_RECEIVED)


def test_02_supplement_during_appraisal(p, receive, procedure, frozen):
    d = receive()
    document = procedure.documents.get(order=2)
    d = dossier_request_supplement(
        actor=p.officer_a,
        dossier=d,
        items=[
            SupplementItemSpec(required_document=document, reason="Thiếu chữ ký"),
            SupplementItemSpec(text="Ảnh chụp hiện trạng", reason="Xác định ranh giới"),
        ],
        reason="Hồ sơ thiếu thông tin",
        at=at(1),
    )
    text = render("02", d)
    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in text
    assert d.code in text and "Nguyễn Văn Ấn" in text
    assert "Bản vẽ thiết kế xây dựng" in text and "Thiếu chữ ký" in text
    assert "Ảnh chụp hiện trạng" in text and "Xác định ranh giới" in text
    assert "Lý do: Hồ sơ thiếu thông tin" in text
    assert "An Bình, ngày 03 tháng 11 năm 2026" in text
    assert "15 ngày" in text  # Decree 118 Art. 19.5
    assert "NGƯỜI HƯỚNG DẪN" in text and "Trần Thị Bình" in text


def test_02_supplement_at_reception_has_no_code_yet(p, submit, frozen):
    d = submit()
    d = dossier_request_supplement(
        actor=p.officer_a,
        dossier=d,
        items=[SupplementItemSpec(text="Bản sao căn cước", reason="Không rõ nét")],
    )
    text = render("02", d)
    assert "Nguyễn Văn Ấn" in text and "Bản sao căn cước" in text
    assert "Mã hồ sơ" not in text
    assert "một lần" in text
    assert "An Bình, ngày 02 tháng 11 năm 2026" in text


def test_02_needs_a_supplement_request(receive, frozen):
    with pytest.raises(official.FormNotApplicable) as exc:
        official.render_form("02", receive())
    assert exc.value.message == str(official.ERR_NO_SUPPLEMENT)


def test_03_refusal_at_reception(p, submit, frozen):
    d = submit()
    d = dossier_refuse_reception(
        actor=p.officer_a, dossier=d, reasons="Thủ tục không thuộc thẩm quyền của xã"
    )
    text = render("03", d)
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in text
    assert "Nguyễn Văn Ấn" in text
    assert "Thủ tục không thuộc thẩm quyền của xã" in text
    assert "NGƯỜI TIẾP NHẬN HỒ SƠ" in text
    assert f"Thời gian nộp hồ sơ: {RECEIVED}" in text
    assert "An Bình, ngày 02 tháng 11 năm 2026" in text


def test_03_refusal_after_appraisal(p, receive, frozen):
    d = receive()
    d = dossier_refuse(
        actor=p.leader_a, dossier=d, reasons="Công trình nằm trong hành lang giao thông", at=at(2)
    )
    text = render("03", d)
    assert d.code in text and "Nguyễn Văn Ấn" in text
    assert "Công trình nằm trong hành lang giao thông" in text
    assert "ỦY BAN NHÂN DÂN XÃ AN" in text  # the competent agency issues it
    assert "An Bình, ngày 04 tháng 11 năm 2026" in text
    assert "Hoàng Văn Em" in text  # the head who decided


def test_03_is_not_for_a_dossier_in_progress(receive, frozen):
    with pytest.raises(official.FormNotApplicable) as exc:
        official.render_form("03", receive())
    assert exc.value.message == str(official.ERR_NOT_REFUSED)


def test_04_apology_and_extension(p, receive, frozen):
    d = receive()
    old_due = d.due_at
    new_due = old_due + dt.timedelta(days=3)
    d = dossier_propose_extension(
        actor=p.specialist_a,
        dossier=d,
        reason="Chờ ý kiến của Sở Xây dựng",
        apology="Chúng tôi thành thật xin lỗi ông/bà.",
        new_due_at=new_due,
        at=at(2),
    )
    d = dossier_decide_extension(actor=p.leader_a, dossier=d, approve=True, at=at(2, 1))
    text = render("04", d)
    assert "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT" in text
    assert "Kính gửi: Nguyễn Văn Ấn" in text
    assert d.code in text
    assert "Chờ ý kiến của Sở Xây dựng" in text
    assert "Chúng tôi thành thật xin lỗi ông/bà." in text
    assert "09 giờ 05 phút, ngày 09 tháng 11 năm 2026" in text  # the old appointment
    assert "09 giờ 05 phút, ngày 12 tháng 11 năm 2026" in text  # the new one
    assert "Hoàng Văn Em" in text
    assert "chờ thủ trưởng" not in text


def test_04_is_not_for_a_dossier_without_an_extension(receive, frozen):
    with pytest.raises(official.FormNotApplicable) as exc:
        official.render_form("04", receive())
    assert exc.value.message == str(official.ERR_NO_EXTENSION)


def test_05_stop_notice(p, receive, frozen):
    d = receive()
    d = dossier_stop(actor=p.leader_a, dossier=d, reason="Đối tượng không thuộc diện", at=at(1, 2))
    text = render("05", d)
    assert "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ" in text
    assert d.code in text and "Kính gửi: Nguyễn Văn Ấn" in text
    assert "Đối tượng không thuộc diện" in text
    assert "11 giờ 05 phút, ngày 03 tháng 11 năm 2026" in text


def test_05_after_a_withdrawal(p, receive, frozen):
    d = dossier_withdraw(actor=p.officer_a, dossier=receive(), reason="Đơn xin rút hồ sơ", at=at(1))
    text = render("05", d)
    assert d.code in text and "Nguyễn Văn Ấn" in text
    assert "Theo đề nghị của ông/bà" in text and "Đơn xin rút hồ sơ" in text
    assert "09 giờ 05 phút, ngày 03 tháng 11 năm 2026" in text


def test_05_is_not_for_a_dossier_in_progress(receive, frozen):
    with pytest.raises(official.FormNotApplicable) as exc:
        official.render_form("05", receive())
    assert exc.value.message == str(official.ERR_NOT_STOPPED)


def test_06_control_slip(p, receive, frozen):
    d = receive()
    d = dossier_forward(actor=p.officer_a, dossier=d, at=at(0, 2))
    d = dossier_forward(actor=p.specialist_a, dossier=d, at=at(1))
    assert "595.276 x 841.89" in pdf_info(official.render_form("06", d))  # A4
    text = render("06", d)
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in text
    assert d.code in text and "Nguyễn Văn Ấn" in text
    assert "Tiếp nhận, chuyển hồ sơ" in text and "Thẩm định hồ sơ" in text
    assert "Phê duyệt kết quả" in text
    # Table cells wrap: check the start of each hand-over time.
    assert "Giao: 09 giờ 05 phút, ngày 02" in text
    assert "Giao: 11 giờ 05 phút, ngày 02" in text
    assert "Người giao: Trần Thị Bình" in text and "Người nhận: Lê Văn Cường" in text
    assert "Đúng hạn" in text  # reception finished the same day, before its due time
    assert "Trước hạn" in text  # appraisal finished days before its due day


def test_transfer_slip_for_interagency_work(p, receive, frozen):
    d = receive()
    d = dossier_forward(actor=p.officer_a, dossier=d, at=at(0, 1))
    d = dossier_send_interagency(
        actor=p.specialist_a,
        dossier=d,
        parts=[
            InterAgencyPart(p.construction, 16, "Thẩm định thiết kế", is_lead=True),
            InterAgencyPart(p.justice, 8, "Xác minh quyền sử dụng đất"),
        ],
        at=at(0, 2),
    )
    text = render("cxl", d)
    assert "PHIẾU CHUYỂN XỬ LÝ" in text
    assert d.code in text and "Nguyễn Văn Ấn" in text
    assert f"Thời gian nhận hồ sơ: {RECEIVED}" in text
    assert "An Bình, ngày 02 tháng 11 năm 2026" in text
    assert "Cơ quan chủ trì giải quyết: Sở Xây dựng" in text
    assert "Thẩm định thiết kế" in text and "Xác minh quyền sử dụng đất" in text
    assert "Sở Tư pháp" in text
    with pytest.raises(official.FormNotApplicable):
        official.render_form("cxl", receive())


def test_unknown_forms_and_the_register_number(receive, frozen):
    d = receive()
    with pytest.raises(official.UnknownForm) as exc:
        official.render_form("99", d)
    assert "99" in exc.value.message and "01" in exc.value.message
    with pytest.raises(official.FormNotApplicable) as exc:
        official.render_form("07", d)
    assert exc.value.message == str(official.ERR_REGISTER_FORM)
    assert official.form_spec("1").number == "01"
    assert official.form_spec("CXL").number == "cxl"


def test_applicable_forms_follow_the_dossier(p, receive, frozen):
    d = receive()
    assert [s.number for s in official.applicable_forms(d)] == ["01", "06"]


def test_a_signed_form_verifies(receive, frozen, agency_key):
    data = official.render_form("01", receive(), signed=True)
    assert signing.verify_pdf(data).valid


def test_place_and_issuer(p):
    assert official.place_of(p.commune_a_point) == "An Bình"
    assert official.place_of(p.construction) == "Thử Nghiệm"
    head = official.letterhead(p.commune_a_point)
    assert head["issuer_parent"] == "Ủy ban nhân dân xã An Bình"
    assert official.letterhead(p.commune_a)["issuer_parent"] == ""
    assert official.letterhead(p.construction)["issuer_parent"] == "Ủy ban nhân dân tỉnh Thử Nghiệm"


# --- 07: the register ---------------------------------------------------------------


@pytest.fixture
def register_dossiers(p, procedure, receive, frozen):
    first = receive()
    second = receive(applicant=applicant(name="Trần Văn Bảo", id_number="001090054321"), at=at(1))
    late = receive(applicant=applicant(name="Lê Thị Hoa", id_number="001090099999"), at=at(30))
    return first, second, late


def test_07_register_for_a_period(p, register_dossiers):
    first, second, late = register_dossiers
    rows = official.register_rows(
        start=dt.date(2026, 11, 1), end=dt.date(2026, 11, 30), agency=p.commune_a
    )
    assert [r.code for r in rows] == [first.code, second.code]
    assert rows[0].order == 1 and rows[1].applicant == "Trần Văn Bảo"
    data = official.render_register(
        start=dt.date(2026, 11, 1), end=dt.date(2026, 11, 30), agency=p.commune_a
    )
    assert "841.89 x 595.276" in pdf_info(data)  # A4 landscape
    text = pdf_text(data)
    assert "SỔ THEO DÕI HỒ SƠ" in text
    assert first.code in text and second.code in text and late.code not in text
    assert "Nguyễn Văn Ấn" in text and "Trần Văn Bảo" in text
    assert "01/11/2026" in text and "30/11/2026" in text
    assert "Tổng số hồ sơ: 2" in text


def test_07_excludes_other_agencies(p, register_dossiers):
    rows = official.register_rows(
        start=dt.date(2026, 11, 1), end=dt.date(2026, 12, 31), agency=p.commune_b
    )
    assert rows == []
    text = pdf_text(
        official.render_register(
            start=dt.date(2026, 11, 1), end=dt.date(2026, 12, 31), agency=p.commune_b
        )
    )
    assert "Không có hồ sơ tiếp nhận trong kỳ" in text


def test_07_as_a_workbook(p, register_dossiers):
    first, second, _ = register_dossiers
    data = official.register_xlsx(
        start=dt.date(2026, 11, 1), end=dt.date(2026, 11, 30), agency=p.commune_a
    )
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet["A1"].value == "SỔ THEO DÕI HỒ SƠ"
    assert sheet["A3"].value == "STT" and sheet["B3"].value == "Mã hồ sơ"
    assert [sheet["B4"].value, sheet["B5"].value] == [first.code, second.code]
    assert sheet["E4"].value == "Nguyễn Văn Ấn"
    assert sheet["H4"].value == dt.datetime(2026, 11, 2, 9, 5)  # local time
    assert sheet["B6"].value is None


def test_07_period_must_be_ordered(p):
    with pytest.raises(official.FormError) as exc:
        official.register_rows(
            start=dt.date(2026, 12, 1), end=dt.date(2026, 11, 1), agency=p.commune_a
        )
    assert exc.value.message == str(official.ERR_PERIOD)


# --- the command ---------------------------------------------------------------------


def test_command_writes_a_form(receive, frozen, tmp_path):
    d = receive()
    out = tmp_path / "giay.pdf"
    call_command("render_form", "01", "--dossier", d.code, "--out", str(out))
    assert d.code in pdf_text(out.read_bytes())


def test_command_explains_what_is_wrong(receive, frozen, tmp_path):
    d = receive()
    with pytest.raises(CommandError, match="Không có biểu mẫu số"):
        call_command("render_form", "42", "--dossier", d.code, "--out", str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError, match="Không tìm thấy hồ sơ"):
        call_command("render_form", "01", "--dossier", "KHONG-CO", "--out", str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError, match=str(official.ERR_NO_EXTENSION)):
        call_command("render_form", "04", "--dossier", d.code, "--out", str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError, match="--from, --to và --agency"):
        call_command("render_form", "07", "--from", "2026-11-01")
    with pytest.raises(CommandError, match="ngày không hợp lệ"):
        call_command(
            "render_form", "07", "--from", "hôm qua", "--to", "2026-11-30", "--agency", "H99"
        )
    assert not (tmp_path / "x.pdf").exists()


def test_command_writes_the_register(p, register_dossiers, tmp_path):
    first = register_dossiers[0]
    out = tmp_path / "so.xlsx"
    call_command(
        "render_form",
        "07",
        "--from",
        "01/11/2026",
        "--to",
        "2026-11-30",
        "--agency",
        p.commune_a.code,
        "--out",
        str(out),
    )
    assert load_workbook(out).active["B4"].value == first.code
    pdf_out = tmp_path / "so.pdf"
    call_command(
        "render_form",
        "7",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
        "--agency",
        p.commune_a.code,
        "--out",
        str(pdf_out),
    )
    assert first.code in pdf_text(pdf_out.read_bytes())


def test_moment_of_receipt_is_the_frozen_clock(receive, frozen):
    assert formats.moment(receive().received_at) == RECEIVED
    assert MONDAY.hour == 9
