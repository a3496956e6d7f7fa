"""``lib.rows``: a row written by ``insert``/``update`` is the row ``save`` writes."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models.signals import post_save
from django.test.utils import CaptureQueriesContext

from motcua.dossiers.models import Dossier, Event, StepRun
from motcua.dossiers.querysets import EventImmutable
from motcua.lib import rows
from motcua.testing import receive_dossier, standard_procedure


@pytest.fixture
def dossier(p, frozen):
    return receive_dossier(p, standard_procedure(p))


def _columns(obj) -> dict:
    """Every column of the stored row, as Django reads it back."""
    model = type(obj)
    return model.objects.filter(pk=obj.pk).values(
        *[f.attname for f in model._meta.concrete_fields]
    )[0]


def _copy(dossier: Dossier, code: str) -> Dossier:
    fresh = Dossier.objects.get(pk=dossier.pk)
    fresh.pk, fresh.code, fresh._state.adding = None, code, True
    return fresh


def test_insert_writes_the_row_save_writes_in_one_statement(dossier, frozen):
    by_save, by_insert = _copy(dossier, "A-1"), _copy(dossier, "A-2")
    by_save.save(force_insert=True)
    with CaptureQueriesContext(connection) as queries:
        rows.insert(by_insert)
    assert len(queries) == 1
    assert by_insert.pk is not None and by_insert.pk != by_save.pk
    assert not by_insert._state.adding and by_insert._state.db == "default"
    written, expected = _columns(by_insert), _columns(by_save)
    for name in ("id", "code"):
        written.pop(name), expected.pop(name)
    assert written == expected
    # auto_now_add and auto_now were filled in, as save() fills them.
    assert by_insert.created_at == by_insert.updated_at == by_save.created_at


def test_a_row_built_before_its_parent_takes_the_parents_key(dossier):
    parent = _copy(dossier, "A-3")
    run = StepRun(
        dossier=parent,
        step=dossier.current_step,
        unit=dossier.current_unit,
        started_at=dossier.received_at,
        due_at=dossier.due_at,
    )
    rows.insert(parent)
    rows.insert(run)
    assert StepRun.objects.get(pk=run.pk).dossier_id == parent.pk


def test_insert_refuses_an_unsaved_parent_as_save_does(dossier):
    run = StepRun(
        dossier=_copy(dossier, "A-4"),
        step=dossier.current_step,
        unit=dossier.current_unit,
        started_at=dossier.received_at,
    )
    with pytest.raises(ValueError, match="unsaved related object"):
        rows.insert(run)


def test_receivers_still_hear_of_the_row(dossier):
    heard = []

    def receiver(sender, instance, created, **kwargs):
        heard.append((instance.pk, created))

    post_save.connect(receiver, sender=Dossier)
    try:
        copy = _copy(dossier, "A-5")
        rows.insert(copy)
        copy.summary = "Đã sửa"
        rows.update(copy, ["summary"])
    finally:
        post_save.disconnect(receiver, sender=Dossier)
    assert heard == [(copy.pk, True), (copy.pk, False)]


def test_update_writes_only_the_named_columns(dossier):
    dossier.summary = "Trích yếu mới"
    dossier.applicant_name = "Không được ghi"
    with CaptureQueriesContext(connection) as queries:
        rows.update(dossier, ["summary"])
    assert len(queries) == 1
    stored = Dossier.objects.get(pk=dossier.pk)
    assert stored.summary == "Trích yếu mới"
    assert stored.applicant_name != "Không được ghi"


def test_update_goes_through_a_models_own_save(dossier):
    """An event's save() refuses every change: update() cannot get round it."""
    event = dossier.events.get()
    event.note = "sửa"
    with pytest.raises(EventImmutable):
        rows.update(event, ["note"])
    assert Event.objects.get(pk=event.pk).note == ""


def test_a_row_with_its_key_set_keeps_it(dossier):
    copy = _copy(dossier, "A-6")
    copy.pk = dossier.pk + 1000
    rows.insert(copy)
    assert Dossier.objects.get(pk=dossier.pk + 1000).code == "A-6"
