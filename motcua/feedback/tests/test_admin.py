"""The administration shows PAKN read-only: changes go through the services."""

from __future__ import annotations

import pytest

from motcua.feedback.models import Feedback
from motcua.feedback.tests.factories import file_feedback, published

pytestmark = pytest.mark.django_db


def test_the_admin_lists_and_shows_but_does_not_edit(client, province):
    from motcua.testing import make_user

    feedback = file_feedback(province)
    published(province)
    root = make_user("goc", is_superuser=True, is_staff=True)
    client.force_login(root)
    page = client.get("/quan-tri/feedback/feedback/")
    assert page.status_code == 200
    assert feedback.code in page.content.decode()
    detail = client.get(f"/quan-tri/feedback/feedback/{feedback.pk}/change/")
    assert detail.status_code == 200
    assert client.get("/quan-tri/feedback/feedback/add/").status_code == 403
    client.post(f"/quan-tri/feedback/feedback/{feedback.pk}/change/", {"status": "published"})
    feedback.refresh_from_db()
    assert feedback.status == "received"
    assert Feedback.objects.count() == 2
    assert client.get("/quan-tri/feedback/feedbackvote/").status_code == 200
