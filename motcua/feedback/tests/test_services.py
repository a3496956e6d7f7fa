"""The PAKN lifecycle at the service level: transitions, permissions, history."""

from __future__ import annotations

import pytest

from motcua.feedback import services
from motcua.feedback.models import (
    Category,
    Feedback,
    FeedbackAction,
    FeedbackEvent,
    FeedbackStatus,
    SubjectKind,
)
from motcua.feedback.tests.factories import file_feedback, local, published

pytestmark = pytest.mark.django_db


def test_the_full_lifecycle_writes_one_event_per_step(province):
    feedback = file_feedback(province)
    assert feedback.status == FeedbackStatus.RECEIVED
    assert feedback.code.startswith("PA-260429-")
    assert feedback.filer_phone == "0987654321"

    feedback = services.feedback_request_more(
        feedback=feedback,
        actor=province.leader_a,
        request="Xin cho biết ngày đến nộp.",
        at=local(2026, 5, 4, 10, 0),
    )
    assert feedback.status == FeedbackStatus.NEED_MORE
    assert feedback.answer_due is None

    feedback = services.feedback_add_information(
        feedback=feedback,
        content="Ngày 20, 22 và 24/4.",
        phone_last4="4321",
        at=local(2026, 5, 5, 9, 0),
    )
    assert feedback.status == FeedbackStatus.RECEIVED
    assert feedback.answer_due is not None

    feedback = services.feedback_answer(
        feedback=feedback,
        actor=province.leader_a,
        answer="Xã đã nhắc nhở cán bộ.",
        category=Category.BEHAVIOUR,
        at=local(2026, 5, 6, 9, 0),
    )
    assert feedback.status == FeedbackStatus.ANSWERED
    assert feedback.category == Category.BEHAVIOUR
    assert feedback.answered_by == province.leader_a

    feedback = services.feedback_publish(
        feedback=feedback, actor=province.leader_a, at=local(2026, 5, 6, 15, 0)
    )
    assert feedback.status == FeedbackStatus.PUBLISHED
    assert feedback.published_at == local(2026, 5, 6, 15, 0)
    assert feedback.public_content == feedback.content

    actions = list(feedback.events.values_list("action", "from_status", "to_status"))
    assert actions == [
        (FeedbackAction.RECEIVED, "", "received"),
        (FeedbackAction.MORE_REQUESTED, "received", "need_more"),
        (FeedbackAction.MORE_RECEIVED, "need_more", "received"),
        (FeedbackAction.ANSWERED, "received", "answered"),
        (FeedbackAction.PUBLISHED, "answered", "published"),
    ]
    assert feedback.events.get(action=FeedbackAction.ANSWERED).actor == province.leader_a
    assert feedback.events.get(action=FeedbackAction.RECEIVED).actor is None


def test_codes_are_random_not_sequential(province):
    first = file_feedback(province)
    second = file_feedback(province)
    assert first.code[:10] == second.code[:10] == "PA-260429-"
    assert first.code != second.code
    assert len(first.code) == len("PA-260429-K7M2QX")


def test_a_procedure_gives_its_agency(province, procedure):
    feedback = file_feedback(
        province, subject_kind=SubjectKind.PROCEDURE, agency=None, procedure=procedure
    )
    assert feedback.agency == province.commune_a
    assert feedback.category == Category.REGULATION


def test_it_rejects_an_agency_that_does_not_run_the_procedure(province, procedure):
    with pytest.raises(services.InvalidInput) as exc:
        file_feedback(
            province,
            subject_kind=SubjectKind.PROCEDURE,
            agency=province.commune_b,
            procedure=procedure,
        )
    assert exc.value.message == services.ERR_PROCEDURE_OTHER_AGENCY
    assert exc.value.field == "agency"


def test_a_procedure_kind_needs_a_procedure(province):
    with pytest.raises(services.InvalidInput) as exc:
        file_feedback(province, subject_kind=SubjectKind.PROCEDURE)
    assert exc.value.message == services.ERR_PROCEDURE_REQUIRED


def test_an_officer_complaint_is_about_behaviour_and_goes_to_the_officers_agency(province):
    feedback = file_feedback(
        province, subject_kind=SubjectKind.OFFICER, agency=None, officer=province.specialist_a
    )
    assert feedback.agency == province.commune_a
    assert feedback.category == Category.BEHAVIOUR
    with pytest.raises(services.InvalidInput) as exc:
        file_feedback(province, subject_kind=SubjectKind.OFFICER)
    assert exc.value.message == services.ERR_OFFICER_REQUIRED


def test_a_named_filer_needs_a_name_and_a_valid_phone(province):
    with pytest.raises(services.InvalidInput) as exc:
        file_feedback(province, filer_name="  ")
    assert exc.value.message == services.ERR_NAME_REQUIRED
    with pytest.raises(services.InvalidInput) as exc:
        file_feedback(province, filer_phone="")
    assert exc.value.message == services.ERR_PHONE_REQUIRED
    with pytest.raises(services.InvalidInput) as exc:
        file_feedback(province, filer_phone="12345")
    assert exc.value.field == "filer_phone"
    assert "không hợp lệ" in exc.value.message
    with pytest.raises(services.InvalidInput) as exc:
        file_feedback(province, filer_email="khong-phai-thu")
    assert exc.value.message == services.ERR_EMAIL
    assert not Feedback.objects.exists()


def test_anonymous_filing_keeps_no_personal_data(province):
    feedback = file_feedback(province, is_anonymous=True)
    feedback.refresh_from_db()
    assert feedback.is_anonymous
    assert (feedback.filer_name, feedback.filer_phone, feedback.filer_email) == ("", "", "")
    assert feedback.events.get().actor is None


@pytest.mark.parametrize(
    "action, kwargs",
    [
        (services.feedback_refuse, {"reason": "Không thuộc thẩm quyền."}),
        (services.feedback_request_more, {"request": "Ngày nào?"}),
        (services.feedback_answer, {"answer": "Đã xử lý."}),
    ],
)
def test_it_rejects_other_agencies(province, action, kwargs):
    feedback = file_feedback(province)
    with pytest.raises(services.NotAllowed) as exc:
        action(feedback=feedback, actor=province.officer_b, **kwargs)
    assert exc.value.message == services.ERR_NOT_ALLOWED
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.RECEIVED
    assert feedback.events.count() == 1


def test_it_rejects_citizens_specialists_and_nobody(province):
    feedback = file_feedback(province)
    for actor in (province.citizen, province.specialist_a, province.inspector, None):
        with pytest.raises(services.NotAllowed):
            services.feedback_refuse(feedback=feedback, actor=actor, reason="Không")


def test_a_receiving_officer_triages_but_does_not_answer(province):
    feedback = file_feedback(province, agency=province.commune_b)
    feedback = services.feedback_refuse(
        feedback=feedback, actor=province.officer_b, reason="Trùng nội dung đã trả lời."
    )
    assert feedback.status == FeedbackStatus.REFUSED
    other = file_feedback(province, agency=province.commune_b)
    with pytest.raises(services.NotAllowed):
        services.feedback_answer(feedback=other, actor=province.officer_b, answer="Đã xử lý.")


def test_the_province_leadership_covers_communes_below(province):
    from motcua.accounts.roles import Role
    from motcua.testing import grant, make_user

    chairman = make_user("chutich_tinh")
    grant(chairman, province.province, Role.AGENCY_LEADER)
    feedback = file_feedback(province)
    services.feedback_answer(feedback=feedback, actor=chairman, answer="Tỉnh đã chỉ đạo.")


def test_it_refuses_actions_in_the_wrong_state(province):
    feedback = published(province)
    with pytest.raises(services.InvalidTransition) as exc:
        services.feedback_refuse(feedback=feedback, actor=province.leader_a, reason="Muộn")
    assert exc.value.message == (
        "Không thể từ chối xử lý khi phản ánh, kiến nghị đang ở trạng thái “Đã công khai trả lời”."
    )
    with pytest.raises(services.InvalidTransition):
        services.feedback_answer(feedback=feedback, actor=province.leader_a, answer="Lần hai")
    with pytest.raises(services.InvalidTransition):
        services.feedback_publish(feedback=feedback, actor=province.leader_a)
    with pytest.raises(services.InvalidTransition):
        services.feedback_add_information(feedback=feedback, content="Thêm", phone_last4="4321")
    fresh = file_feedback(province)
    with pytest.raises(services.InvalidTransition):
        services.feedback_publish(feedback=fresh, actor=province.leader_a)
    with pytest.raises(services.InvalidTransition):
        services.feedback_close(feedback=fresh, actor=province.leader_a, reason="Không")


def test_a_refused_item_is_final(province):
    feedback = file_feedback(province)
    services.feedback_refuse(
        feedback=feedback, actor=province.leader_a, reason="Nặc danh xúc phạm."
    )
    with pytest.raises(services.InvalidTransition):
        services.feedback_answer(feedback=feedback, actor=province.leader_a, answer="Trả lời")


def test_more_information_is_asked_once_only(province):
    feedback = file_feedback(province)
    services.feedback_request_more(feedback=feedback, actor=province.leader_a, request="Ngày nào?")
    services.feedback_add_information(feedback=feedback, content="Ngày 20/4", phone_last4="4321")
    with pytest.raises(services.InvalidTransition) as exc:
        services.feedback_request_more(feedback=feedback, actor=province.leader_a, request="Lại")
    assert exc.value.message == services.ERR_MORE_TWICE


def test_adding_information_needs_the_last_four_phone_digits(province):
    feedback = file_feedback(province)
    services.feedback_request_more(feedback=feedback, actor=province.leader_a, request="Ngày nào?")
    for wrong in ("", "1234", "43", "abcd"):
        with pytest.raises(services.NotAllowed) as exc:
            services.feedback_add_information(feedback=feedback, content="x", phone_last4=wrong)
        assert exc.value.message == services.ERR_SECOND_FACTOR
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.NEED_MORE


def test_an_anonymous_filer_adds_information_with_the_code_alone(province):
    feedback = file_feedback(province, is_anonymous=True)
    services.feedback_request_more(feedback=feedback, actor=province.leader_a, request="Ở đâu?")
    feedback = services.feedback_add_information(feedback=feedback, content="Xã An Bình")
    assert feedback.more_content == "Xã An Bình"


def test_empty_texts_are_refused_with_clear_messages(province):
    feedback = file_feedback(province)
    cases = [
        (services.feedback_refuse, {"reason": "   "}, services.ERR_REASON_REQUIRED),
        (services.feedback_request_more, {"request": ""}, services.ERR_MORE_REQUIRED),
        (services.feedback_answer, {"answer": "\x00 "}, services.ERR_ANSWER_REQUIRED),
    ]
    for action, kwargs, message in cases:
        with pytest.raises(services.InvalidInput) as exc:
            action(feedback=feedback, actor=province.leader_a, **kwargs)
        assert exc.value.message == message
    with pytest.raises(services.InvalidInput) as exc:
        file_feedback(province, title="")
    assert exc.value.message == services.ERR_TITLE


def test_closing_an_answer_that_must_not_be_published(province):
    feedback = file_feedback(province)
    services.feedback_answer(feedback=feedback, actor=province.leader_a, answer="Riêng tư")
    feedback = services.feedback_close(
        feedback=feedback, actor=province.leader_a, reason="Chỉ liên quan người gửi."
    )
    assert feedback.status == FeedbackStatus.CLOSED
    assert feedback.closed_at is not None


def test_publication_masks_personal_data_in_the_text(province):
    feedback = file_feedback(
        province, content="Gọi tôi số 0912 345 678, CCCD 001090012345, thư a@b.vn."
    )
    services.feedback_answer(feedback=feedback, actor=province.leader_a, answer="Đã trả lời.")
    feedback = services.feedback_publish(feedback=feedback, actor=province.leader_a)
    assert "0912" not in feedback.public_content
    assert "001090012345" not in feedback.public_content
    assert "a@b.vn" not in feedback.public_content
    assert "[đã ẩn]" in feedback.public_content


def test_events_are_append_only(province):
    event = file_feedback(province).events.get()
    event.note = "sửa"
    with pytest.raises(ValueError):
        event.save()
    assert FeedbackEvent.objects.get().note == ""


def test_votes_once_per_voter_and_only_when_published(province):
    feedback = published(province)
    services.feedback_vote(feedback=feedback, voter="a" * 32, value=1)
    services.feedback_vote(feedback=feedback, voter="b" * 32, value=-1)
    services.feedback_vote(feedback=feedback, voter="c" * 32, value=-1)
    with pytest.raises(services.InvalidTransition) as exc:
        services.feedback_vote(feedback=feedback, voter="a" * 32, value=-1)
    assert exc.value.message == services.ERR_ALREADY_VOTED
    with pytest.raises(services.InvalidInput):
        services.feedback_vote(feedback=feedback, voter="d" * 32, value=5)
    counted = Feedback.objects.with_votes().get(pk=feedback.pk)
    assert (counted.likes, counted.dislikes) == (1, 2)
    fresh = file_feedback(province)
    with pytest.raises(services.InvalidTransition) as exc:
        services.feedback_vote(feedback=fresh, voter="a" * 32, value=1)
    assert exc.value.message == services.ERR_NOT_PUBLISHED


def test_reraising_links_to_the_published_item(province):
    original = published(province)
    assert not original.was_reraised
    again = file_feedback(province, follows=original)
    assert again.follows == original
    assert original.was_reraised
    with pytest.raises(services.InvalidInput) as exc:
        file_feedback(province, follows=again)
    assert exc.value.message == services.ERR_FOLLOWS


def test_triage_transfers_to_the_right_agency_and_officer(province):
    feedback = file_feedback(province, agency=province.commune_b)
    feedback = services.feedback_transfer(
        feedback=feedback,
        actor=province.officer_b,
        agency=province.commune_a,
        officer=province.specialist_a,
        note="Thuộc xã An Bình.",
        at=local(2026, 4, 29, 10, 0),
    )
    assert feedback.agency == province.commune_a
    assert feedback.officer == province.specialist_a
    assert feedback.answer_due == local(2026, 5, 22, 9, 0)  # still from the receipt
    event = feedback.events.get(action=FeedbackAction.TRANSFERRED)
    assert "Ủy ban nhân dân xã Bình Minh → Ủy ban nhân dân xã An Bình" in event.note
    # The sender no longer sees it; the new agency does.
    assert not services.may_triage(province.officer_b, feedback)
    assert services.may_triage(province.leader_a, feedback)


def test_a_transfer_names_only_officers_of_that_agency(province):
    feedback = file_feedback(province)
    with pytest.raises(services.InvalidInput) as exc:
        services.feedback_transfer(
            feedback=feedback,
            actor=province.leader_a,
            agency=province.commune_a,
            officer=province.officer_b,
        )
    assert exc.value.message == services.ERR_OFFICER_NOT_IN_AGENCY
    with pytest.raises(services.NotAllowed):
        services.feedback_transfer(
            feedback=feedback, actor=province.officer_b, agency=province.commune_b
        )
