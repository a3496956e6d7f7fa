import pytest
from django.urls import reverse

from motcua.accounts.roles import Role
from motcua.testing import Province, make_procedure

pytestmark = pytest.mark.django_db


@pytest.fixture
def p():
    return Province.build()


@pytest.fixture
def procedure(p):
    return make_procedure(
        days=2,
        agencies=[p.commune_a],
        steps=[
            ("Tiếp nhận", Role.RECEIVING_OFFICER, None, 4),
            ("Thẩm định", Role.SPECIALIST, None, 12),
        ],
    )


def post_steps(client, procedure, steps, note=""):
    data = {
        "steps-TOTAL_FORMS": str(len(steps)),
        "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "30",
        "note": note,
    }
    for i, (name, role, hours) in enumerate(steps):
        data.update(
            {
                f"steps-{i}-name": name,
                f"steps-{i}-role": role,
                f"steps-{i}-budget_hours": hours,
                f"steps-{i}-unit": "",
            }
        )
    return client.post(reverse("admin:catalog_procedure_process", args=[procedure.pk]), data)


def test_the_administrator_publishes_a_new_version(client, p, procedure):
    client.force_login(p.admin)
    page = client.get(reverse("admin:catalog_procedure_process", args=[procedure.pk]))
    assert page.status_code == 200
    assert 'value="Thẩm định"' in page.content.decode()
    response = post_steps(
        client,
        procedure,
        [
            ("Tiếp nhận", Role.RECEIVING_OFFICER, "2"),
            ("Thẩm định", Role.SPECIALIST, "10"),
            ("Ký", Role.AGENCY_LEADER, "4"),
        ],
        note="Thêm bước ký",
    )
    assert response.status_code == 302
    procedure.refresh_from_db()
    assert procedure.current_process.version == 2
    assert procedure.processes.get(version=1).steps.count() == 2


def test_budgets_that_do_not_add_up_are_refused_and_the_input_kept(client, p, procedure):
    client.force_login(p.admin)
    response = post_steps(
        client,
        procedure,
        [("Tiếp nhận mới", Role.RECEIVING_OFFICER, "2"), ("Thẩm định", Role.SPECIALIST, "3")],
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Tổng thời gian các bước là 5 giờ làm việc" in body
    assert 'value="Tiếp nhận mới"' in body
    procedure.refresh_from_db()
    assert procedure.current_process.version == 1


def test_garbage_hours_are_reported(client, p, procedure):
    client.force_login(p.admin)
    response = post_steps(client, procedure, [("A", Role.SPECIALIST, "mười")])
    assert response.status_code == 200
    procedure.refresh_from_db()
    assert procedure.current_process.version == 1


def test_inspectors_read_the_admin_but_cannot_change(client, p, procedure):
    client.force_login(p.inspector)
    assert client.get(reverse("admin:catalog_procedure_changelist")).status_code == 200
    assert (
        client.get(reverse("admin:catalog_procedure_process", args=[procedure.pk])).status_code
        == 403
    )


def test_officers_and_citizens_have_no_admin(client, p, procedure):
    for user in (p.officer_a, p.citizen):
        client.force_login(user)
        response = client.get(reverse("admin:catalog_procedure_changelist"))
        assert response.status_code == 302 and "/login/" in response["Location"]
