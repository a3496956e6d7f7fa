"""The administrator sets postal fee rules; payment orders and ratings are read-only."""

from __future__ import annotations

import pytest

from motcua.accounts.models import User
from motcua.portal.models import PostalFeeRule

pytestmark = pytest.mark.django_db


def test_the_admin_pages_open_and_a_commune_discount_is_saved(client, p):
    admin = User.objects.create_superuser("root", "root@example.vn", "x")
    client.force_login(admin)
    for url in (
        "/quan-tri/portal/postalfeerule/",
        "/quan-tri/portal/postalfeerule/add/",
        "/quan-tri/portal/paymentorder/",
        "/quan-tri/portal/postaldelivery/",
        "/quan-tri/feedback/rating/",
    ):
        assert client.get(url).status_code == 200, url
    response = client.post(
        "/quan-tri/portal/postalfeerule/add/",
        {"commune": p.commune_b.pk, "discount_percent": 50, "note": "Xã đặc biệt khó khăn"},
    )
    assert response.status_code == 302
    assert PostalFeeRule.objects.get().discount_percent == 50
    too_much = client.post(
        "/quan-tri/portal/postalfeerule/add/", {"base_fee": 30000, "discount_percent": 150}
    )
    assert too_much.status_code == 200 and PostalFeeRule.objects.count() == 1
