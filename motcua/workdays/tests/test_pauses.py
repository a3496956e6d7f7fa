"""Waiting for the applicant: both legal readings (Decree 118 Art. 19.5 and Decision 766)."""

from __future__ import annotations

import pytest
from django.test import override_settings

from motcua.workdays import deadlines
from motcua.workdays.units import SupplementClock, TimeUnit

from .conftest import at

pytestmark = pytest.mark.django_db
WD = TimeUnit.WORKING_DAYS

RECEIVED = at(2026, 3, 9, 10)  # Monday
ASKED = at(2026, 3, 11, 10)  # Wednesday: 2 working days used
COMPLETED = at(2026, 3, 16, 10)  # next Monday: 3 working days of waiting


def test_the_default_reading_restarts_the_limit_from_zero():
    assert deadlines.default_supplement_clock() == SupplementClock.RESTART
    due = deadlines.due_after_supplements(RECEIVED, 5, WD, supplements=[(ASKED, COMPLETED)])
    assert due == at(2026, 3, 23, 10)


def test_restart_applies_the_cutoff_to_the_supplement():
    due = deadlines.due_after_supplements(
        RECEIVED, 1, WD, supplements=[(ASKED, at(2026, 3, 16, 16))], clock=SupplementClock.RESTART
    )
    assert due == at(2026, 3, 17, 17)


def test_the_766_reading_subtracts_the_waiting_time():
    due = deadlines.due_after_supplements(
        RECEIVED, 5, WD, supplements=[(ASKED, COMPLETED)], clock=SupplementClock.SUBTRACT
    )
    # 5 days + 3 days of waiting.
    assert due == at(2026, 3, 19, 10)
    assert due == deadlines.due_moment(RECEIVED, 5, WD, pauses=[(ASKED, COMPLETED)])


def test_waiting_time_is_counted_in_working_time_only():
    # Asked on Friday 13/03 10:00, completed Monday 16/03 10:00: one working day paused.
    due = deadlines.due_moment(RECEIVED, 5, WD, pauses=[(at(2026, 3, 13, 10), at(2026, 3, 16, 10))])
    assert due == at(2026, 3, 17, 10)


def test_overlapping_and_late_pauses():
    pauses = [(ASKED, COMPLETED), (at(2026, 3, 12, 10), at(2026, 3, 13, 10))]
    assert deadlines.due_moment(RECEIVED, 5, WD, pauses=pauses) == at(2026, 3, 19, 10)
    # A pause after the due moment changes nothing.
    late = [(at(2026, 4, 1, 10), at(2026, 4, 2, 10))]
    assert deadlines.due_moment(RECEIVED, 5, WD, pauses=late) == at(2026, 3, 16, 10)


def test_the_clock_is_stopped_while_a_supplement_is_awaited():
    assert deadlines.due_after_supplements(RECEIVED, 5, WD, supplements=[(ASKED, None)]) is None


def test_the_explanation_shows_the_pause():
    explanation = deadlines.explain_due(RECEIVED, 5, WD, pauses=[(ASKED, COMPLETED)])
    assert explanation.pauses[0][2] == 24
    assert any("chờ bổ sung" in line and "24 giờ làm việc" in line for line in explanation.lines)


def test_a_procedure_may_choose_its_reading():
    class Procedure:
        supplement_clock = SupplementClock.SUBTRACT

    assert deadlines.supplement_clock_for(Procedure()) == SupplementClock.SUBTRACT
    Procedure.supplement_clock = ""
    assert deadlines.supplement_clock_for(Procedure()) == SupplementClock.RESTART
    with override_settings(MOTCUA_SUPPLEMENT_CLOCK="subtract"):
        assert deadlines.default_supplement_clock() == SupplementClock.SUBTRACT


def test_the_explanation_shows_pauses_as_they_happened():
    # Asked Friday 13/03 16:00, completed Tuesday 17/03 07:30; a pause inside it is merged.
    pauses = [
        (at(2026, 3, 13, 16), at(2026, 3, 17, 7, 30)),
        (at(2026, 3, 16, 9), at(2026, 3, 16, 10)),
    ]
    explanation = deadlines.explain_due(RECEIVED, 5, WD, pauses=pauses)
    assert [(a, b) for a, b, _h in explanation.pauses] == [
        (at(2026, 3, 13, 16), at(2026, 3, 17, 7, 30))
    ]
    assert explanation.pauses[0][2] == deadlines.working_time_between(
        at(2026, 3, 13, 16), at(2026, 3, 17, 7, 30)
    )
