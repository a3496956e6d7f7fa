import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from motcua.accounts import permissions
from motcua.accounts.models import Membership, User
from motcua.accounts.roles import Action, Role
from motcua.catalog.models import Agency, Procedure
from motcua.demo import data

pytestmark = pytest.mark.django_db


def load(**options):
    out = io.StringIO()
    call_command("load_demo", stdout=out, **options)
    return out.getvalue()


def counts():
    return (
        Agency.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        Procedure.objects.count(),
    )


def test_the_demo_province_is_complete_and_loads_twice_the_same(client):
    output = load(dossiers=0)
    assert "quantri" in output and data.DEMO_PASSWORD in output
    first = counts()
    load(dossiers=0)
    assert counts() == first

    procedures = Procedure.objects.filter(code__in=data.PROCEDURES)
    assert procedures.count() == len(data.PROCEDURES) >= 40
    assert procedures.values("field").distinct().count() >= 8
    assert all(p.current_process is not None for p in procedures)
    assert Agency.objects.filter(level="so").count() >= 4
    assert Agency.objects.filter(level="xa").count() >= 8
    assert Agency.objects.filter(is_one_stop=True).count() == 4
    held = set(Membership.objects.values_list("role", flat=True))
    assert held == set(Role.values)

    tanlap = Agency.objects.get(code="H98.50.01.1")
    assert permissions.can(User.objects.get(username="tiepnhan.tanlap"), Action.RECEIVE, tanlap)

    body = client.get(reverse("catalog:list"), {"q": "khai sinh"}).content.decode()
    assert "Thủ tục đăng ký khai sinh" in body
    page = client.get(reverse("catalog:procedure", args=["1.001193"]))
    assert page.status_code == 200 and "<svg" in page.content.decode()


def test_the_demo_logins_work(client):
    load(dossiers=0)
    response = client.post(
        reverse("login"), {"username": "congdan", "password": data.DEMO_PASSWORD}
    )
    assert response.status_code == 302


def test_six_disadvantaged_communes_pay_half_the_postal_fee():
    from motcua.portal.models import PostalFeeRule

    load(dossiers=0)
    load(dossiers=0)
    discounted = PostalFeeRule.objects.filter(discount_percent=50)
    assert discounted.count() == 6
    assert all(rule.commune.level == "xa" for rule in discounted)
    assert (
        PostalFeeRule.objects.filter(commune__isnull=True, base_fee=data.POSTAL_BASE_FEE).count()
        == 1
    )


def test_the_demo_has_this_years_targets():
    from django.utils import timezone

    from motcua.reports.models import Target

    load(dossiers=0)
    load(dossiers=0)
    targets = Target.objects.filter(year=timezone.localdate().year)
    assert targets.exists()
    assert targets.count() == Target.objects.count()
