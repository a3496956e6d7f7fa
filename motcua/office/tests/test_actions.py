"""Every action of the dossier page reaches its action with the form's data."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.dossiers.actions.registry import available_actions
from motcua.dossiers.actions.steps import dossier_forward
from motcua.dossiers.models import EventAction, Outcome, Status
from motcua.dossiers.permissions import step_action, step_unit

pytestmark = pytest.mark.django_db


def _post(client, d, key, **fields):
    data = {f"{key}-version": d.version}
    data.update({f"{key}-{k}": v for k, v in fields.items()})
    response = client.post(f"/van-phong/ho-so/{d.pk}/thao-tac/{key}/", data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    d.refresh_from_db()
    return d


def _last(d) -> str:
    return d.events.order_by("-seq").first().action


@pytest.fixture
def processing(p, receive, frozen):
    d = receive()
    return dossier_forward(actor=p.officer_a, dossier=d, assignee=p.specialist_a)


def test_accept_an_online_dossier(p, submit, login, frozen):
    d = _post(login(p.officer_a), submit(), "accept")
    assert d.status == Status.PROCESSING and d.code


def test_refuse_an_online_dossier(p, submit, login, frozen):
    d = _post(login(p.officer_a), submit(), "refuse_reception", reasons="Sai thẩm quyền")
    assert d.status == Status.NOT_RECEIVED


def test_reception_supplement_then_receipt(p, submit, login, frozen):
    client = login(p.officer_a)
    d = submit()
    doc = d.procedure.documents.first()
    d = _post(client, d, "request_supplement", documents=[doc.pk], reason="Thiếu đơn")
    assert d.status == Status.SUPPLEMENT
    d = _post(client, d, "receive_supplement", note="Đã nhận đủ")
    assert d.status == Status.NEW


def test_assign_and_send_back(p, processing, login):
    d = _post(login(p.unit_leader_a), processing, "assign", assignee=p.specialist_a.pk)
    assert _last(d) == EventAction.ASSIGNED
    first = d.process.steps.get(order=1)
    d = _post(login(p.specialist_a), d, "send_back", to_step=first.pk, reason="Thiếu tờ khai")
    assert d.current_step == first


def test_interagency_send_and_answer(p, processing, login):
    d = _post(
        login(p.specialist_a),
        processing,
        "send_interagency",
        agency=p.justice.pk,
        hours="16",
        content="Xác minh hộ tịch",
    )
    assert d.interagency.get().agency == p.justice
    assert "approve" not in [a.key for a in available_actions(p.leader_a, d)]
    task = d.interagency.get()
    d = _post(login(p.specialist_a), d, "answer_interagency", task=task.pk, answer="Đã xác minh")
    assert d.interagency.get().answer == "Đã xác minh"


def test_payment_request_and_confirmation(p, processing, login):
    d = _post(login(p.specialist_a), processing, "request_payment", name="Lệ phí", amount="50000")
    assert d.status == Status.FINANCIAL
    d = _post(login(p.officer_a), d, "confirm_payment", amount="50000", method="cash")
    assert d.status == Status.PROCESSING


def test_refuse_after_appraisal(p, processing, login):
    d = _post(login(p.leader_a), processing, "refuse", reasons="Không đủ điều kiện")
    assert d.outcome == Outcome.REFUSED


def test_approve_with_a_result_file_then_finish_and_return(p, processing, login):
    from motcua.paperwork.pdf import render_html_to_pdf
    from motcua.paperwork.signing import verify_pdf

    client = login(p.leader_a)
    broken = client.post(
        f"/van-phong/ho-so/{processing.pk}/thao-tac/approve/",
        {
            "approve-version": processing.version,
            "approve-result_file": SimpleUploadedFile("giay-phep.pdf", b"%PDF-1.4 ok"),
        },
    )
    assert "Không ký số được tệp kết quả" in broken.content.decode()
    processing.refresh_from_db()
    assert not processing.outcome
    document = render_html_to_pdf("<h1>GIẤY PHÉP XÂY DỰNG</h1>")
    client.post(
        f"/van-phong/ho-so/{processing.pk}/thao-tac/approve/",
        {
            "approve-version": processing.version,
            "approve-result_file": SimpleUploadedFile("giay-phep.pdf", document),
        },
    )
    processing.refresh_from_db()
    assert processing.outcome == Outcome.APPROVED and processing.result_file
    served = client.get(f"/van-phong/ho-so/{processing.pk}/ket-qua/")
    assert served.status_code == 200
    # Decree 118 Art. 22.1: the stored result carries the agency's signature.
    assert verify_pdf(b"".join(served.streaming_content)).valid
    d = _post(login(p.officer_a), processing, "finish")
    assert d.status == Status.FINISHED
    d = _post(login(p.officer_a), d, "return_result", delivery_method="electronic")
    assert d.status == Status.RETURNED and d.delivery_method == "electronic"


def test_attach_withdraw_and_stop(p, receive, login, frozen):
    client = login(p.officer_a)
    d = receive()
    d = _post(client, d, "attach", file=SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4"))
    assert d.attachments.get().name == "bien-ban.pdf"
    d = _post(client, d, "withdraw", reason="Người nộp xin rút")
    assert d.status == Status.WITHDRAWN
    d2 = _post(client, receive(), "stop", reason="Dừng theo văn bản")
    assert d2.status == Status.STOPPED


def test_extension_proposed_and_refused(p, processing, login):
    d = _post(
        login(p.specialist_a),
        processing,
        "propose_extension",
        new_due_at="2026-11-20T16:00",
        reason="Chờ đo đạc",
        apology="Xin lỗi ông An",
    )
    assert d.extensions.get().approved is None
    d = _post(login(p.leader_a), d, "decide_extension", decision="0", note="Không đồng ý")
    assert d.extensions.get().approved is False and d.extension_count == 0


def test_an_extension_in_the_past_is_a_form_error(p, processing, login):
    response = login(p.specialist_a).post(
        f"/van-phong/ho-so/{processing.pk}/thao-tac/propose_extension/",
        {
            "propose_extension-version": processing.version,
            "propose_extension-new_due_at": "2020-01-01T08:00",
            "propose_extension-reason": "Chờ",
            "propose_extension-apology": "Xin lỗi",
        },
    )
    assert response.status_code == 422
    assert "Ngày hẹn trả mới phải ở tương lai." in response.content.decode()


def test_assignee_candidates_are_one_query_and_agree_with_can(
    p, receive, frozen, django_assert_num_queries
):
    from motcua.accounts.models import User
    from motcua.accounts.permissions import can
    from motcua.office.action_forms import _candidates

    d = dossier_forward(actor=p.officer_a, dossier=receive())
    step = d.current_step
    with django_assert_num_queries(1):
        people = list(_candidates(d, step))
    unit, action = step_unit(d, step), step_action(step)
    expected = [u for u in User.objects.order_by("full_name", "username") if can(u, action, unit)]
    assert people == [u for u in expected if not u.is_superuser] and p.specialist_a in people


def test_change_how_the_result_is_received(p, receive, login, frozen):
    client = login(p.officer_a)
    d = receive()
    page = client.get(f"/van-phong/ho-so/{d.pk}/").content.decode()
    assert "Đổi hình thức nhận kết quả" in page
    # Post needs an address: the form comes back with what was typed.
    response = client.post(
        f"/van-phong/ho-so/{d.pk}/thao-tac/set_delivery/",
        {"set_delivery-version": d.version, "set_delivery-delivery_method": "post"},
    )
    assert response.status_code == 422
    assert "Vui lòng nhập địa chỉ nhận kết quả qua bưu chính." in response.content.decode()
    d = _post(
        client,
        d,
        "set_delivery",
        delivery_method="post",
        delivery_address="Số 5, thôn Đông",
        note="Người nộp gọi điện đề nghị",
    )
    assert (d.delivery_method, d.delivery_address) == ("post", "Số 5, thôn Đông")
    assert _last(d) == EventAction.DELIVERY_CHANGED
