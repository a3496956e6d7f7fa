"""Journeys in a browser, desktop and phone: register → submit online with uploads →
the officer accepts in the office UI → result → rating; and the public lookup."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client

from motcua.accounts.models import User
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import Status
from motcua.feedback.models import Rating
from motcua.portal.tests.conftest import PDF, PNG, finish, result_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
VIEWPORTS = ["page", "mobile_page"]


def _staff_tab(browser, live_server, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    context.set_default_timeout(10_000)
    host = live_server.url.split("//", 1)[1].split(":")[0]
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "domain": host,
                "path": "/",
            }
        ]
    )
    tab = context.new_page()
    tab.on("dialog", lambda dialog: dialog.accept())
    return context, tab


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_register_submit_accept_result_and_rate(
    request, viewport, browser, live_server, p, procedure
):
    page = request.getfixturevalue(viewport)
    page.on("dialog", lambda dialog: dialog.accept())

    # A new citizen registers and verifies the e-mail address.
    page.goto(page.base_url + "/tai-khoan/dang-ky/")
    page.check("input[name=kind][value=citizen]")
    page.fill("input[name=full_name]", "Phạm Thị Hoa")
    page.fill("input[name=id_number]", "001185012345")
    page.fill("input[name=email]", "hoa@example.vn")
    page.fill("input[name=phone]", "0987654321")
    page.fill("input[name=password1]", "mot-mat-khau-dai-2026")
    page.fill("input[name=password2]", "mot-mat-khau-dai-2026")
    page.check("input[name=consent]")
    page.click("form button[type=submit]:has-text('Đăng ký')")
    page.wait_for_url("**/tai-khoan/ho-so/")
    link = re.search(r"/tai-khoan/xac-thuc-thu/[^\s/]+/", mail.outbox[-1].body).group(0)
    page.goto(page.base_url + link)
    assert User.objects.get(email="hoa@example.vn").email_verified

    # From the procedure page to the online form, filled from the profile.
    page.goto(page.base_url + procedure.get_absolute_url())
    page.click("a:has-text('Nộp trực tuyến')")
    page.wait_for_url("**/nop-truc-tuyen/nhap/*/")
    assert page.input_value("input[name=name]") == "Phạm Thị Hoa"
    assert page.input_value("input[name=id_number]") == "001185012345"
    page.fill("textarea[name=summary]", "Xây nhà ở hai tầng")
    application, drawing = procedure.documents.order_by("order")

    # A fake PDF is refused; what was typed stays.
    page.set_input_files(
        f"#id_doc_{application.pk}",
        files=[{"name": "don.pdf", "mimeType": "application/pdf", "buffer": b"MZ not a pdf"}],
    )
    page.click("button:has-text('Lưu và xem lại')")
    assert "không phải là tệp PDF, JPG hoặc PNG hợp lệ" in page.inner_text("main")
    assert page.input_value("textarea[name=summary]") == "Xây nhà ở hai tầng"

    page.set_input_files(
        f"#id_doc_{application.pk}",
        files=[{"name": "don.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    page.set_input_files(
        f"#id_doc_{drawing.pk}",
        files=[{"name": "ban-ve.png", "mimeType": "image/png", "buffer": PNG}],
    )
    page.click("button:has-text('Lưu và xem lại')")
    page.wait_for_url("**/xem-lai/")
    main = page.inner_text("main")
    assert "don.pdf" in main and "ban-ve.png" in main and "75.000 đồng" in main
    page.click("button:has-text('Nộp hồ sơ')")
    page.wait_for_url("**/ca-nhan/ho-so/*/")
    assert "Đã nộp hồ sơ trực tuyến" in page.inner_text("main")
    dossier = Dossier.objects.get()
    assert dossier.status == Status.NEW and dossier.attachments.count() == 2

    # The receiving officer accepts it in the office.
    context, staff = _staff_tab(browser, live_server, p.officer_a)
    staff.goto(live_server.url + f"/van-phong/ho-so/{dossier.pk}/")
    details = staff.locator(
        "details.action", has=staff.locator("summary:text-is('Tiếp nhận hồ sơ')")
    )
    details.locator("summary").click()
    details.locator("button[type=submit]").click()
    staff.wait_for_load_state()
    context.close()
    dossier.refresh_from_db()
    assert dossier.status == Status.PROCESSING and dossier.code

    # Processing to the result (covered page by page by the office journey).
    finish(p, dossier, result=result_pdf())

    # The citizen sees the result, downloads it and rates the service.
    page.click("nav.main-nav >> text=Hồ sơ của tôi")
    page.click(f"text={dossier.procedure.name}")
    assert "Đã xử lý xong" in page.inner_text("main")
    with page.expect_download() as download:
        page.click("a:has-text('Tải kết quả điện tử')")
    assert download.value.suggested_filename == f"ket-qua-{dossier.code}.pdf"
    page.click("a:has-text('Đánh giá mức độ hài lòng')")
    for radio in page.locator("input[type=radio][value='3']").all():
        radio.check()
    page.locator("input[name=attitude_score][value='2']").check()
    page.fill("textarea[name=comment]", "Nhanh, rõ ràng")
    page.click("button:has-text('Gửi đánh giá')")
    page.wait_for_url(f"**/ca-nhan/ho-so/{dossier.pk}/")
    assert "Cảm ơn bạn đã đánh giá" in page.inner_text("main")
    rating = Rating.objects.get(dossier=dossier)
    assert rating.attitude_score == 2 and p.officer_a in rating.officers.all()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_lookup_right_factor_wrong_factor_unknown_code(request, viewport, p, online):
    page = request.getfixturevalue(viewport)
    dossier = online()

    def look(code: str, factor: str) -> str:
        page.goto(page.base_url + "/")
        page.click("nav.main-nav >> text=Tra cứu hồ sơ")
        page.fill("input[name=ma]", code)
        page.fill("input[name=so]", factor)
        page.keyboard.press("Enter")
        page.wait_for_selector("#ket-qua")
        return page.inner_text("main")

    found = look(f" {dossier.code.lower()} ", "5678")
    assert dossier.code in found and "Đang xử lý" in found and "Hẹn trả kết quả" in found
    assert "Nguyễn Văn An" not in found and "0912345678" not in found
    wrong = look(dossier.code, "0000")
    unknown = look("H99.50.01.1-261231-0042", "5678")
    assert "Không tìm thấy hồ sơ phù hợp" in wrong
    assert (
        wrong.split("Tra cứu", 1)[-1].split("\n")[-1]
        == unknown.split("Tra cứu", 1)[-1].split("\n")[-1]
    )
    assert "Kết quả tra cứu" not in wrong and "Kết quả tra cứu" not in unknown
