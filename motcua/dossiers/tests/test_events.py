from __future__ import annotations

import pytest
from django.contrib import admin
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import RequestFactory

from motcua.dossiers import events
from motcua.dossiers.actions.steps import dossier_forward
from motcua.dossiers.models import Event, EventImmutable

pytestmark = pytest.mark.django_db


@pytest.fixture
def trail(p, receive, frozen):
    d = receive()
    d = dossier_forward(actor=p.officer_a, dossier=d)
    d = dossier_forward(actor=p.specialist_a, dossier=d)
    other = receive()
    return d, other


def run_verify():
    try:
        call_command("verify_events")
    except CommandError as exc:
        return exc
    return None


def test_each_event_chains_to_the_previous(trail):
    d, _ = trail
    first, second, third = d.events.order_by("seq")
    assert first.prev_hash == "" and second.prev_hash == first.hash
    assert third.prev_hash == second.hash
    assert third.hash == events.event_hash(third)
    d.refresh_from_db()
    assert d.last_event_hash == third.hash and d.event_count == 3


def test_the_canonical_form_is_stable(trail):
    d, _ = trail
    event = d.events.get(seq=1)
    text = events.canonical(
        seq=1,
        at=event.at,
        actor_id=event.actor_id,
        actor_name=event.actor_name,
        action=event.action,
        from_status=None,
        to_status=4,
        step_id=event.step_id,
        note="",
        payload=event.payload,
    )
    assert '"at":"2026-11-02T02:00:00.000000Z"' in text
    assert " " not in text.replace("Trần Thị Bình", "")


def test_verify_passes_on_an_intact_trail(trail, capsys):
    assert run_verify() is None
    assert "toàn vẹn" in capsys.readouterr().out


def test_it_detects_a_modified_note(trail):
    d, _ = trail
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE dossiers_event SET note = %s WHERE dossier_id = %s AND seq = 2",
            ["sửa lén", d.pk],
        )
    error = run_verify()
    assert error is not None and error.returncode == 1
    assert d.code in str(error) and "sửa đổi" in str(error)


def test_it_detects_a_deleted_event(trail):
    d, _ = trail
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM dossiers_event WHERE dossier_id = %s AND seq = 2", [d.pk])
    error = run_verify()
    assert error is not None and d.code in str(error)


def test_it_detects_a_deleted_last_event(trail):
    d, _ = trail
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM dossiers_event WHERE dossier_id = %s AND seq = 3", [d.pk])
    error = run_verify()
    assert error is not None and d.code in str(error)


def test_it_detects_swapped_events(trail):
    d, _ = trail
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE dossiers_event SET seq = 100 WHERE dossier_id = %s AND seq = 2", [d.pk]
        )
        cursor.execute(
            "UPDATE dossiers_event SET seq = 2 WHERE dossier_id = %s AND seq = 3", [d.pk]
        )
        cursor.execute(
            "UPDATE dossiers_event SET seq = 3 WHERE dossier_id = %s AND seq = 100", [d.pk]
        )
    error = run_verify()
    assert error is not None and d.code in str(error)


def test_it_names_the_first_broken_dossier_only(trail):
    d, other = trail
    with connection.cursor() as cursor:
        cursor.execute("UPDATE dossiers_event SET note = 'x' WHERE dossier_id = %s", [other.pk])
    error = run_verify()
    assert other.code in str(error) and d.code not in str(error)


def test_events_cannot_be_changed_or_deleted_through_the_orm(trail):
    d, _ = trail
    event = d.events.first()
    event.note = "khác"
    with pytest.raises(EventImmutable):
        event.save()
    with pytest.raises(EventImmutable):
        event.delete()
    with pytest.raises(EventImmutable):
        Event.objects.filter(dossier=d).update(note="x")
    with pytest.raises(EventImmutable):
        Event.objects.filter(dossier=d).delete()
    with pytest.raises(Exception):  # noqa: B017 - PROTECT keeps the trail with its dossier
        d.delete()


def test_the_admin_is_read_only(trail, p):
    request = RequestFactory().get("/")
    request.user = p.admin
    event_admin = admin.site._registry[Event]
    assert not event_admin.has_change_permission(request)
    assert not event_admin.has_delete_permission(request)
    assert not event_admin.has_add_permission(request)
    from motcua.dossiers.models import Dossier

    dossier_admin = admin.site._registry[Dossier]
    assert "status" in dossier_admin.get_readonly_fields(request)
    assert not dossier_admin.has_delete_permission(request)


def test_it_detects_an_event_moved_to_another_dossier(trail):
    d, other = trail
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE dossiers_event SET dossier_id = %s, seq = 2 WHERE dossier_id = %s AND seq = 3",
            [other.pk, d.pk],
        )
    error = run_verify()
    assert error is not None and d.code in str(error)
