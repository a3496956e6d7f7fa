"""Files sent with a PAKN: checked on the way in, seen only by the agency."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.feedback import services
from motcua.feedback.models import Feedback, FeedbackAttachment
from motcua.feedback.tests.factories import file_feedback
from motcua.lib.uploads import ERR_UPLOAD_TYPE

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def pdf(name: str = "Đơn của Nguyễn Văn A.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def test_files_are_kept_under_random_names(province):
    feedback = file_feedback(
        province, attachments=[pdf(), SimpleUploadedFile("anh.PNG", PNG, "image/png")]
    )
    first, second = feedback.attachments.all()
    assert first.name == "Đơn của Nguyễn Văn A.pdf"
    assert "Nguyễn" not in first.file.name
    assert first.file.name.startswith(f"feedback/{feedback.pk}/") and first.file.name.endswith(
        ".pdf"
    )
    assert (first.content_type, second.content_type) == ("application/pdf", "image/png")
    assert first.size == len(PDF)


def test_it_rejects_files_that_are_not_what_they_say(province):
    fake = SimpleUploadedFile("hoa-don.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    with pytest.raises(services.InvalidInput) as exc:
        file_feedback(province, attachments=[fake])
    assert exc.value.message == str(ERR_UPLOAD_TYPE) % {"name": "hoa-don.pdf"}
    with pytest.raises(services.InvalidInput):
        file_feedback(province, attachments=[SimpleUploadedFile("a.exe", PDF)])
    assert not Feedback.objects.exists()


def test_it_rejects_too_many_or_too_big_files(province, settings):
    with pytest.raises(services.InvalidInput) as exc:
        file_feedback(
            province, attachments=[pdf("1.pdf"), pdf("2.pdf"), pdf("3.pdf"), pdf("4.pdf")]
        )
    assert exc.value.message == "Chỉ được đính kèm tối đa 3 tệp."
    settings.UPLOAD_MAX_BYTES = 10
    with pytest.raises(services.InvalidInput) as exc:
        file_feedback(province, attachments=[pdf("lon.pdf")])
    assert exc.value.code == "too_big" and "lớn hơn" in exc.value.message
    assert not FeedbackAttachment.objects.exists()


def test_uploading_through_the_form_and_downloading_as_staff(client, province):
    response = client.post(
        "/phan-anh/gui/",
        {
            "subject_kind": "agency",
            "agency": str(province.commune_a.pk),
            "title": "Có ảnh chụp",
            "content": "Xem ảnh đính kèm.",
            "is_anonymous": "on",
            "attachments": [pdf("bien-nhan.pdf")],
        },
    )
    assert response.status_code == 302
    feedback = Feedback.objects.get()
    item = feedback.attachments.get()
    url = f"/van-phong/phan-anh/{feedback.code}/tep/{item.pk}/"
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(province.officer_b)
    assert client.get(url).status_code == 403
    client.force_login(province.leader_a)
    assert url in client.get(f"/van-phong/phan-anh/{feedback.code}/").content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"]
    assert client.get(f"/van-phong/phan-anh/{feedback.code}/tep/999/").status_code == 404


def test_a_bad_file_in_the_form_is_a_clear_error(client, province):
    response = client.post(
        "/phan-anh/gui/",
        {
            "subject_kind": "agency",
            "agency": str(province.commune_a.pk),
            "title": "Tệp hỏng",
            "content": "Nội dung",
            "is_anonymous": "on",
            "attachments": [SimpleUploadedFile("x.pdf", b"khong phai pdf")],
        },
    )
    assert response.status_code == 200
    assert "không phải là tệp PDF, JPG hoặc PNG hợp lệ" in response.content.decode()
    assert 'value="Tệp hỏng"' in response.content.decode()
