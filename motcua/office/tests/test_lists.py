"""Work lists, their counts in the navigation, the online queue and the end-of-day view."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.dossiers.actions.decision import dossier_approve
from motcua.dossiers.actions.endings import dossier_finish
from motcua.dossiers.actions.interagency import (
    InterAgencyPart,
    dossier_answer_interagency,
    dossier_send_interagency,
)
from motcua.dossiers.actions.steps import dossier_assign, dossier_forward
from motcua.dossiers.actions.supplements import SupplementItemSpec, dossier_request_supplement
from motcua.office import selectors
from motcua.testing import MONDAY_9, VN, applicant
from motcua.workdays import deadlines
from motcua.workdays.models import CalendarOverride
from motcua.workdays.services import override_create

pytestmark = pytest.mark.django_db


def _codes(response) -> str:
    return response.content.decode()


def test_my_tasks_follow_the_step(p, receive, login, frozen):
    d = receive()
    now = MONDAY_9
    assert list(selectors.list_mine(p.officer_a, now)) == [d]
    assert list(selectors.list_mine(p.specialist_a, now)) == []
    d = dossier_forward(actor=p.officer_a, dossier=d)
    assert list(selectors.list_mine(p.officer_a, now)) == []
    assert list(selectors.list_mine(p.specialist_a, now)) == [d]
    assert list(selectors.list_to_assign(p.unit_leader_a, now)) == [d]
    d = dossier_assign(actor=p.unit_leader_a, dossier=d, assignee=p.specialist_a)
    assert list(selectors.list_to_assign(p.unit_leader_a, now)) == []
    assert list(selectors.list_unit(p.specialist_a, now)) == [d]
    assert list(selectors.list_mine(p.officer_b, now)) == []


def test_due_overdue_and_waiting_lists(p, receive, frozen):
    d = receive()
    assert list(selectors.list_due_today(p.officer_a, MONDAY_9)) == []
    assert list(selectors.list_due_soon(p.officer_a, MONDAY_9)) == []
    thursday = MONDAY_9 + dt.timedelta(days=3, hours=1)
    assert list(selectors.list_due_soon(p.officer_a, thursday)) == [d]
    next_monday = dt.datetime(2026, 11, 9, 8, 0, tzinfo=VN)
    assert list(selectors.list_due_today(p.officer_a, next_monday)) == [d]
    late = dt.datetime(2026, 11, 9, 10, 0, tzinfo=VN)
    assert list(selectors.list_overdue(p.officer_a, late)) == [d]
    d = dossier_forward(actor=p.officer_a, dossier=d)
    dossier_request_supplement(
        actor=p.specialist_a,
        dossier=d,
        items=[SupplementItemSpec(required_document=d.procedure.documents.first())],
    )
    assert list(selectors.list_waiting(p.officer_a, MONDAY_9)) == [d]
    assert list(selectors.list_overdue(p.officer_a, late)) == []


def test_due_soon_counts_two_working_days_on_the_agencys_calendar(p, receive, frozen):
    d = receive()  # due Monday 9 November in the morning
    wednesday = dt.datetime(2026, 11, 4, 10, 0, tzinfo=VN)
    assert list(selectors.list_due_soon(p.officer_a, wednesday)) == []
    # Commune A does not work on Friday 6 November: its two working days from
    # Wednesday 10:00 end on Monday 10:00, not on Friday 10:00 as nationally.
    override_create(
        day=dt.date(2026, 11, 6),
        kind=CalendarOverride.Kind.DAY_OFF,
        reason="Nghỉ bù",
        agency=p.commune_a,
    )
    deadlines.clear_cache()
    assert list(selectors.list_due_soon(p.officer_a, wednesday)) == [d]


def test_the_list_page_filters_searches_sorts_and_pages(p, receive, login, frozen):
    first = receive()
    second = receive(applicant=applicant(name="Trần Thị Hoa", id_number="001190054321"))
    client = login(p.officer_a)
    page = _codes(client.get("/van-phong/danh-sach/viec-cua-toi/"))
    assert first.code in page and second.code in page
    page = _codes(client.get("/van-phong/danh-sach/viec-cua-toi/", {"q": "tran thi hoa"}))
    assert second.code in page and first.code not in page
    page = _codes(client.get("/van-phong/danh-sach/viec-cua-toi/", {"q": "001190054321"}))
    assert second.code in page and first.code not in page
    page = _codes(client.get("/van-phong/danh-sach/don-vi/", {"status": "4", "channel": "1"}))
    assert first.code in page
    page = _codes(client.get("/van-phong/danh-sach/don-vi/", {"status": "5"}))
    assert first.code not in page
    page = _codes(
        client.get("/van-phong/danh-sach/don-vi/", {"procedure": "1.000001", "field": "XD"})
    )
    assert first.code in page
    page = _codes(client.get("/van-phong/danh-sach/don-vi/", {"sort": "-due"}))
    assert page.index(second.code) < page.index(first.code)


def test_garbage_filters_are_ignored_not_a_500(p, receive, login, frozen):
    receive()
    client = login(p.officer_a)
    response = client.get(
        "/van-phong/danh-sach/don-vi/",
        {"status": "abc", "procedure": "không-có", "page": "x", "sort": "'; drop"},
    )
    assert response.status_code == 200
    assert client.get("/van-phong/danh-sach/khong-co/").status_code == 404


def test_the_navigation_shows_counts_with_one_query_per_list(p, receive, login, frozen, rf):
    receive()
    request = rf.get("/")
    request.user = p.officer_a
    with CaptureQueriesContext(connection) as queries:
        counts = selectors.nav_counts(request)
        selectors.nav_counts(request)
    # One COUNT per list plus the online queue; memberships are read once per user.
    assert len(queries) <= len(selectors.WORK_LISTS) + 1 + 1
    assert counts["viec-cua-toi"] == 1
    page = _codes(login(p.officer_a).get("/van-phong/"))
    assert 'class="count"' in page and "Việc của tôi" in page


def test_the_online_queue_counts_down_eight_working_hours(p, submit, login, frozen):
    d = submit()
    client = login(p.officer_a)
    page = _codes(client.get("/van-phong/truc-tuyen/"))
    assert "Nguyễn Văn An" in page and "09:00 03/11/2026" in page
    assert "1 ngày làm việc" in page
    countdown = selectors.answer_countdown(
        selectors.online_queue(p.officer_a).get(pk=d.pk), now=MONDAY_9 + dt.timedelta(days=2)
    )
    assert countdown.overdue and countdown.remaining_hours == Decimal(-8)
    frozen.move_to(MONDAY_9 + dt.timedelta(days=2))
    page = _codes(client.get("/van-phong/truc-tuyen/"))
    assert 'class="overdue"' in page and "Quá hạn" in page
    assert _codes(login(p.officer_b).get("/van-phong/truc-tuyen/")).count("Nguyễn Văn An") == 0


def test_end_of_day_groups_by_agency_and_unit(p, receive, login, frozen):
    d = receive()
    frozen.move_to(dt.datetime(2026, 11, 9, 8, 0, tzinfo=VN))
    page = _codes(login(p.officer_a).get("/van-phong/cuoi-ngay/"))
    assert d.code in page
    assert "Ủy ban nhân dân xã An Bình" in page
    assert "Trung tâm Phục vụ hành chính công xã An Bình" in page  # the unit holding it
    assert "?ban-in=1" in page  # the full list for printing
    frozen.move_to(dt.datetime(2026, 11, 9, 10, 0, tzinfo=VN))
    page = _codes(login(p.officer_a).get("/van-phong/cuoi-ngay/"))
    assert "Quá hạn: 1" in page


def test_staff_only(p, client, login):
    assert client.get("/van-phong/").status_code == 302
    login(p.citizen)
    assert client.get("/van-phong/danh-sach/viec-cua-toi/").status_code == 403


def test_the_public_navigation_links_staff_to_the_office(p, login):
    page = _codes(login(p.officer_a).get("/"))
    assert 'href="/van-phong/"' in page
    page = _codes(login(p.citizen).get("/"))
    assert 'href="/van-phong/"' not in page


def test_inter_agency_and_to_return_lists(p, receive, frozen):
    d = receive()
    d = dossier_forward(actor=p.officer_a, dossier=d, assignee=p.specialist_a)
    d = dossier_send_interagency(
        actor=p.specialist_a,
        dossier=d,
        parts=[
            InterAgencyPart(
                agency=p.commune_b, hours=16, content="Xác minh nơi cư trú", is_lead=True
            )
        ],
    )
    assert list(selectors.list_interagency_sent(p.specialist_a, MONDAY_9)) == [d]
    assert list(selectors.list_interagency_received(p.officer_b, MONDAY_9)) == [d]
    assert list(selectors.list_interagency_received(p.specialist_a, MONDAY_9)) == []
    dossier_answer_interagency(
        actor=p.officer_b, dossier=d, task=d.interagency.get(), answer="Đúng nơi cư trú"
    )
    assert list(selectors.list_interagency_sent(p.specialist_a, MONDAY_9)) == []
    d.refresh_from_db()
    d = dossier_approve(actor=p.leader_a, dossier=d)
    d = dossier_finish(actor=p.leader_a, dossier=d)
    assert list(selectors.list_to_return(p.officer_a, MONDAY_9)) == [d]
    assert list(selectors.list_to_return(p.specialist_a, MONDAY_9)) == []


def test_end_of_day_counts_pages_and_prints_in_full(p, receive, login, frozen, monkeypatch):
    from motcua.office import views

    monkeypatch.setattr(views, "END_OF_DAY_PER_PAGE", 1)
    first, second = receive(), receive()
    frozen.move_to(dt.datetime(2026, 11, 9, 10, 0, tzinfo=VN))
    client = login(p.officer_a)
    page = _codes(client.get("/van-phong/cuoi-ngay/"))
    assert "Đến hạn hôm nay: 0 — Quá hạn: 2" in page
    assert (first.code in page) != (second.code in page)  # one per page
    assert 'rel="next"' in page
    full = _codes(client.get("/van-phong/cuoi-ngay/?ban-in=1"))
    assert first.code in full and second.code in full and "data-print" in full
    assert 'rel="next"' not in full
    assert client.get("/van-phong/cuoi-ngay/?page=abc").status_code == 200
