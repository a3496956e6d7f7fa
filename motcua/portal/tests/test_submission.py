"""Online submission: drafts, checked uploads, submit → status 1 visible to the office."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.catalog.models import OnlineMode
from motcua.dossiers.actions.intake import ERR_NOT_ONLINE
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import Status
from motcua.lib.errors import DomainError
from motcua.portal import services
from motcua.portal.models import DraftFile, PortalDraft
from motcua.portal.tests.conftest import pdf

pytestmark = pytest.mark.django_db


def test_a_draft_is_filled_from_the_profile(p, procedure):
    draft = services.draft_start(user=p.citizen, procedure=procedure)
    assert draft.data["name"] == "Nguyễn Văn An"
    assert draft.data["id_number"] == "001090012345"
    assert draft.data["phone"] == "0912345678"
    assert draft.data["agency"] == p.commune_a.pk


def test_it_refuses_a_draft_for_a_procedure_without_online_service(p, procedure):
    procedure.online_mode = OnlineMode.NONE
    procedure.save()
    with pytest.raises(services.PortalError) as exc:
        services.draft_start(user=p.citizen, procedure=procedure)
    assert exc.value.message == str(ERR_NOT_ONLINE)


def test_a_bad_upload_keeps_what_the_draft_holds(p, procedure):
    draft = services.draft_start(user=p.citizen, procedure=procedure)
    first, second = procedure.documents.all()
    services.draft_add_file(draft=draft, upload=pdf(), required_document=first)
    with pytest.raises(ValidationError):
        services.draft_add_file(
            draft=draft, upload=SimpleUploadedFile("ban-ve.pdf", b"GIF89a"), required_document=first
        )
    assert [f.name for f in draft.files.all()] == ["don.pdf"]


def test_submitting_a_draft_files_the_dossier_with_its_files(p, procedure, frozen):
    draft = services.draft_start(user=p.citizen, procedure=procedure)
    services.draft_save(draft=draft, data={"summary": "Xây nhà 3 tầng"})
    first = procedure.documents.first()
    services.draft_add_file(
        draft=draft, upload=pdf("../../don de nghi.pdf"), required_document=first
    )
    dossier = services.draft_submit(draft=draft, actor=p.citizen)
    assert dossier.status == Status.NEW
    assert dossier.applicant_user == p.citizen
    assert dossier.receiving_point == p.commune_a_point
    attachment = dossier.attachments.get()
    assert attachment.name == "don de nghi.pdf"
    assert attachment.required_document == first
    assert not PortalDraft.objects.exists() and not DraftFile.objects.exists()
    # Visible to the office: the receiving officer of commune A sees it.
    assert Dossier.objects.for_user(p.officer_a).filter(pk=dossier.pk).exists()


def test_a_submission_the_dossier_service_refuses_keeps_the_draft(p, procedure):
    draft = services.draft_start(user=p.citizen, procedure=procedure)
    services.draft_save(draft=draft, data={"id_number": "123"})
    with pytest.raises(DomainError):
        services.draft_submit(draft=draft, actor=p.citizen)
    assert PortalDraft.objects.filter(pk=draft.pk).exists()


def test_submission_needs_login_and_comes_back(client, p, procedure):
    url = reverse("portal:submit", args=[procedure.code])
    response = client.get(url)
    assert response.status_code == 302
    assert "dang-nhap" in response["Location"] and "next=" in response["Location"]


def test_the_submission_pages_keep_typed_data_when_an_upload_fails(client, p, procedure):
    client.force_login(p.citizen)
    response = client.get(reverse("portal:submit", args=[procedure.code]))
    draft_url = response["Location"]
    first = procedure.documents.first()
    response = client.post(
        draft_url,
        {
            "kind": "1",
            "name": "Nguyễn Văn An",
            "id_number": "001090012345",
            "summary": "Xây nhà ở",
            "delivery_method": "counter",
            "next": "review",
            f"doc_{first.pk}": SimpleUploadedFile("don.pdf", b"not a pdf"),
        },
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "không phải là tệp PDF, JPG hoặc PNG hợp lệ" in body
    assert "Xây nhà ở" in body
    response = client.post(
        draft_url,
        {
            "kind": "1",
            "name": "Nguyễn Văn An",
            "id_number": "001090012345",
            "summary": "Xây nhà ở",
            "delivery_method": "counter",
            "next": "review",
            f"doc_{first.pk}": pdf(),
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("/xem-lai/")
    response = client.get(response["Location"])
    assert "Xây nhà ở" in response.content.decode()
    response = client.post(response.wsgi_request.path)
    dossier = Dossier.objects.get()
    assert response["Location"] == reverse("portal:dossier", args=[dossier.pk])
    assert dossier.summary == "Xây nhà ở"


def test_an_unverified_account_is_asked_to_verify_first(client, p, procedure):
    p.citizen.email_verified = False
    p.citizen.save()
    client.force_login(p.citizen)
    response = client.get(reverse("portal:submit", args=[procedure.code]))
    assert response["Location"] == reverse("account_profile")


def test_another_users_draft_is_not_found(client, p, procedure):
    draft = services.draft_start(user=p.citizen, procedure=procedure)
    client.force_login(p.officer_b)
    assert client.get(reverse("portal:draft", args=[draft.pk])).status_code in (302, 404)


def test_old_drafts_are_purged_with_their_files(
    p, procedure, frozen, django_capture_on_commit_callbacks
):
    from io import StringIO

    from django.core.management import call_command

    draft = services.draft_start(user=p.citizen, procedure=procedure)
    row = services.draft_add_file(draft=draft, upload=pdf())
    storage, name = row.file.storage, row.file.name
    frozen.shift(60 * 60 * 24 * 89)
    out = StringIO()
    call_command("purge_drafts", stdout=out)
    assert "Đã xóa 0" in out.getvalue()
    frozen.shift(60 * 60 * 24 * 2)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_drafts", stdout=out)
    assert not PortalDraft.objects.exists()
    assert not storage.exists(name)


def test_each_agency_is_received_at_its_nearest_one_stop_office_in_two_queries(p, procedure):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from motcua.catalog.models import AgencyLevel
    from motcua.portal import selectors
    from motcua.testing import make_agency

    more = [
        make_agency(
            f"H99.60.{n:02d}", f"Ủy ban nhân dân xã số {n}", AgencyLevel.COMMUNE, p.province
        )
        for n in range(10)
    ]
    procedure.agencies.set([p.commune_a, p.commune_b, *more])
    procedure = type(procedure).objects.get(pk=procedure.pk)
    with CaptureQueriesContext(connection) as queries:
        agencies = selectors.competent_agencies(procedure)
    assert len(queries) <= 2
    assert {a.pk for a in agencies} == {p.commune_a.pk, p.commune_b.pk, *(a.pk for a in more)}
    assert selectors.receiving_point_for(p.commune_a) == p.commune_a_point
    assert selectors.receiving_point_for(p.commune_b) == p.centre


def test_a_missing_mandatory_file_is_named_before_submission(client, p, procedure):
    """The review page names what is missing; the dossier may still be filed, and the
    officer checks it (Decree 118 Art. 17.2: one supplement request if incomplete)."""
    draft = services.draft_start(user=p.citizen, procedure=procedure)
    optional = procedure.documents.get(mandatory=False)
    services.draft_add_file(draft=draft, upload=pdf("ban-ve.pdf"), required_document=optional)
    client.force_login(p.citizen)
    url = reverse("portal:draft_review", args=[draft.pk])
    page = client.get(url).content.decode()
    assert "Chưa tải lên các giấy tờ bắt buộc sau" in page and "Đơn đề nghị cấp phép" in page
    assert "Nộp hồ sơ</button>" in page
    assert client.post(url).status_code == 302
    assert Dossier.objects.get().attachments.count() == 1


def test_the_citizen_chooses_the_case_of_the_documents(client, p, procedure):
    first, second = procedure.documents.order_by("order")
    first.case_name = "Trường hợp cấp mới"
    first.save()
    second.case_name = "Trường hợp cấp lại"
    second.mandatory = True
    second.save()
    client.force_login(p.citizen)
    draft_url = client.get(reverse("portal:submit", args=[procedure.code]))["Location"]
    page = client.get(draft_url).content.decode()
    assert "Trường hợp của hồ sơ" in page and 'value="Trường hợp cấp lại"' in page
    typed = {
        "kind": "1",
        "name": "Nguyễn Văn An",
        "id_number": "001090012345",
        "delivery_method": "counter",
        "next": "review",
        f"doc_{second.pk}": pdf("giay-phep-cu.pdf"),
    }
    review = client.post(draft_url, typed)["Location"]
    page = client.get(review).content.decode()
    assert "vui lòng quay lại chọn trường hợp của hồ sơ" in page
    assert "Nộp hồ sơ</button>" not in page
    # Submitted anyway (by hand): the service refuses it and the draft keeps its file.
    response = client.post(review)
    assert response.status_code == 302 and not Dossier.objects.exists()
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("vui lòng chọn trường hợp của hồ sơ" in m for m in messages)
    typed.pop(f"doc_{second.pk}")
    client.post(draft_url, {**typed, "document_case": "Trường hợp cấp lại"})
    page = client.get(review).content.decode()
    assert "Trường hợp cấp lại" in page and "Nộp hồ sơ</button>" in page
    assert "Chưa tải lên" not in page  # the other case's application form is not asked for
    client.post(review)
    dossier = Dossier.objects.get()
    assert dossier.document_case == "Trường hợp cấp lại"
    assert [a.name for a in dossier.attachments.all()] == ["giay-phep-cu.pdf"]
