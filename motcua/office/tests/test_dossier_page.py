"""The dossier page: what it shows, the actions offered, and every way an action fails."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.base import ContentFile

from motcua.dossiers.actions.attachments import DocumentFile
from motcua.dossiers.actions.decision import dossier_refuse
from motcua.dossiers.actions.endings import dossier_stop, dossier_withdraw
from motcua.dossiers.actions.extensions import (
    ERR_EXTENSION_TOO_LATE,
    dossier_decide_extension,
    dossier_propose_extension,
)
from motcua.dossiers.actions.registry import available_actions
from motcua.dossiers.actions.steps import dossier_forward
from motcua.dossiers.models import EventAction, Status
from motcua.office import views
from motcua.testing import MONDAY_9

pytestmark = pytest.mark.django_db


def _keys(user, dossier):
    return [a.key for a in available_actions(user, dossier)]


def test_the_page_shows_applicant_process_time_and_history(p, receive, login, frozen):
    d = receive()
    page = login(p.officer_a).get(f"/van-phong/ho-so/{d.pk}/").content.decode()
    assert d.code in page and "Nguyễn Văn An" in page
    assert "Thẩm định hồ sơ" in page and "Phê duyệt kết quả" in page
    assert "Cách tính hạn trả kết quả" in page
    assert "Hạn trả kết quả: 09:00 thứ hai, 09/11/2026." in page
    assert "5 ngày làm việc" in page  # remaining working time
    assert "Tiếp nhận hồ sơ" in page  # the event
    assert "/mau/01.pdf" in page


def test_only_the_actions_this_user_may_take_now(p, receive, frozen):
    d = receive()
    assert _keys(p.officer_a, d)[:1] == ["forward"]
    assert "approve" not in _keys(p.officer_a, d)
    assert "forward" not in _keys(p.specialist_a, d)
    d = dossier_forward(actor=p.officer_a, dossier=d)
    assert "forward" in _keys(p.specialist_a, d)
    assert "approve" in _keys(p.leader_a, d)
    assert "approve" not in _keys(p.specialist_a, d)
    assert _keys(p.inspector, d) == []


def test_a_new_online_dossier_offers_the_reception_choices(p, submit, login, frozen):
    d = submit()
    assert _keys(p.officer_a, d)[:3] == ["accept", "request_supplement", "refuse_reception"]
    page = login(p.officer_a).get(f"/van-phong/ho-so/{d.pk}/").content.decode()
    assert "Hạn tiếp nhận hoặc yêu cầu bổ sung" in page and "09:00 03/11/2026" in page


def test_forwarding_through_the_page(p, receive, login, frozen):
    d = receive()
    client = login(p.officer_a)
    response = client.post(
        f"/van-phong/ho-so/{d.pk}/thao-tac/forward/",
        {"forward-version": d.version, "forward-assignee": p.specialist_a.pk, "forward-note": "OK"},
    )
    assert response.status_code == 302
    d.refresh_from_db()
    assert d.current_step.order == 2 and d.assignee == p.specialist_a
    assert d.events.order_by("-seq").first().action == EventAction.FORWARDED
    assert "Đã thực hiện: Chuyển bước tiếp theo." in client.get(response.url).content.decode()


def test_a_stale_page_keeps_what_was_typed(p, receive, login, frozen):
    d = receive()
    old_version = d.version
    dossier_forward(actor=p.officer_a, dossier=d)
    client = login(p.officer_a)
    response = client.post(
        f"/van-phong/ho-so/{d.pk}/thao-tac/stop/",
        {"stop-version": old_version, "stop-reason": "Người nộp đề nghị dừng vì đã chuyển nhà"},
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Hồ sơ vừa được người khác cập nhật" in page
    assert "Người nộp đề nghị dừng vì đã chuyển nhà" in page
    d.refresh_from_db()
    assert d.status == Status.PROCESSING
    # The kept form now carries the new version: sending it again works.
    assert f'name="stop-version" value="{d.version}"' in page
    response = client.post(
        f"/van-phong/ho-so/{d.pk}/thao-tac/stop/",
        {"stop-version": d.version, "stop-reason": "Người nộp đề nghị dừng vì đã chuyển nhà"},
    )
    assert response.status_code == 302
    d.refresh_from_db()
    assert d.status == Status.STOPPED


def test_an_action_not_allowed_is_refused(p, receive, login, frozen):
    d = receive()
    client = login(p.specialist_a)
    response = client.post(
        f"/van-phong/ho-so/{d.pk}/thao-tac/approve/",
        {"approve-version": d.version, "approve-note": "Đồng ý"},
    )
    assert response.status_code == 403
    assert "Bạn không thể thực hiện thao tác “Phê duyệt kết quả”" in response.content.decode()
    d.refresh_from_db()
    assert not d.outcome


def test_a_service_refusal_is_shown_with_the_form(p, receive, login, frozen):
    d = receive()
    d = dossier_forward(actor=p.officer_a, dossier=d)
    # Monday 9 November 16:30: half an hour before the due moment.
    frozen.move_to(dt.datetime(2026, 11, 9, 16, 30, tzinfo=MONDAY_9.tzinfo))
    client = login(p.specialist_a)
    response = client.post(
        f"/van-phong/ho-so/{d.pk}/thao-tac/propose_extension/",
        {
            "propose_extension-version": d.version,
            "propose_extension-new_due_at": "2026-11-20T17:00",
            "propose_extension-reason": "Chờ kết quả đo đạc",
            "propose_extension-apology": "Xin lỗi ông An",
        },
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert str(ERR_EXTENSION_TOO_LATE) in page
    assert "Chờ kết quả đo đạc" in page


def test_unknown_actions_and_garbage_never_give_500(p, receive, login, frozen):
    d = receive()
    client = login(p.officer_a)
    assert client.post(f"/van-phong/ho-so/{d.pk}/thao-tac/khong-co/", {}).status_code == 400
    response = client.post(f"/van-phong/ho-so/{d.pk}/thao-tac/forward/", {"forward-version": "x"})
    assert response.status_code == 422
    response = client.post(
        f"/van-phong/ho-so/{d.pk}/thao-tac/forward/",
        {"forward-version": d.version, "forward-assignee": "999999"},
    )
    assert response.status_code == 422
    assert client.get("/van-phong/ho-so/999999/").status_code == 404
    assert client.get(f"/van-phong/ho-so/{d.pk}/thao-tac/forward/").status_code == 405


def test_other_communes_do_not_see_the_dossier(p, receive, login, frozen):
    d = receive()
    assert login(p.officer_b).get(f"/van-phong/ho-so/{d.pk}/").status_code == 404


def test_attachments_are_previewed_only_by_those_who_may_see_them(p, receive, client, frozen):
    d = receive(
        documents=[
            DocumentFile(
                file=ContentFile(b"%PDF-1.4 scan", name="don.pdf"),
                content_type="application/pdf",
            )
        ]
    )
    attachment = d.attachments.get()
    url = f"/van-phong/ho-so/{d.pk}/tep/{attachment.pk}/"
    client.force_login(p.officer_a)
    page = client.get(f"/van-phong/ho-so/{d.pk}/").content.decode()
    assert f'<iframe src="{url}"' in page
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == b"%PDF-1.4 scan"
    client.force_login(p.officer_b)
    assert client.get(url).status_code == 404
    client.force_login(p.citizen)
    assert client.get(url).status_code == 403


def test_html_attachments_are_never_served_inline(p, receive, client, frozen):
    d = receive(
        documents=[
            DocumentFile(
                file=ContentFile(b"<script>alert(1)</script>", name="x.html"),
                content_type="text/html",
            )
        ]
    )
    client.force_login(p.officer_a)
    response = client.get(f"/van-phong/ho-so/{d.pk}/tep/{d.attachments.get().pk}/")
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/octet-stream"


def test_paperwork_links_follow_the_dossier(p, receive, frozen):
    d = receive()
    numbers = [n for n, _title, _url in views.paperwork_links(d)]
    assert numbers == ["01", "06"]
    d = dossier_stop(actor=p.officer_a, dossier=d, reason="Theo đề nghị")
    assert "05" in [n for n, _title, _url in views.paperwork_links(d)]


def _numbers(dossier):
    dossier.refresh_from_db()
    return [number for number, _title, _url in views.paperwork_links(dossier)]


def test_the_forms_offered_are_those_paperwork_can_print(p, receive, frozen):
    refused = receive()
    dossier_refuse(actor=p.leader_a, dossier=refused, reasons="Không đủ điều kiện")
    assert "03" in _numbers(refused)
    withdrawn = dossier_withdraw(actor=p.officer_a, dossier=receive(), reason="Xin rút")
    assert "05" in _numbers(withdrawn)
    rejected = receive()
    dossier_propose_extension(
        actor=p.leader_a,
        dossier=rejected,
        reason="Cần xác minh thực địa",
        apology="Xin lỗi ông/bà.",
        new_due_at=rejected.due_at + dt.timedelta(days=7),
    )
    dossier_decide_extension(actor=p.leader_a, dossier=rejected, approve=False)
    assert "04" not in _numbers(rejected)
    assert _numbers(receive()) == ["01", "06"]
