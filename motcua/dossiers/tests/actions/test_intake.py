from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.base import ContentFile

from motcua.accounts.roles import Role
from motcua.catalog.models import Channel, OnlineMode, RequiredDocument
from motcua.dossiers.actions.attachments import DocumentFile
from motcua.dossiers.actions.core import ERR_DELIVERY_ADDRESS
from motcua.dossiers.actions.intake import (
    ERR_NO_PROCESS,
    ERR_NOT_ONLINE,
    ERR_WRONG_AGENCY,
    Applicant,
    dossier_accept,
    dossier_refuse_reception,
)
from motcua.dossiers.models import Attachment, Event, EventAction, Status, StepRun
from motcua.lib.errors import InvalidInput, InvalidTransition
from motcua.testing import MONDAY_9, applicant, receive_dossier

pytestmark = pytest.mark.django_db


def test_status_codes_are_the_national_ones():
    assert [(s.value, s.label) for s in Status] == [
        (1, "Mới đăng ký"),
        (2, "Được tiếp nhận"),
        (3, "Không được tiếp nhận"),
        (4, "Đang xử lý"),
        (5, "Yêu cầu bổ sung"),
        (6, "Yêu cầu thực hiện nghĩa vụ tài chính"),
        (7, "Công dân yêu cầu rút hồ sơ"),
        (8, "Dừng xử lý"),
        (9, "Đã xử lý xong"),
        (10, "Đã trả kết quả"),
    ]


def test_it_receives_at_the_counter(p, procedure, receive, frozen):
    dossier = receive()
    assert dossier.status == Status.PROCESSING
    assert dossier.code == "H99.50.01-261102-0001"
    assert dossier.process == procedure.current_process
    assert dossier.received_at == MONDAY_9
    assert dossier.due_at == dt.datetime(2026, 11, 9, 9, 0, tzinfo=MONDAY_9.tzinfo)
    assert dossier.current_step.order == 1
    assert dossier.current_unit == p.commune_a_point
    run = StepRun.objects.get(dossier=dossier)
    assert run.started_at == MONDAY_9 and run.finished_at is None
    assert run.due_at > MONDAY_9
    (event,) = Event.objects.filter(dossier=dossier)
    assert event.action == EventAction.RECEIVED
    assert (event.from_status, event.to_status) == (None, Status.PROCESSING)
    assert event.payload["statuses"] == [2, 4]
    assert event.actor == p.officer_a and event.actor_name == "Trần Thị Bình"


def test_a_new_process_version_applies_to_the_next_dossier(p, procedure, receive, frozen):
    from motcua.catalog.models import Procedure
    from motcua.catalog.services import StepSpec, process_publish

    earlier = receive()
    process_publish(
        procedure=procedure,
        steps=[
            StepSpec("Tiếp nhận và thẩm định", Role.SPECIALIST, Decimal(32)),
            StepSpec("Phê duyệt", Role.AGENCY_LEADER, Decimal(8)),
        ],
    )
    # The counter page reads the procedure again for every intake.
    later = receive_dossier(p, Procedure.objects.get(pk=procedure.pk))
    assert (earlier.process.version, later.process.version) == (1, 2)
    assert later.current_step.name == "Tiếp nhận và thẩm định"
    assert later.current_unit == p.commune_a
    assert later.events.get().payload["process_version"] == 2
    earlier.refresh_from_db()
    assert (earlier.process.version, earlier.current_step.order) == (1, 1)


def test_receipt_emails_the_appointment(receive, frozen, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        dossier = receive()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["an@example.vn"]
    assert dossier.code in message.subject
    assert "09 giờ 00 phút, ngày 09/11/2026" in message.body


def test_no_mail_without_an_email_address(receive, frozen, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        receive(applicant=applicant(email=""))
    assert callbacks == []
    assert mail.outbox == []


def test_it_stores_attachments_with_checksum(procedure, receive, frozen):
    document = RequiredDocument.objects.filter(procedure=procedure).first()
    dossier = receive(
        documents=[
            DocumentFile(
                file=ContentFile(b"%PDF-1.4 don", name="don.pdf"), required_document=document
            )
        ]
    )
    attachment = Attachment.objects.get(dossier=dossier)
    assert attachment.size == 12
    assert attachment.content_type == "application/pdf"
    assert attachment.checksum == hashlib.sha256(b"%PDF-1.4 don").hexdigest()
    assert attachment.file.read() == b"%PDF-1.4 don"
    assert attachment.required_document == document


def test_a_citizen_submits_online_then_the_officer_accepts(p, submit, frozen):
    dossier = submit()
    assert dossier.status == Status.NEW and dossier.code is None
    assert dossier.applicant_user == p.citizen
    assert dossier.channel == Channel.ONLINE
    dossier = dossier_accept(actor=p.officer_a, dossier=dossier, version=dossier.version)
    assert dossier.status == Status.PROCESSING
    # Online dossiers are numbered under the receiving one-stop centre (Art. 28).
    assert dossier.code == "H99.50.01.1-261102-0001"
    assert [e.action for e in dossier.events.order_by("seq")] == ["submitted", "received"]


def test_online_needs_an_online_procedure(procedure, submit, frozen):
    procedure.online_mode = OnlineMode.NONE
    procedure.save()
    with pytest.raises(InvalidInput) as exc:
        submit()
    assert exc.value.message == str(ERR_NOT_ONLINE)


def test_it_refuses_to_receive_with_reasons(p, submit, frozen, django_capture_on_commit_callbacks):
    dossier = submit()
    with pytest.raises(InvalidInput):
        dossier_refuse_reception(actor=p.officer_a, dossier=dossier, reasons=" ")
    with django_capture_on_commit_callbacks(execute=True):
        dossier = dossier_refuse_reception(
            actor=p.officer_a, dossier=dossier, reasons="Không thuộc thẩm quyền"
        )
    assert dossier.status == Status.NOT_RECEIVED
    assert dossier.closed_reason == "Không thuộc thẩm quyền"
    assert "không được tiếp nhận" in mail.outbox[-1].subject


def test_it_cannot_accept_twice(p, submit, frozen):
    dossier = submit()
    dossier_accept(actor=p.officer_a, dossier=dossier)
    with pytest.raises(InvalidTransition) as exc:
        dossier_accept(actor=p.officer_a, dossier=dossier)
    assert (
        exc.value.message == "Không thể tiếp nhận hồ sơ khi hồ sơ đang ở trạng thái “Đang xử lý”."
    )


def test_it_rejects_the_wrong_competent_agency(p, receive, frozen):
    with pytest.raises(InvalidInput) as exc:
        receive(agency=p.commune_b)
    assert exc.value.message == str(ERR_WRONG_AGENCY)


def test_it_rejects_a_receiving_point_that_is_not_one_stop(p, receive, frozen):
    p.commune_a_point.is_one_stop = False
    p.commune_a_point.save()
    with pytest.raises(InvalidInput):
        receive()


def test_it_needs_a_process(p, receive, procedure, frozen):
    procedure.processes.all().delete()
    with pytest.raises(InvalidInput) as exc:
        receive()
    assert exc.value.message == str(ERR_NO_PROCESS)


def test_it_validates_the_citizen_id(receive, frozen):
    with pytest.raises(InvalidInput) as exc:
        receive(applicant=applicant(id_number="00109001234"))
    assert "12 chữ số" in exc.value.message
    with pytest.raises(InvalidInput) as exc:
        receive(applicant=applicant(birth_date=dt.date(1991, 1, 1)))
    assert "1991" in exc.value.message


def test_an_organisation_needs_a_tax_code(receive, frozen):
    with pytest.raises(InvalidInput):
        receive(applicant=Applicant(name="Công ty TNHH A", kind="2"))
    dossier = receive(
        applicant=Applicant(
            name="Công ty TNHH A", kind="2", tax_code="0101234567-001", representative="B"
        )
    )
    assert dossier.applicant_tax_code == "0101234567-001"


def test_postal_delivery_needs_an_address(receive, frozen):
    with pytest.raises(InvalidInput) as exc:
        receive(delivery_method="post")
    assert exc.value.message == str(ERR_DELIVERY_ADDRESS)


def test_a_receipt_after_the_cutoff_counts_from_the_next_day(receive, frozen):
    late = MONDAY_9.replace(hour=16)
    dossier = receive(at=late)
    assert dossier.due_at > dt.datetime(2026, 11, 9, 16, 0, tzinfo=MONDAY_9.tzinfo)
