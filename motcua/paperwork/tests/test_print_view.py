from __future__ import annotations

import pytest
from django.urls import reverse

from motcua.paperwork import official
from motcua.paperwork.tests.conftest import pdf_text

pytestmark = pytest.mark.django_db


def url(dossier, number="01"):
    return reverse("paperwork:form_pdf", args=[dossier.code, number])


def test_the_receiving_officer_prints_the_receipt(client, p, receive, frozen):
    d = receive()
    client.force_login(p.officer_a)
    response = client.get(url(d))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    assert f"mau-01-{d.code}.pdf" in response["Content-Disposition"]
    assert d.code in pdf_text(response.content)


def test_staff_of_the_competent_agency_may_print(client, p, receive, frozen):
    d = receive()
    client.force_login(p.specialist_a)
    assert client.get(url(d, "06")).status_code == 200


def test_other_agencies_are_refused(client, p, receive, frozen):
    d = receive()
    client.force_login(p.officer_b)
    assert client.get(url(d)).status_code == 403


def test_citizens_are_refused(client, p, receive, frozen):
    d = receive()
    client.force_login(p.citizen)
    assert client.get(url(d)).status_code == 403


def test_anonymous_visitors_are_sent_to_login(client, p, receive, frozen):
    response = client.get(url(receive()))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_a_form_that_does_not_apply_says_why(client, p, receive, frozen):
    d = receive()
    client.force_login(p.officer_a)
    response = client.get(url(d, "04"))
    assert response.status_code == 409
    assert str(official.ERR_NO_EXTENSION) in response.content.decode()


def test_unknown_forms_and_dossiers_are_not_found(client, p, receive, frozen):
    d = receive()
    client.force_login(p.officer_a)
    assert client.get(url(d, "99")).status_code == 404
    assert client.get(reverse("paperwork:form_pdf", args=["KHONG-CO", "01"])).status_code == 404


def test_a_dossier_without_a_code_is_printed_by_id(client, p, procedure, frozen):
    from motcua.catalog.models import Channel
    from motcua.dossiers.actions.intake import dossier_refuse_at_counter
    from motcua.testing import at_commune_a

    d = dossier_refuse_at_counter(
        **at_commune_a(p, procedure, actor=p.officer_a, channel=Channel.COUNTER),
        reasons="Không thuộc thẩm quyền của xã",
    )
    by_id = reverse("paperwork:form_pdf_by_id", args=[d.pk, "03"])
    assert by_id == f"/van-phong/ho-so/so/{d.pk}/mau/03.pdf"
    client.force_login(p.officer_b)
    assert client.get(by_id).status_code == 403
    client.force_login(p.officer_a)
    response = client.get(by_id)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert "Không thuộc thẩm quyền của xã" in pdf_text(response.content)
    assert client.get(reverse("paperwork:form_pdf_by_id", args=[d.pk, "01"])).status_code == 409
    assert (
        client.get(reverse("paperwork:form_pdf_by_id", args=[d.pk + 99, "03"])).status_code == 404
    )
