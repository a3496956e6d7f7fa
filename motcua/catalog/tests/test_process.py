from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from motcua.accounts.roles import Role
from motcua.catalog.models import Procedure
from motcua.catalog.selectors import first_step
from motcua.catalog.services import StepSpec, process_publish
from motcua.testing import make_procedure
from motcua.workdays.units import TimeUnit

pytestmark = pytest.mark.django_db


def steps(*hours):
    return [
        StepSpec(name=f"Bước {i}", role=Role.SPECIALIST, budget_hours=Decimal(h))
        for i, h in enumerate(hours, 1)
    ]


def test_budgets_must_add_up_to_the_time_limit():
    procedure = make_procedure(days=5)
    with pytest.raises(ValidationError) as error:
        process_publish(procedure=procedure, steps=steps(8, 16, 8))
    assert "32 giờ làm việc" in str(error.value) and "40 giờ làm việc (5 ngày làm việc)" in str(
        error.value
    )
    process = process_publish(procedure=procedure, steps=steps(4, 28, 4, 4))
    assert process.version == 1 and process.total_hours == 40


def test_the_committed_time_wins_over_the_legal_one():
    procedure = make_procedure(days=15, committed_time_amount=Decimal(10))
    process = process_publish(procedure=procedure, steps=steps(80))
    assert process.total_hours == 80


def test_a_limit_in_calendar_units_cannot_be_split():
    procedure = make_procedure(
        days=None, legal_time_amount=Decimal(1), legal_time_unit=TimeUnit.MONTHS
    )
    with pytest.raises(ValidationError, match="không chia được"):
        process_publish(procedure=procedure, steps=steps(8))
    with pytest.raises(ValidationError, match="ít nhất một bước"):
        process_publish(procedure=procedure, steps=[])


def test_editing_a_process_creates_a_new_version_and_keeps_the_old():
    procedure = make_procedure(days=2)
    first = process_publish(procedure=procedure, steps=steps(8, 8))
    second = process_publish(
        procedure=procedure, steps=steps(4, 8, 4), note="Rút gọn bước thẩm định"
    )
    assert (first.version, second.version) == (1, 2)
    assert procedure.current_process == second
    assert Procedure.objects.get(pk=procedure.pk).current_process == second
    first.refresh_from_db()
    assert [s.budget_hours for s in first.steps.all()] == [8, 8]


def test_the_first_step_is_read_once_per_version(django_assert_num_queries):
    procedure = make_procedure(days=2)
    assert first_step(procedure) is None
    process_publish(procedure=procedure, steps=steps(8, 8))
    with django_assert_num_queries(1):
        step = first_step(procedure)
    with django_assert_num_queries(0):
        again = first_step(procedure)
    assert (step.name, step.process.version) == (again.name, again.process.version) == ("Bước 1", 1)
    assert step is not again and step.process is not again.process
    process_publish(procedure=procedure, steps=steps(4, 12))
    with django_assert_num_queries(1):
        newer = first_step(procedure)
    assert (newer.process.version, newer.budget_hours) == (2, 4)


def test_the_migration_points_procedures_at_their_highest_version():
    import importlib

    from django.apps import apps

    migration = importlib.import_module("motcua.catalog.migrations.0004_procedure_current_process")
    procedure = make_procedure(days=2)
    process_publish(procedure=procedure, steps=steps(8, 8))
    second = process_publish(procedure=procedure, steps=steps(16))
    bare = make_procedure("1.000002", days=2)
    Procedure.objects.update(current_process=None)
    migration.point_at_highest_version(apps, None)
    assert Procedure.objects.get(pk=procedure.pk).current_process == second
    assert Procedure.objects.get(pk=bare.pk).current_process is None
