"""Journey: the complaint lifecycle in a browser — a citizen files, staff answer and
publish, the citizen reads the answer and rates it."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from motcua.feedback.models import Feedback, FeedbackStatus
from motcua.testing import Province

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
    tab.on("dialog", lambda dialog: dialog.accept())  # the data-confirm questions
    return context, tab


def test_the_complaint_lifecycle(page, browser, live_server):
    province = Province.build()

    # A citizen files a complaint about commune A and gets a tracking code.
    page.goto(page.base_url + "/phan-anh/")
    page.click("text=Gửi phản ánh, kiến nghị")
    page.check("input[name=subject_kind][value=agency]")
    page.select_option("select[name=agency]", str(province.commune_a.pk))
    page.fill("input[name=title]", "Chờ quá lâu tại bộ phận một cửa")
    page.fill("textarea[name=content]", "Tôi chờ hai giờ mà chưa được tiếp nhận hồ sơ.")
    page.fill("input[name=filer_name]", "Lê Thị Cúc")
    page.fill("input[name=filer_phone]", "0911222333")
    page.click("button:has-text('Gửi phản ánh')")
    page.wait_for_url("**/phan-anh/da-gui/")
    code = page.inner_text("#feedback-code").strip()
    assert Feedback.objects.get(code=code).status == FeedbackStatus.RECEIVED

    # The leader of commune A answers and publishes, confirming each action.
    context, staff = _staff_tab(browser, live_server, province.leader_a)
    staff.goto(live_server.url + "/van-phong/phan-anh/")
    staff.click(f"text={code}")
    staff.fill("textarea[name=answer]", "Xã đã bố trí thêm một quầy tiếp nhận.")
    staff.click("button:has-text('Lưu trả lời')")
    staff.wait_for_selector("text=Đã lưu trả lời")
    staff.click("button:has-text('Công khai')")
    staff.wait_for_selector("text=Đã công khai trả lời.")
    context.close()

    # The citizen tracks the code, reads the public answer and rates it.
    page.goto(page.base_url + "/phan-anh/")
    page.fill("#ma", code.lower())
    page.press("#ma", "Enter")
    page.wait_for_selector("text=Đã công khai trả lời")
    page.click("text=Xem trả lời đã công khai")
    assert "Xã đã bố trí thêm một quầy tiếp nhận." in page.inner_text("main")
    assert "0911222333" not in page.content()
    assert "Lê Thị Cúc" not in page.content()
    page.click("button[name=value][value='1']")
    page.wait_for_selector("text=Ông/bà đã chọn: hài lòng.")
    assert Feedback.objects.with_votes().get(code=code).likes == 1


def test_the_feedback_pages_fit_a_phone(mobile_page):
    from motcua.feedback.tests.factories import published

    province = Province.build()
    feedback = published(province)
    for path in ("/phan-anh/", "/phan-anh/gui/", f"/phan-anh/{feedback.code}/"):
        mobile_page.goto(mobile_page.base_url + path)
        assert mobile_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
            path
        )
