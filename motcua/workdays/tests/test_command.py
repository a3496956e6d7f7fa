"""The `deadline` command: a stable contract other tools rely on."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from motcua.testing import Province
from motcua.workdays import services

pytestmark = pytest.mark.django_db


def run(*args: str) -> list[str]:
    out = StringIO()
    call_command("deadline", *args, stdout=out)
    return out.getvalue().splitlines()


def test_the_first_line_is_the_due_moment_in_iso_8601_with_offset():
    lines = run("--start", "2026-02-13T10:00", "--working-days", "5")
    assert lines == ["2026-02-27T10:00:00+07:00"]


def test_explain_lists_weekends_holidays_and_the_cutoff():
    lines = run("--start", "2026-02-13T16:00", "--working-days", "5", "--explain")
    assert lines[0] == "2026-02-27T17:00:00+07:00"
    text = "\n".join(lines[1:])
    assert "sau 15:00" in text
    assert "Tết Nguyên Đán" in text
    assert "nghỉ cuối tuần" in text


def test_hours_and_days_add_up():
    assert run("--start", "2026-03-09T07:30", "--working-days", "1", "--working-hours", "4") == [
        "2026-03-10T11:15:00+07:00"
    ]
    assert run("--start", "2026-03-09T00:30:00+00:00", "--working-hours", "8") == [
        "2026-03-09T17:00:00+07:00"
    ]


def test_an_agency_calendar_is_used():
    p = Province.build()

    services.override_create(day=date(2026, 3, 10), kind="off", reason="x", agency=p.province)
    assert run("--start", "2026-03-09T10:00", "--working-days", "1", "--agency", "H99.50.01") == [
        "2026-03-11T10:00:00+07:00"
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--start", "hôm qua", "--working-days", "5"], "không phải thời điểm hợp lệ"),
        (["--start", "2026-02-13T10:00", "--working-days", "-1"], "không âm"),
        (["--start", "2026-02-13T10:00", "--working-days", "nan"], "không âm"),
        (["--start", "2026-02-13T10:00"], "Hãy cho biết thời hạn"),
        (
            ["--start", "2026-02-13T10:00", "--working-days", "1", "--agency", "X"],
            "Không có cơ quan",
        ),
        (["--start", "1800-01-01T10:00", "--working-days", "1"], "ngoài phạm vi"),
    ],
)
def test_bad_input_is_a_clear_error_not_a_traceback(args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_calendar_swap_enters_a_yearly_swap():
    out = StringIO()
    call_command(
        "calendar_swap",
        "--day-off",
        "2027-04-29",
        "--working-day",
        "2027-05-08",
        "--reason",
        "Thông báo hoán đổi năm 2027",
        stdout=out,
    )
    assert "đã lưu" in out.getvalue()
    assert run("--start", "2027-04-28T10:00", "--working-days", "1") == [
        "2027-05-04T10:00:00+07:00"
    ]
    assert run("--start", "2027-05-07T10:00", "--working-days", "1") == [
        "2027-05-08T10:00:00+07:00"
    ]
    with pytest.raises(CommandError, match="đã có điều chỉnh"):
        call_command(
            "calendar_swap",
            "--day-off",
            "2027-04-29",
            "--working-day",
            "2027-05-15",
            "--reason",
            "x",
        )
    with pytest.raises(CommandError, match="không phải ngày hợp lệ"):
        call_command(
            "calendar_swap", "--day-off", "29/04", "--working-day", "2027-05-15", "--reason", "x"
        )
