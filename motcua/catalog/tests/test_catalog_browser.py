"""Journey: a citizen finds a procedure and reads it, on a desktop and on a phone."""

import pytest

from motcua.accounts.roles import Role
from motcua.catalog.models import Field, OnlineMode
from motcua.testing import make_agency, make_procedure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def catalog():
    province = make_agency("H99", "UBND tỉnh Thử Nghiệm", "tinh")
    construction = make_agency("H99.20", "Sở Xây dựng", "so", province)
    xd = Field.objects.create(code="XD", name="Hoạt động xây dựng")
    ht = Field.objects.create(code="HT", name="Hộ tịch")
    make_procedure(
        "1.013236",
        "Cấp giấy phép xây dựng mới công trình cấp đặc biệt, cấp I, cấp II",
        field=xd,
        days=15,
        online_mode=OnlineMode.FULL,
        agencies=[construction],
        steps=[
            ("Tiếp nhận hồ sơ", Role.RECEIVING_OFFICER, None, 4),
            ("Thẩm định hồ sơ", Role.SPECIALIST, construction, 100),
            ("Phê duyệt, ký giấy phép", Role.AGENCY_LEADER, construction, 12),
            ("Trả kết quả", Role.RECEIVING_OFFICER, None, 4),
        ],
    )
    make_procedure("1.001193", "Thủ tục đăng ký khai sinh", field=ht, days=1)


def test_search_without_reloading_then_read_the_flowchart(page, catalog):
    page.goto(page.base_url + "/thu-tuc/")
    assert "2 thủ tục" in page.locator("#results").inner_text()
    page.fill("#q", "giay phep xay dung")
    page.keyboard.press("Enter")
    page.wait_for_selector("#results:has-text('Tìm thấy 1 thủ tục')")
    assert "q=giay%20phep%20xay%20dung" in page.url  # the address can be shared and bookmarked
    page.click("text=Cấp giấy phép xây dựng mới công trình")
    page.wait_for_url("**/thu-tuc/1.013236/")
    chart = page.locator("svg.flowchart")
    assert chart.is_visible()
    assert "Phê duyệt, ký giấy phép" in chart.inner_html()
    assert page.locator("a:has-text('Nộp trực tuyến')").is_visible()


def test_the_catalog_works_on_a_phone(mobile_page, catalog):
    mobile_page.goto(mobile_page.base_url + "/thu-tuc/?field=HT")
    assert "Thủ tục đăng ký khai sinh" in mobile_page.inner_text("#results")
    # Nothing wider than the screen: no sideways scrolling on phones.
    assert mobile_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    mobile_page.keyboard.press("Tab")
    focused = mobile_page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
