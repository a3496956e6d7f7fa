"""Ratings (Decree 118 Art. 33): after the result, once, linked to the officers."""

from __future__ import annotations

import pytest
from django.urls import reverse

from motcua.feedback import services as fs
from motcua.feedback.models import RATING_CRITERIA, Rating
from motcua.paperwork.qr import lookup_token
from motcua.portal.tests.conftest import finish

pytestmark = pytest.mark.django_db
ALL_GOOD = dict.fromkeys(RATING_CRITERIA, 3)


def test_a_rating_waits_for_the_result(p, online, frozen):
    dossier = online()
    with pytest.raises(fs.InvalidTransition) as exc:
        fs.rating_submit(dossier=dossier, scores=ALL_GOOD, actor=p.citizen)
    assert exc.value.message == str(fs.ERR_RATING_NOT_YET)


def test_one_rating_per_dossier_linked_to_the_officers(p, online, frozen):
    dossier = finish(p, online())
    rating = fs.rating_submit(
        dossier=dossier, scores={**ALL_GOOD, "attitude_score": 1}, actor=p.citizen, comment="Chậm"
    )
    assert rating.dissatisfied
    officers = set(rating.officers.all())
    assert {p.officer_a, p.specialist_a, p.leader_a} <= officers
    assert p.citizen not in officers
    with pytest.raises(fs.InvalidTransition) as exc:
        fs.rating_submit(dossier=dossier, scores=ALL_GOOD, actor=p.citizen)
    assert exc.value.message == str(fs.ERR_RATING_TWICE)


def test_only_the_applicant_rates_from_an_account(p, online, frozen):
    dossier = finish(p, online())
    with pytest.raises(fs.NotAllowed):
        fs.rating_submit(dossier=dossier, scores=ALL_GOOD, actor=p.officer_b)
    with pytest.raises(fs.InvalidInput):
        fs.rating_submit(dossier=dossier, scores={**ALL_GOOD, "time_score": 7}, actor=p.citizen)


def test_the_rating_page_of_my_dossier(client, p, online, frozen):
    dossier = finish(p, online())
    client.force_login(p.citizen)
    url = reverse("portal:rate", args=[dossier.pk])
    page = client.get(url).content.decode()
    assert "Thái độ của cán bộ" in page and "Rất hài lòng" in page
    assert client.post(url, {"time_score": "3"}).status_code == 422
    response = client.post(url, {**ALL_GOOD, "comment": "Tốt"})
    assert response.status_code == 302
    assert Rating.objects.get().comment == "Tốt"


def test_the_receipt_link_rates_without_an_account(client, p, online, frozen):
    dossier = finish(p, online())
    token = lookup_token(dossier.code)
    lookup = client.get("/tra-cuu/", {"t": token}).content.decode()
    assert "/danh-gia/?t=" in lookup
    response = client.post(f"/danh-gia/?t={token}", ALL_GOOD)
    assert response.status_code == 302
    assert Rating.objects.get().channel == "receipt"
    again = client.get(f"/danh-gia/?t={token}").content.decode()
    assert "đã được đánh giá" in again
