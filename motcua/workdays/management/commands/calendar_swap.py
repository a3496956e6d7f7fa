"""python manage.py calendar_swap --day-off 2027-05-03 --working-day 2027-05-08 --reason "…"

Enters a yearly government swap (hoán đổi ngày làm việc) that the ``holidays`` package
does not know yet: a weekday off and a Saturday worked, as two overrides.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.workdays import services

BAD_DATE = "%s “%s” không phải ngày hợp lệ (dạng 2027-05-03)."
NO_AGENCY = "Không có cơ quan mã “%s”."


def _date(option: str, text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise CommandError(BAD_DATE % (option, text)) from None


class Command(BaseCommand):
    help = "Nhập một lần hoán đổi ngày làm việc: một ngày nghỉ và một ngày thứ Bảy làm bù."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--day-off", required=True)
        parser.add_argument("--working-day", required=True)
        parser.add_argument("--reason", required=True, help="Ví dụ số văn bản thông báo.")
        parser.add_argument("--agency", help="Mã cơ quan (mặc định: toàn hệ thống).")

    def handle(self, *args, **options) -> None:
        day_off = _date("--day-off", options["day_off"])
        working_day = _date("--working-day", options["working_day"])
        agency = None
        if options["agency"]:
            from motcua.catalog.models import Agency

            agency = Agency.objects.filter(code=options["agency"].strip()).first()
            if agency is None:
                raise CommandError(NO_AGENCY % options["agency"])
        try:
            services.swap_create(
                day_off=day_off, working_day=working_day, reason=options["reason"], agency=agency
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(f"Nghỉ {day_off:%d/%m/%Y}, làm việc bù {working_day:%d/%m/%Y}: đã lưu.")
