from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from motcua.accounts.models import User
from motcua.demo.dossiers import ERR_NO_SIGNING_KEY, ERR_NOTHING, generate
from motcua.dossiers import events
from motcua.dossiers.models import Dossier, Event
from motcua.testing import VN

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 20, 15, 0, tzinfo=VN)


def snapshot():
    return list(
        Dossier.objects.order_by("pk").values_list(
            "code", "channel", "status", "received_at", "due_at", "applicant_name", "ended_at"
        )
    )


def test_it_needs_procedures_and_staff(db):
    with pytest.raises(CommandError) as exc:
        call_command("generate_dossiers", count=3)
    assert str(exc.value) == ERR_NOTHING


def test_it_generates_through_the_services(p, procedure):
    p.citizen.kind = User.Kind.CITIZEN
    p.citizen.save()
    stats = generate(count=25, seed=3, days=30, now=NOW)
    assert stats.created == Dossier.objects.count() == 25
    statuses = set(Dossier.objects.values_list("status", flat=True))
    assert {4, 10} <= statuses
    assert len(statuses) >= 3
    assert set(Dossier.objects.values_list("channel", flat=True)) >= {"1", "2"}
    assert Dossier.objects.filter(received_at__gt=NOW).count() == 0
    assert (
        Dossier.objects.received().filter(received_at__lt=NOW - dt.timedelta(days=31)).count() == 0
    )
    assert Event.objects.filter(at__gt=NOW).count() == 0
    assert list(events.verify()) == []


def wipe() -> None:
    """Back to the database state before generating, through raw SQL."""
    from django.db import connection

    with connection.cursor() as cursor:
        for table in (
            "dossiers_event",
            "dossiers_steprun",
            "dossiers_supplementitem",
            "dossiers_pause",
            "dossiers_attachment",
            "dossiers_supplementrequest",
            "dossiers_extension",
            "dossiers_interagencytask",
            "dossiers_payment",
            "dossiers_financialobligation",
            "dossiers_dossier",
            "dossiers_dailysequence",
        ):
            cursor.execute(f"DELETE FROM {table}")


def test_the_same_seed_gives_the_same_data(p, procedure, django_db_blocker):
    generate(count=6, seed=11, days=20, now=NOW)
    first = snapshot()
    wipe()
    generate(count=6, seed=11, days=20, now=NOW)
    second = snapshot()
    assert [row[1:] for row in first] == [row[1:] for row in second]
    assert [row[0] for row in first] == [row[0] for row in second]


def test_files_come_through_the_services_and_leave_the_stories_unchanged(p, procedure):
    from motcua.dossiers.models import Attachment, EventAction, Outcome
    from motcua.paperwork.signing import verify_pdf

    p.citizen.kind = User.Kind.CITIZEN
    p.citizen.save()
    generate(count=30, seed=3, days=30, now=NOW)
    without = snapshot()
    wipe()
    stats = generate(count=30, seed=3, days=30, now=NOW, files=True)
    assert snapshot() == without

    received = Dossier.objects.received()
    with_files = received.filter(attachments__isnull=False).distinct()
    assert 0 < with_files.count() < received.count()
    assert stats.with_files == Dossier.objects.filter(attachments__isnull=False).distinct().count()
    assert Event.objects.filter(action=EventAction.ATTACHED).exists()
    attachment = Attachment.objects.filter(content_type="application/pdf").first()
    assert attachment.file.read().startswith(b"%PDF-") and attachment.name.endswith(".pdf")

    approved = Dossier.objects.filter(outcome=Outcome.APPROVED)
    signed = approved.exclude(result_file="")
    assert 0 < signed.count() < approved.count() and signed.count() == stats.signed_results
    with signed.first().result_file.open("rb") as handle:
        assert verify_pdf(handle.read()).valid
    assert list(events.verify()) == []


def test_files_need_the_agencys_signing_key(p, procedure, settings, tmp_path):
    settings.MOTCUA_SIGNING_KEY = str(tmp_path / "none.pem")
    with pytest.raises(CommandError) as exc:
        call_command("generate_dossiers", count=3, files=True)
    assert str(exc.value) == ERR_NO_SIGNING_KEY
    assert not Dossier.objects.exists()
