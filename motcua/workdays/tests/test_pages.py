"""The public year page and the admin year view."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from motcua.testing import Province
from motcua.workdays import services
from motcua.workdays.models import CalendarOverride

pytestmark = pytest.mark.django_db
NOW = "2026-11-23 10:00 +07:00"


@pytest.fixture
def p() -> Province:
    return Province.build()


@time_machine.travel(NOW, tick=False)
def test_the_calendar_redirects_to_the_current_year(client):
    response = client.get("/lich-lam-viec/")
    assert response.status_code == 302
    assert response["Location"] == "/lich-lam-viec/2026/"


@time_machine.travel(NOW, tick=False)
def test_the_year_page_shows_holidays_swaps_and_overrides(client):
    services.override_create(
        day=date(2026, 12, 31), kind=CalendarOverride.Kind.DAY_OFF, reason="Nghỉ cuối năm"
    )
    response = client.get("/lich-lam-viec/2026/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lịch làm việc năm 2026" in html
    for text in (
        "Tết Nguyên Đán",
        "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)",
        "Ngày Chiến thắng",
        "Quốc khánh",
        "Ngày Văn hóa Việt Nam",
        "Thứ Bảy làm việc bù",
        "Ngày nghỉ bù",
        "Ngày nghỉ lễ, Tết",
        "Nghỉ cuối năm",
        "Ngày nghỉ do quản trị điều chỉnh",
    ):
        assert text in html, text
    assert html.count('<table class="wd-month">') == 12
    assert '<th scope="col"><abbr title="Thứ Hai">T2</abbr></th>' in html
    assert 'href="/lich-lam-viec/2025/"' in html and 'href="/lich-lam-viec/2027/"' in html
    assert "data-print" in html


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("year", ["1990", "2032", "0", "20266"])
def test_years_out_of_range_are_not_found(client, year):
    assert client.get(f"/lich-lam-viec/{year}/").status_code == 404


@time_machine.travel(NOW, tick=False)
def test_garbage_is_not_found(client):
    assert client.get("/lich-lam-viec/abc/").status_code == 404
    assert client.get("/lich-lam-viec/2026/?co-quan=KHONG-CO").status_code == 404


@time_machine.travel(NOW, tick=False)
def test_the_edges_of_the_range_have_no_link_beyond(client):
    html = client.get("/lich-lam-viec/2031/").content.decode()
    assert 'href="/lich-lam-viec/2032/"' not in html
    assert 'href="/lich-lam-viec/2030/"' in html


@time_machine.travel(NOW, tick=False)
def test_an_agency_calendar_is_shown_to_citizens(client, p):
    services.override_create(
        day=date(2026, 3, 10),
        kind=CalendarOverride.Kind.DAY_OFF,
        reason="Kỷ niệm ngày giải phóng tỉnh",
        agency=p.province,
    )
    html = client.get("/lich-lam-viec/2026/?co-quan=H99.50.01").content.decode()
    assert "Kỷ niệm ngày giải phóng tỉnh" in html
    assert "Ủy ban nhân dân xã An Bình" in html
    assert "Kỷ niệm ngày giải phóng tỉnh" not in client.get("/lich-lam-viec/2026/").content.decode()


@time_machine.travel(NOW, tick=False)
def test_the_admin_year_view_links_days_to_overrides(client, p):
    override = services.override_create(
        day=date(2026, 12, 31), kind=CalendarOverride.Kind.DAY_OFF, reason="Nghỉ cuối năm"
    )
    client.force_login(p.admin)
    changelist = client.get(reverse("admin:workdays_calendaroverride_changelist"))
    assert changelist.status_code == 200
    assert reverse("admin:workdays_calendaroverride_year_current") in changelist.content.decode()
    response = client.get(reverse("admin:workdays_calendaroverride_year", args=[2026]))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("admin:workdays_calendaroverride_change", args=[override.pk]) in html
    assert reverse("admin:workdays_calendaroverride_add") + "?date=2026-08-22&amp;kind=off" in html
    assert (
        client.get(
            reverse("admin:workdays_calendaroverride_year", args=[2026]) + "?agency=abc"
        ).status_code
        == 404
    )


@time_machine.travel(NOW, tick=False)
def test_the_admin_adds_and_removes_overrides_through_the_services(client, p):
    client.force_login(p.admin)
    add = reverse("admin:workdays_calendaroverride_add")
    response = client.post(
        add, {"date": "2027-05-04", "kind": "off", "reason": "Hoán đổi 2027", "sessions": ""}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    override = CalendarOverride.objects.get(date=date(2027, 5, 4))
    assert override.created_by == p.admin
    from motcua.workdays import deadlines

    assert not deadlines.is_working_day(date(2027, 5, 4))
    # A second one for the same date is a form error, not a 500.
    response = client.post(
        add, {"date": "2027-05-04", "kind": "work", "reason": "Trùng", "sessions": ""}
    )
    assert response.status_code == 200
    assert "đã có điều chỉnh" in response.content.decode()
    response = client.post(
        reverse("admin:workdays_calendaroverride_delete", args=[override.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert deadlines.is_working_day(date(2027, 5, 4))


@time_machine.travel(NOW, tick=False)
def test_an_officer_cannot_open_the_calendar_admin(client, p):
    client.force_login(p.officer_a)
    response = client.get(reverse("admin:workdays_calendaroverride_year", args=[2026]))
    assert response.status_code == 302  # to the admin login


@time_machine.travel(NOW, tick=False)
def test_the_admin_sets_office_hours_of_an_agency(client, p):
    from motcua.workdays import deadlines
    from motcua.workdays.models import AgencyCalendar

    client.force_login(p.admin)
    data = {
        "agency": p.commune_a.pk,
        "monday": "07:30-11:30, 13:30-17:00",
        "tuesday": "07:30-11:30, 13:30-17:00",
        "wednesday": "07:30-11:30, 13:30-17:00",
        "thursday": "07:30-11:30, 13:30-17:00",
        "friday": "07:30-11:30, 13:30-17:00",
        "saturday": "7h30-11h30",
        "sunday": "",
        "cutoff": "16:00",
        "note": "",
    }
    response = client.post(reverse("admin:workdays_agencycalendar_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    row = AgencyCalendar.objects.get(agency=p.commune_a)
    assert row.saturday == "07:30-11:30"
    assert deadlines.is_working_day(date(2026, 11, 28), agency=p.commune_a_point)
    bad = client.post(
        reverse("admin:workdays_agencycalendar_change", args=[row.pk]),
        {**data, "saturday": "sáng thứ Bảy"},
    )
    assert bad.status_code == 200
    assert "không hợp lệ" in bad.content.decode()


@time_machine.travel(NOW, tick=False)
def test_the_year_page_reads_in_english(client, settings):
    services.override_create(
        day=date(2026, 12, 31), kind=CalendarOverride.Kind.DAY_OFF, reason="Nghỉ cuối năm"
    )
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("vi"):  # the middleware leaves English active after the request
        html = client.get("/lich-lam-viec/2026/").content.decode()
    for text in (
        "Month 1 / 2026",
        "Lunar New Year",
        "Hung Kings&#x27; Commemoration Day (observed)",
        "National Day",
        'title="Sunday"',
        "Nghỉ cuối năm",  # typed by the administrator, shown as typed
    ):
        assert text in html, text
    for text in ("Tháng 1", "Tết Nguyên Đán", "Quốc khánh", 'title="Chủ nhật"'):
        assert text not in html, text
