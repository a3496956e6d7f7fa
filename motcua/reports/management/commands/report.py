"""``manage.py report``: the period statistics as JSON or a table."""

from __future__ import annotations

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError

from motcua.catalog.models import Agency
from motcua.reports.stats import METRICS, flat, period_statistics

ERR_DATE = "Ngày phải có dạng YYYY-MM-DD, ví dụ 2026-01-31."
ERR_AGENCY = "Không tìm thấy cơ quan có mã “%s”."


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(ERR_DATE) from None


class Command(BaseCommand):
    help = "Thống kê hồ sơ trong kỳ (Quyết định 766): tiếp nhận, giải quyết, đang xử lý…"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--from", dest="start", required=True)
        parser.add_argument("--to", dest="end", required=True)
        parser.add_argument("--agency", help="Mã định danh cơ quan (gồm cả đơn vị cấp dưới).")
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args, start: str, end: str, agency: str | None, format: str, **kw):
        first, last = _date(start), _date(end)
        if first > last:
            raise CommandError("Ngày bắt đầu phải trước hoặc bằng ngày kết thúc.")
        unit = None
        if agency:
            unit = Agency.objects.filter(code=agency).first()
            if unit is None:
                raise CommandError(ERR_AGENCY % agency)
        stats = period_statistics(start=first, end=last, agency=unit)
        if format == "json":
            payload = {
                "from": first.isoformat(),
                "to": last.isoformat(),
                "agency": unit.code if unit else None,
                **stats,
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
            return
        for name, value in flat(stats).items():
            self.stdout.write(f"{METRICS[name]:<28} {value:>10}")
