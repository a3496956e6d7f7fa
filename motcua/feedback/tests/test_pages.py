"""The complaint lifecycle through the pages, as a filer and as staff."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from motcua.feedback import services
from motcua.feedback.models import Feedback, FeedbackStatus, FeedbackVote
from motcua.feedback.tests.factories import file_feedback, published

pytestmark = pytest.mark.django_db


def _form(province, **overrides) -> dict:
    data = {
        "subject_kind": "agency",
        "agency": str(province.commune_a.pk),
        "title": "Thái độ tiếp dân chưa đúng mực",
        "content": "Cán bộ nói to, không hướng dẫn cụ thể.",
        "filer_name": "Trần Văn Bảo",
        "filer_phone": "0901234567",
        "filer_email": "bao@example.vn",
    }
    data.update(overrides)
    return data


def test_the_complaint_lifecycle(client, province, django_capture_on_commit_callbacks):
    mailing = django_capture_on_commit_callbacks
    # The filer files and gets a tracking code.
    response = client.post("/phan-anh/gui/", _form(province))
    assert response.status_code == 302
    assert response["Location"] == "/phan-anh/da-gui/"
    page = client.get("/phan-anh/da-gui/").content.decode()
    code = re.search(r"PA-\d{6}-[A-Z0-9]{6}", page).group(0)
    feedback = Feedback.objects.get(code=code)
    assert feedback.agency == province.commune_a

    # The tracking page shows the status.
    page = client.get(f"/phan-anh/tra-cuu/?ma={code.lower()}").content.decode()
    assert "Đã tiếp nhận, đang xử lý" in page

    # Staff asks for more information.
    staff = client.__class__()
    staff.force_login(province.leader_a)
    listing = staff.get("/van-phong/phan-anh/").content.decode()
    assert code in listing
    detail = staff.get(f"/van-phong/phan-anh/{code}/").content.decode()
    assert 'data-confirm="' in detail
    assert "0901234567" in detail  # staff see who filed
    with mailing(execute=True):
        response = staff.post(
            f"/van-phong/phan-anh/{code}/yeu-cau-bo-sung/", {"request": "Xin cho biết ngày, giờ."}
        )
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["bao@example.vn"]
    assert code in mail.outbox[-1].subject

    # The filer adds information with the last four digits of their phone.
    page = client.get(f"/phan-anh/tra-cuu/?ma={code}").content.decode()
    assert "Xin cho biết ngày, giờ." in page
    response = client.post(
        "/phan-anh/tra-cuu/bo-sung/", {"code": code, "phone_last4": "0000", "content": "Sáng 20/4"}
    )
    assert response.status_code == 403
    assert str(services.ERR_SECOND_FACTOR) in response.content.decode()
    assert "Sáng 20/4" in response.content.decode()  # what they typed is kept
    response = client.post(
        "/phan-anh/tra-cuu/bo-sung/", {"code": code, "phone_last4": "4567", "content": "Sáng 20/4"}
    )
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.RECEIVED
    assert feedback.more_content == "Sáng 20/4"

    # Staff answers, then publishes.
    with mailing(execute=True):
        response = staff.post(
            f"/van-phong/phan-anh/{code}/tra-loi/",
            {"answer": "Xã đã kiểm điểm cán bộ.", "category": "behaviour"},
        )
    assert response.status_code == 302
    assert "đã có trả lời" in mail.outbox[-1].subject
    with mailing(execute=True):
        response = staff.post(
            f"/van-phong/phan-anh/{code}/cong-khai/",
            {
                "public_title": "Thái độ tiếp dân chưa đúng mực",
                "public_content": "Cán bộ nói to, không hướng dẫn cụ thể.",
            },
        )
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.PUBLISHED
    assert "công khai" in mail.outbox[-1].subject

    # The answer is public, searchable, and can be liked once per session.
    index = client.get("/phan-anh/?q=thai do tiep dan").content.decode()
    assert code in index
    answer = client.get(f"/phan-anh/{code}/").content.decode()
    assert "Xã đã kiểm điểm cán bộ." in answer
    assert client.post(f"/phan-anh/{code}/binh-chon/", {"value": "1"}).status_code == 302
    client.post(f"/phan-anh/{code}/binh-chon/", {"value": "-1"})
    assert list(FeedbackVote.objects.values_list("value", flat=True)) == [1]
    answer = client.get(f"/phan-anh/{code}/").content.decode()
    assert "Ông/bà đã chọn: hài lòng." in answer
    for text in ("Trần Văn Bảo", "0901234567", "bao@example.vn"):
        assert text not in answer
        assert text not in index


def test_the_form_keeps_input_and_explains_errors(client, province):
    response = client.post(
        "/phan-anh/gui/", _form(province, filer_phone="12ab", title="Tiêu đề giữ lại")
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "không hợp lệ" in page
    assert 'value="Tiêu đề giữ lại"' in page
    response = client.post("/phan-anh/gui/", _form(province, filer_name=""))
    assert str(services.ERR_NAME_REQUIRED) in response.content.decode()
    response = client.post(
        "/phan-anh/gui/", _form(province, subject_kind="procedure", procedure_code="9.999999")
    )
    assert "Không tìm thấy thủ tục có mã “9.999999”" in response.content.decode()
    assert not Feedback.objects.exists()


def test_anonymous_filing_through_the_form_stores_no_personal_data(client, province):
    response = client.post("/phan-anh/gui/", _form(province, is_anonymous="on"))
    assert response.status_code == 302
    feedback = Feedback.objects.get()
    assert feedback.is_anonymous
    assert (feedback.filer_name, feedback.filer_phone, feedback.filer_email) == ("", "", "")
    assert "bao@example.vn" not in str(list(Feedback.objects.values()))


def test_a_procedure_link_prefills_the_form(client, province, procedure):
    page = client.get("/phan-anh/gui/?thu-tuc=1.001193").content.decode()
    assert 'value="1.001193"' in page
    response = client.post(
        "/phan-anh/gui/",
        _form(province, subject_kind="procedure", procedure_code="1.001193", agency=""),
    )
    assert response.status_code == 302
    assert Feedback.objects.get().procedure == procedure


def test_reraising_from_the_public_page(client, province):
    original = published(province)
    page = client.get(f"/phan-anh/gui/?phan-anh-lai={original.code}").content.decode()
    assert f'value="{original.code}"' in page
    response = client.post(
        "/phan-anh/gui/", _form(province, follows=original.code, title="Chưa thỏa đáng")
    )
    assert response.status_code == 302
    assert Feedback.objects.get(title="Chưa thỏa đáng").follows == original


def test_unknown_codes_get_a_neutral_answer(client, province):
    feedback = file_feedback(province)
    unknown = feedback.code[:-1] + ("A" if feedback.code[-1] != "A" else "B")
    page = client.get(f"/phan-anh/tra-cuu/?ma={unknown}")
    assert page.status_code == 200
    assert "Không tìm thấy phản ánh" in page.content.decode()
    assert client.get("/phan-anh/tra-cuu/?ma=khong-co").status_code == 200
    assert client.get(f"/phan-anh/{feedback.code}/").status_code == 404  # not published


def test_public_pages_never_show_personal_data(client, province):
    feedback = published(
        province,
        content="Số của tôi 0987 654 321, thư hoa@example.vn, CCCD 001090012345.",
    )
    pages = [
        client.get("/phan-anh/").content.decode(),
        client.get(f"/phan-anh/{feedback.code}/").content.decode(),
        client.get(f"/phan-anh/tra-cuu/?ma={feedback.code}").content.decode(),
    ]
    for page in pages:
        for secret in (
            "Nguyễn Thị Hoa",
            "0987654321",
            "0987 654 321",
            "hoa@example.vn",
            "001090012345",
        ):
            assert secret not in page


def test_staff_of_other_agencies_and_citizens_are_kept_out(client, province):
    feedback = file_feedback(province)
    client.force_login(province.officer_b)
    assert feedback.code not in client.get("/van-phong/phan-anh/").content.decode()
    assert client.get(f"/van-phong/phan-anh/{feedback.code}/").status_code == 403
    response = client.post(f"/van-phong/phan-anh/{feedback.code}/tu-choi/", {"reason": "x"})
    assert response.status_code == 403
    client.force_login(province.citizen)
    assert client.get("/van-phong/phan-anh/").status_code == 403
    client.logout()
    assert client.get("/van-phong/phan-anh/").status_code == 302
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.RECEIVED


def test_a_receiving_officer_sees_no_answer_form_and_cannot_post_one(client, province):
    feedback = file_feedback(province, agency=province.commune_b)
    client.force_login(province.officer_b)
    detail = client.get(f"/van-phong/phan-anh/{feedback.code}/").content.decode()
    assert "/tu-choi/" in detail
    assert "/tra-loi/" not in detail
    response = client.post(f"/van-phong/phan-anh/{feedback.code}/tra-loi/", {"answer": "x"})
    assert response.status_code == 403


def test_a_wrong_state_action_is_a_409_with_the_message(client, province):
    feedback = published(province)
    client.force_login(province.leader_a)
    response = client.post(f"/van-phong/phan-anh/{feedback.code}/tu-choi/", {"reason": "Muộn"})
    assert response.status_code == 409
    assert "Không thể từ chối xử lý" in response.content.decode()


def test_the_triage_list_filters_and_counts(client, province):
    first = file_feedback(province, title="Một")
    second = file_feedback(province, title="Hai")
    services.feedback_refuse(feedback=second, actor=province.leader_a, reason="Trùng")
    client.force_login(province.leader_a)
    page = client.get("/van-phong/phan-anh/?status=refused").content.decode()
    assert second.code in page and first.code not in page
    page = client.get(f"/van-phong/phan-anh/?q={first.code.lower()}").content.decode()
    assert first.code in page and second.code not in page
    page = client.get("/van-phong/phan-anh/?q=Hai").content.decode()
    assert second.code in page and first.code not in page


def test_anonymous_filers_get_no_mail_and_named_ones_only_with_an_address(
    province, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        named = file_feedback(province)
        services.feedback_answer(feedback=named, actor=province.leader_a, answer="Đã xử lý.")
    assert len(callbacks) == 1
    assert mail.outbox[0].to == ["hoa@example.vn"]
    assert "Xã" not in mail.outbox[0].subject
    assert "Đã xử lý." in mail.outbox[0].body
    mail.outbox.clear()
    feedback = file_feedback(province, filer_email="")
    anonymous = file_feedback(province, is_anonymous=True)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.feedback_answer(feedback=feedback, actor=province.leader_a, answer="Đã xử lý.")
        services.feedback_answer(feedback=anonymous, actor=province.leader_a, answer="Đã xử lý.")
    assert callbacks == []
    assert mail.outbox == []


def test_transferring_from_the_staff_page(client, province):
    feedback = file_feedback(province, agency=province.commune_b)
    client.force_login(province.officer_b)
    response = client.post(
        f"/van-phong/phan-anh/{feedback.code}/chuyen/",
        {"agency": str(province.commune_a.pk), "officer": "", "note": "Sai cơ quan"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/van-phong/phan-anh/"
    feedback.refresh_from_db()
    assert feedback.agency == province.commune_a


def test_staff_choose_what_the_public_reads(client, province):
    feedback = file_feedback(province, title="Ông Nguyễn Văn Tư bị làm khó")
    services.feedback_answer(feedback=feedback, actor=province.leader_a, answer="Đã xử lý.")
    client.force_login(province.leader_a)
    detail = client.get(f"/van-phong/phan-anh/{feedback.code}/").content.decode()
    assert 'name="public_title"' in detail
    response = client.post(
        f"/van-phong/phan-anh/{feedback.code}/cong-khai/",
        {"public_title": "Công dân bị làm khó", "public_content": "Nội dung đã lược bỏ."},
    )
    assert response.status_code == 302
    client.logout()
    for page in (client.get("/phan-anh/"), client.get(f"/phan-anh/{feedback.code}/")):
        text = page.content.decode()
        assert "Công dân bị làm khó" in text
        assert "Nguyễn Văn Tư" not in text
    assert feedback.code not in client.get("/phan-anh/?q=nguyen van tu").content.decode()


def test_publishing_without_a_title_keeps_the_form(client, province):
    feedback = file_feedback(province)
    services.feedback_answer(feedback=feedback, actor=province.leader_a, answer="Đã xử lý.")
    client.force_login(province.leader_a)
    response = client.post(
        f"/van-phong/phan-anh/{feedback.code}/cong-khai/",
        {"public_title": "", "public_content": "Nội dung giữ lại"},
    )
    assert response.status_code == 200
    assert "Nội dung giữ lại" in response.content.decode()
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.ANSWERED
