"""python manage.py deadline --start 2026-02-13T10:00 --working-days 5 [--explain]

A stable contract: the first line of output is the due moment in ISO 8601 with its
offset (e.g. ``2026-02-27T10:00:00+07:00``). With --explain, the next lines say why.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.workdays import deadlines
from motcua.workdays.calendar import CalendarRangeError
from motcua.workdays.units import TimeUnit

BAD_START = "--start “%s” không phải thời điểm hợp lệ (dạng 2026-02-13T10:00)."
BAD_AMOUNT = "%s “%s” không phải số không âm hợp lệ."
NO_AMOUNT = "Hãy cho biết thời hạn: --working-days N và/hoặc --working-hours N."
NO_AGENCY = "Không có cơ quan mã “%s”."


def _amount(option: str, text: str | None) -> Decimal:
    if text is None:
        return Decimal(0)
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise CommandError(BAD_AMOUNT % (option, text)) from None
    if not value.is_finite() or value < 0 or value > 100_000:
        raise CommandError(BAD_AMOUNT % (option, text))
    return value


class Command(BaseCommand):
    help = "In hạn trả kết quả (ISO 8601, múi giờ +07:00) của hồ sơ tiếp nhận lúc --start."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--start", required=True, help="Thời điểm tiếp nhận, ISO 8601.")
        parser.add_argument("--working-days", dest="days", help="Số ngày làm việc.")
        parser.add_argument("--working-hours", dest="hours", help="Số giờ làm việc.")
        parser.add_argument("--agency", help="Mã cơ quan (mặc định: lịch chung).")
        parser.add_argument("--explain", action="store_true", help="Giải thích cách tính.")

    def handle(self, *args, **options) -> None:
        tz = ZoneInfo(settings.TIME_ZONE)
        try:
            start = datetime.fromisoformat(options["start"].strip())
        except ValueError:
            raise CommandError(BAD_START % options["start"]) from None
        if start.tzinfo is None:
            start = start.replace(tzinfo=tz)
        if options["days"] is None and options["hours"] is None:
            raise CommandError(NO_AMOUNT)
        days = _amount("--working-days", options["days"])
        hours = _amount("--working-hours", options["hours"])
        if options["hours"] is None:
            amount, unit = days, TimeUnit.WORKING_DAYS
        else:
            amount, unit = days * 8 + hours, TimeUnit.WORKING_HOURS
        agency = None
        if options["agency"]:
            from motcua.catalog.models import Agency

            agency = Agency.objects.filter(code=options["agency"].strip()).first()
            if agency is None:
                raise CommandError(NO_AGENCY % options["agency"])
        try:
            explanation = deadlines.explain_due(start, amount, unit, agency=agency)
        except CalendarRangeError:
            raise CommandError(deadlines.range_message()) from None
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(explanation.due.astimezone(tz).isoformat())
        if options["explain"]:
            for line in explanation.lines:
                self.stdout.write(line)
