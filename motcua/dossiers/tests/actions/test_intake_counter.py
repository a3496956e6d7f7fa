"""The counter: the checklist kept with the dossier, and a supplement request or a
refusal handed at the counter as one record with one event (Decree 118 Art. 17.1.c)."""

from __future__ import annotations

import pytest

from motcua.catalog.models import Channel
from motcua.dossiers.actions.core import NOTIFIED
from motcua.dossiers.actions.intake import (
    ERR_MISSING_DOCUMENTS,
    ERR_RECEIVED_DOCUMENT,
    ReceivedDocumentSpec,
    dossier_accept,
    dossier_refuse_at_counter,
    dossier_request_supplement_at_counter,
)
from motcua.dossiers.actions.supplements import (
    ERR_SUPPLEMENT_NO_ITEMS,
    SupplementItemSpec,
    dossier_receive_supplement,
)
from motcua.dossiers.models import Dossier, Event, EventAction, ReceivedDocument
from motcua.dossiers.states import Status
from motcua.lib.errors import InvalidInput, NotAllowed
from motcua.testing import at_commune_a

pytestmark = pytest.mark.django_db


def checklist(procedure, *, skip_last: bool = False):
    docs = list(procedure.documents.order_by("order"))
    if skip_last:
        docs = docs[:-1]
    return [
        ReceivedDocumentSpec(required_document=d, originals=1, copies=2, scanned=i == 0)
        for i, d in enumerate(docs)
    ]


def test_the_checklist_is_kept_with_the_dossier(procedure, receive, frozen):
    dossier = receive(received_documents=checklist(procedure), fees_collected=True)
    rows = list(ReceivedDocument.objects.filter(dossier=dossier).order_by("pk"))
    assert [(r.name, r.originals, r.copies, r.scanned) for r in rows] == [
        ("Đơn đề nghị cấp phép", 1, 2, True),
        ("Bản vẽ thiết kế", 1, 2, False),
    ]
    dossier.refresh_from_db()
    assert dossier.fees_collected is True
    event = Event.objects.get(dossier=dossier)
    assert event.payload["fees_collected"] is True
    assert [d["name"] for d in event.payload["received_documents"]] == [r.name for r in rows]


def test_a_missing_mandatory_document_is_refused(procedure, receive, frozen):
    with pytest.raises(InvalidInput) as caught:
        receive(received_documents=checklist(procedure, skip_last=True))
    assert caught.value.message == str(ERR_MISSING_DOCUMENTS) % {"names": "“Bản vẽ thiết kế”"}
    assert not Dossier.objects.exists()


def test_a_document_of_another_procedure_is_refused(p, procedure, receive, frozen):
    from motcua.catalog.models import RequiredDocument
    from motcua.testing import make_procedure

    other = make_procedure("1.000099", "Thủ tục khác", days=3, agencies=[p.commune_a])
    stranger = RequiredDocument.objects.create(procedure=other, order=1, name="Tờ khai")
    specs = [*checklist(procedure), ReceivedDocumentSpec(required_document=stranger)]
    with pytest.raises(InvalidInput) as caught:
        receive(received_documents=specs)
    assert caught.value.message == ERR_RECEIVED_DOCUMENT


def counter_kwargs(p, procedure, **extra):
    """The arguments of a counter action for a filing at commune A (``extra`` replaces any)."""
    return at_commune_a(p, procedure, **{"actor": p.officer_a, "channel": Channel.COUNTER, **extra})


def test_refusal_at_the_counter_is_one_record_one_event(
    p, procedure, frozen, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        dossier = dossier_refuse_at_counter(
            **counter_kwargs(p, procedure, received_documents=checklist(procedure)[:1]),
            reasons="Không thuộc thẩm quyền của xã",
        )
    dossier.refresh_from_db()
    assert dossier.status == Status.NOT_RECEIVED
    assert dossier.code == "" or dossier.code is None
    events = list(Event.objects.filter(dossier=dossier))
    assert [(e.action, e.from_status, e.to_status) for e in events] == [
        (EventAction.NOT_RECEIVED, None, Status.NOT_RECEIVED)
    ]
    assert dossier.event_count == 1 and dossier.last_event_hash == events[0].hash
    assert dossier.received_documents.count() == 1


def test_refusal_at_the_counter_needs_reasons_and_permission(p, procedure, frozen):
    with pytest.raises(InvalidInput):
        dossier_refuse_at_counter(**counter_kwargs(p, procedure), reasons="  ")
    with pytest.raises(NotAllowed):
        dossier_refuse_at_counter(
            **counter_kwargs(p, procedure, actor=p.officer_b), reasons="Lý do"
        )
    assert not Dossier.objects.exists()


def test_supplement_at_the_counter_is_one_record_one_event(p, procedure, frozen):
    missing = procedure.documents.order_by("order").last()
    dossier = dossier_request_supplement_at_counter(
        **counter_kwargs(p, procedure, received_documents=checklist(procedure, skip_last=True)),
        items=[SupplementItemSpec(required_document=missing)],
        reason="Nộp bổ sung bản vẽ",
    )
    dossier.refresh_from_db()
    assert dossier.status == Status.SUPPLEMENT
    assert dossier.supplement_rounds == 1
    events = list(Event.objects.filter(dossier=dossier))
    assert [(e.action, e.from_status, e.to_status) for e in events] == [
        (EventAction.SUPPLEMENT_REQUESTED, None, Status.SUPPLEMENT)
    ]
    request = dossier.supplements.get()
    assert [i.required_document for i in request.items.all()] == [missing]
    assert events[0].payload["supplement"] == request.pk
    # The supplement brings it back to "new", then it is received with a code.
    dossier_receive_supplement(actor=p.officer_a, dossier=dossier)
    dossier = dossier_accept(actor=p.officer_a, dossier=dossier)
    assert dossier.code and dossier.status == Status.PROCESSING


def test_supplement_at_the_counter_needs_items(p, procedure, frozen):
    with pytest.raises(InvalidInput) as caught:
        dossier_request_supplement_at_counter(**counter_kwargs(p, procedure), items=[])
    assert caught.value.message == ERR_SUPPLEMENT_NO_ITEMS
    assert not Dossier.objects.exists()


def test_only_events_citizens_hear_of_are_mailed():
    from motcua.dossiers.tasks import SUBJECTS

    assert set(SUBJECTS) == NOTIFIED


@pytest.fixture
def cases(procedure):
    """The procedure's documents split into two cases, plus one listed under no case."""
    from motcua.catalog.models import RequiredDocument

    first, second = procedure.documents.order_by("order")
    first.case_name = "Trường hợp xây dựng mới"
    first.save()
    second.case_name = "Trường hợp sửa chữa, cải tạo"
    second.save()
    common = RequiredDocument.objects.create(
        procedure=procedure, order=3, name="Giấy tờ về quyền sử dụng đất"
    )
    return first, second, common


def spec(document):
    return ReceivedDocumentSpec(required_document=document, originals=1)


def test_a_dossier_follows_one_case_of_the_documents(cases, receive, frozen):
    first, second, common = cases
    dossier = receive(document_case=first.case_name, received_documents=[spec(first), spec(common)])
    assert dossier.status == Status.PROCESSING
    dossier.refresh_from_db()
    assert dossier.document_case == "Trường hợp xây dựng mới"
    # Another case: the first case's paper is not asked for, the common one is.
    with pytest.raises(InvalidInput, match="Giấy tờ về quyền sử dụng đất") as caught:
        receive(document_case=second.case_name, received_documents=[spec(second)])
    assert first.name not in caught.value.message


def test_a_procedure_of_several_cases_needs_one_chosen(cases, receive, frozen):
    first, second, common = cases
    with pytest.raises(InvalidInput) as caught:
        receive(received_documents=[spec(first), spec(second), spec(common)])
    assert caught.value.code == "document_case"
    with pytest.raises(InvalidInput) as caught:
        receive(document_case="Trường hợp khác", received_documents=[spec(first), spec(common)])
    assert caught.value.code == "document_case_unknown"
    assert not Dossier.objects.exists()


def test_documents_for_a_case():
    from motcua.catalog.models import RequiredDocument, document_cases, documents_for_case

    a = RequiredDocument(name="A", case_name="Một")
    b = RequiredDocument(name="B", case_name="Hai")
    c = RequiredDocument(name="C")
    assert document_cases([a, b, c, a]) == ["Một", "Hai"]
    assert documents_for_case([a, b, c], "Hai") == [b, c]
    assert documents_for_case([a, b, c], "") == [c]
    # One case, or none: every document applies.
    assert documents_for_case([a, c], "") == [a, c]
    assert documents_for_case([c], "Một") == [c]
