"""No portal page answers 500, whatever is typed or posted."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from motcua.portal import services

pytestmark = pytest.mark.django_db
TEXT = st.text(max_size=400)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(code=TEXT, factor=TEXT, token=TEXT)
def test_the_lookup_answers_anything_without_error(p, code, factor, token):
    client = Client(REMOTE_ADDR=f"10.1.{len(code) % 250}.{len(factor) % 250}")
    assert client.get("/tra-cuu/", {"ma": code, "so": factor}).status_code in (200, 429)
    assert client.get("/tra-cuu/", {"t": token}).status_code in (200, 429)
    assert client.get("/danh-gia/", {"t": token}).status_code == 404


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    values=st.fixed_dictionaries(
        dict.fromkeys(
            (
                "kind",
                "name",
                "id_number",
                "birth_date",
                "phone",
                "email",
                "summary",
                "agency",
                "delivery_method",
                "delivery_commune",
                "delivery_address",
            ),
            TEXT,
        )
    )
)
def test_the_online_form_keeps_garbage_and_never_fails(p, procedure, values):
    draft = services.draft_start(user=p.citizen, procedure=procedure)
    client = Client()
    client.force_login(p.citizen)
    response = client.post(reverse("portal:draft", args=[draft.pk]), {**values, "next": "review"})
    assert response.status_code in (302, 422)
    review = client.get(reverse("portal:draft_review", args=[draft.pk]))
    assert review.status_code in (200, 422)
    submitted = client.post(reverse("portal:draft_review", args=[draft.pk]))
    assert submitted.status_code in (302, 422)
