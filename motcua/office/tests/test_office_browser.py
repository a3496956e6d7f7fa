"""Journeys in Debian's Chromium: counter intake → specialist → leader → return; the
supplement path; the apology and extension path. The official forms are fetched as the
officer would print them and read with pdftotext."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.utils import timezone

from motcua.dossiers.actions.attachments import DocumentFile, dossier_attach
from motcua.dossiers.actions.steps import dossier_forward
from motcua.dossiers.models import Dossier, Status
from motcua.office.tests.conftest import ID_NUMBER, procedure_with_documents
from motcua.testing import PASSWORD, Province, receive_dossier

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def login(page, user) -> None:
    page.context.clear_cookies()
    page.goto(page.base_url + "/tai-khoan/dang-nhap/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert "/dang-nhap/" not in page.url, page.inner_text("main")


def act(page, label: str, fill=None) -> None:
    """Open an action on the dossier page, fill its form and confirm it."""
    details = page.locator("details.action", has=page.locator(f"summary:text-is('{label}')"))
    details.locator("summary").click()
    if fill:
        fill(details)
    details.locator("button[type=submit]").click()
    page.wait_for_load_state()


def status_text(page) -> str:
    return page.inner_text("#dossier-status")


def pdf_text(page, url: str) -> str:
    # WeasyPrint takes a few seconds per form on a busy machine.
    response = page.request.get(page.base_url + url, timeout=120_000)
    assert response.status == 200, f"{url}: {response.status}"
    assert response.headers["content-type"].startswith("application/pdf")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "form.pdf"
        path.write_bytes(response.body())
        out = subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
        )
    return re.sub(r"\s+", " ", out.stdout)


def check_form(page, dossier: Dossier, number: str, *texts: str, moments=()) -> str:
    """The form's PDF (served by the paperwork app) names the dossier, the applicant,
    the given texts and the given dates."""
    text = pdf_text(page, f"/van-phong/ho-so/{dossier.code}/mau/{number}.pdf")
    for expected in (dossier.code, dossier.applicant_name, *texts):
        assert expected in text, f"mẫu {number}: “{expected}” not in {text[:600]}"
    for moment in moments:
        assert dates_in(text, moment), f"mẫu {number}: {day(moment)} not in {text[:600]}"
    return text


def day(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y")


def long_day(moment: dt.datetime) -> str:
    """ "ngày 05 tháng 02 năm 2026" wording of official documents."""
    local = timezone.localtime(moment)
    month = f"{local.month:02d}" if local.month <= 2 else str(local.month)
    return f"ngày {local.day:02d} tháng {month} năm {local.year}"


def dates_in(text: str, moment: dt.datetime) -> bool:
    return day(moment) in text or long_day(moment) in text


@pytest.fixture
def office(page):
    page.on("dialog", lambda dialog: dialog.accept())  # the data-confirm questions
    p = Province.build()
    return p, procedure_with_documents(p)


def test_counter_intake_then_specialist_leader_and_return(page, office):
    p, procedure = office
    login(page, p.officer_a)
    page.click("nav.main-nav >> text=Văn phòng")
    page.click("nav.main-nav >> text=Tiếp nhận")
    page.fill("#q", "giay phep xay dung nha o")
    page.keyboard.press("Enter")
    page.click("#procedure-results button:has-text('Cấp giấy phép xây dựng nhà ở riêng lẻ')")
    page.wait_for_url("**/tiep-nhan/nguoi-nop/")
    page.fill("input[name=id_number]", ID_NUMBER)
    page.fill("input[name=name]", "Nguyễn Văn An")
    page.fill("input[name=birth_date]", "1990-05-17")
    page.fill("input[name=phone]", "0912345678")
    page.fill("input[name=address]", "Thôn 1, xã An Bình")
    page.click("button:has-text('Tiếp tục: giấy tờ')")
    page.wait_for_url("**/tiep-nhan/giay-to/")

    # Forgetting the mandatory application keeps the uploaded drawing.
    drawing = procedure.documents.get(order=2)
    form = procedure.documents.get(order=1)
    page.set_input_files(
        f"#doc-{drawing.pk}-file",
        files=[{"name": "ban-ve.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    page.click("button:has-text('Tiếp tục: nhận kết quả')")
    assert "Hồ sơ còn thiếu giấy tờ bắt buộc" in page.inner_text("main")
    assert "ban-ve.pdf" in page.inner_text("main")
    page.check(f"#doc-{form.pk}-submitted")
    page.set_input_files(
        f"#doc-{form.pk}-file",
        files=[{"name": "don.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    page.click("button:has-text('Tiếp tục: nhận kết quả')")
    page.wait_for_url("**/tiep-nhan/nhan-ket-qua/")
    assert "75.000 đồng" in page.inner_text("main")
    page.check("input[name=delivery_method][value=counter]")
    page.click("button:has-text('Tiếp tục: xác nhận')")
    page.wait_for_url("**/tiep-nhan/xac-nhan/")
    assert "don.pdf" in page.inner_text("main") and "ban-ve.pdf" in page.inner_text("main")
    page.click("button:has-text('Tiếp nhận hồ sơ')")
    page.wait_for_url("**/tiep-nhan/xong/*/")
    dossier = Dossier.objects.get()
    assert page.inner_text("#new-code") == dossier.code
    assert (
        page.get_attribute("#print-form", "href") == f"/van-phong/ho-so/{dossier.code}/mau/01.pdf"
    )
    check_form(page, dossier, "01", moments=(dossier.received_at, dossier.due_at))

    # The officer hands it to the specialist.
    page.click("text=Xem hồ sơ")
    assert dossier.applicant_name in page.inner_text("#applicant-name")
    act(
        page,
        "Chuyển bước tiếp theo",
        lambda f: f.locator("select").select_option(str(p.specialist_a.pk)),
    )
    assert "Đã thực hiện: Chuyển bước tiếp theo." in page.inner_text("main")

    # The specialist finds it in "my tasks" and sends it to the leader.
    login(page, p.specialist_a)
    page.goto(page.base_url + "/van-phong/")
    page.click("nav.main-nav >> text=Việc của tôi")
    page.click(f"text={dossier.code}")
    assert "Phê duyệt kết quả" not in [
        s.inner_text() for s in page.locator("details.action summary").all()
    ]
    act(page, "Chuyển bước tiếp theo")

    # The leader approves and passes it back to the counter.
    login(page, p.leader_a)
    page.goto(page.base_url + "/van-phong/danh-sach/viec-cua-toi/")
    page.click(f"text={dossier.code}")
    act(page, "Phê duyệt kết quả", lambda f: f.locator("textarea").fill("Đủ điều kiện cấp phép."))
    act(page, "Chuyển bước tiếp theo")

    # The counter finishes and returns the result.
    login(page, p.officer_a)
    page.goto(page.base_url + f"/van-phong/ho-so/{dossier.pk}/")
    act(page, "Kết thúc xử lý")
    assert status_text(page) == "Đã xử lý xong"
    act(page, "Trả kết quả")
    assert status_text(page) == "Đã trả kết quả"
    timeline = page.inner_text("ol.timeline")
    for line in ("Tiếp nhận hồ sơ", "Phê duyệt kết quả", "Xử lý xong", "Trả kết quả"):
        assert line in timeline
    dossier.refresh_from_db()
    assert dossier.status == Status.RETURNED
    check_form(page, dossier, "06", moments=(dossier.received_at, dossier.returned_at))


def test_the_supplement_path(page, office):
    p, procedure = office
    dossier = receive_dossier(p, procedure)
    dossier = dossier_forward(actor=p.officer_a, dossier=dossier, assignee=p.specialist_a)

    login(page, p.specialist_a)
    page.goto(page.base_url + f"/van-phong/ho-so/{dossier.pk}/")
    details = page.locator("details#action-request_supplement")
    details.locator("summary").click()
    # Nothing chosen: a clear message and the guidance typed is kept.
    details.locator("textarea[name=request_supplement-reason]").fill("Bản vẽ thiếu mặt cắt.")
    details.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "Vui lòng chọn giấy tờ cần bổ sung" in page.inner_text("main")
    details = page.locator("details#action-request_supplement")
    assert details.locator("textarea[name=request_supplement-reason]").input_value() == (
        "Bản vẽ thiếu mặt cắt."
    )
    details.locator("label:has-text('Bản vẽ thiết kế')").click()
    details.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert status_text(page) == "Yêu cầu bổ sung"
    assert "chờ người nộp bổ sung" in page.inner_text("main")
    dossier.refresh_from_db()
    requested = dossier.supplements.get().requested_at
    check_form(page, dossier, "02", "Bản vẽ thiết kế", moments=(requested,))

    # The applicant brings the drawing to the counter.
    login(page, p.officer_a)
    page.goto(page.base_url + "/van-phong/danh-sach/cho-cong-dan/")
    page.click(f"text={dossier.code}")
    act(
        page,
        "Nhận hồ sơ bổ sung",
        lambda f: f.locator("input[type=file]").set_input_files(
            files=[{"name": "ban-ve-moi.pdf", "mimeType": "application/pdf", "buffer": PDF}]
        ),
    )
    assert status_text(page) == "Đang xử lý"
    assert "ban-ve-moi.pdf" in page.inner_text("main")
    dossier.refresh_from_db()
    assert dossier.status == Status.PROCESSING and dossier.due_at is not None
    assert page.inner_text("#due-at") == timezone.localtime(dossier.due_at).strftime(
        "%H:%M %d/%m/%Y"
    )


def test_the_apology_and_extension_path(page, office):
    p, procedure = office
    dossier = receive_dossier(p, procedure)
    dossier = dossier_forward(actor=p.officer_a, dossier=dossier, assignee=p.specialist_a)
    new_due = timezone.localtime(dossier.due_at + dt.timedelta(days=7)).replace(
        hour=16, minute=30, second=0, microsecond=0
    )

    login(page, p.specialist_a)
    page.goto(page.base_url + f"/van-phong/ho-so/{dossier.pk}/")

    def propose(form):
        form.locator("input[name=propose_extension-new_due_at]").fill(
            new_due.strftime("%Y-%m-%dT%H:%M")
        )
        form.locator("textarea[name=propose_extension-reason]").fill(
            "Phải chờ kết quả đo đạc hiện trạng."
        )

    act(page, "Xin lỗi, đề nghị gia hạn", propose)
    assert "Chờ duyệt" in page.inner_text("main")
    assert page.locator("details#action-propose_extension").count() == 0

    # Before the leader decides, another tab of the specialist is stale.
    login(page, p.leader_a)
    page.goto(page.base_url + f"/van-phong/ho-so/{dossier.pk}/")
    dossier_attach(
        actor=p.officer_a,
        dossier=dossier,
        documents=[DocumentFile(file=_upload("bien-ban.pdf"))],
    )
    act(page, "Duyệt gia hạn", lambda f: f.locator("textarea").fill("Đồng ý gia hạn."))
    assert "Hồ sơ vừa được người khác cập nhật" in page.inner_text("main")
    form = page.locator("details#action-decide_extension")
    assert form.get_attribute("open") is not None
    assert form.locator("textarea").input_value() == "Đồng ý gia hạn."
    assert "bien-ban.pdf" in page.inner_text("main")  # the page now shows the new state
    # Having read it, the leader sends the same decision again.
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "Đã duyệt" in page.inner_text("main")
    assert page.inner_text("#due-at") == new_due.strftime("%H:%M %d/%m/%Y")
    dossier.refresh_from_db()
    assert dossier.extension_count == 1 and dossier.due_at == new_due
    extension = dossier.extensions.get()
    check_form(
        page,
        dossier,
        "04",
        "Phải chờ kết quả đo đạc hiện trạng.",
        moments=(extension.previous_due_at, new_due),
    )


def _upload(name: str):
    from django.core.files.base import ContentFile

    return ContentFile(PDF, name=name)


def test_a_supplement_asked_at_the_counter_then_acceptance(page, office):
    p, procedure = office
    login(page, p.officer_a)
    page.goto(page.base_url + "/van-phong/tiep-nhan/")
    page.fill("#id_code", procedure.code)
    page.click("button:has-text('Chọn thủ tục')")
    page.wait_for_url("**/tiep-nhan/nguoi-nop/")
    page.fill("input[name=id_number]", ID_NUMBER)
    page.click("button:has-text('Tìm người nộp cũ')")
    assert "Chưa có hồ sơ nào của số định danh này" in page.inner_text("main")
    assert page.input_value("input[name=id_number]") == ID_NUMBER
    page.fill("input[name=name]", "Nguyễn Văn An")
    page.click("button:has-text('Tiếp tục: giấy tờ')")
    page.click("button:has-text('Lập phiếu yêu cầu bổ sung')")
    page.wait_for_url("**/tiep-nhan/bo-sung/")
    # The missing mandatory application is already ticked.
    assert page.locator("input[name=documents]:checked").count() == 1
    page.fill("textarea[name=reason]", "Đơn phải có chữ ký của người đề nghị.")
    page.click("button:has-text('Lập phiếu yêu cầu bổ sung')")
    page.wait_for_url("**/tiep-nhan/xong/*/")
    dossier = Dossier.objects.get()
    assert dossier.status == Status.SUPPLEMENT and not dossier.code
    href = page.get_attribute("#print-form", "href")
    assert href == f"/van-phong/ho-so/so/{dossier.pk}/mau/02.pdf"
    text = pdf_text(page, href)
    assert "Nguyễn Văn An" in text and "Đơn đề nghị cấp giấy phép" in text
    assert dates_in(text, dossier.supplements.get().requested_at)

    # The applicant comes back with the signed application; the officer accepts.
    page.click("text=Xem hồ sơ")
    act(
        page,
        "Nhận hồ sơ bổ sung",
        lambda f: f.locator("input[type=file]").set_input_files(
            files=[{"name": "don-co-chu-ky.pdf", "mimeType": "application/pdf", "buffer": PDF}]
        ),
    )
    assert status_text(page) == "Mới đăng ký"
    act(page, "Tiếp nhận hồ sơ")
    assert status_text(page) == "Đang xử lý"
    dossier.refresh_from_db()
    assert dossier.code in page.inner_text("h1")
    check_form(page, dossier, "01", moments=(dossier.received_at, dossier.due_at))
