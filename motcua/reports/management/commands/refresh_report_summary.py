"""``manage.py refresh_report_summary [--full]``: fold new events into the daily summary."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from motcua.reports import summary


class Command(BaseCommand):
    help = (
        "Cập nhật bảng tổng hợp báo cáo theo ngày từ nhật ký xử lý hồ sơ; --full tính lại "
        "toàn bộ (sau khi nạp dữ liệu hàng loạt không qua nghiệp vụ)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--full", action="store_true")

    def handle(self, *args, full: bool, **options) -> None:
        if full:
            rows = summary.rebuild_all()
            self.stdout.write(self.style.SUCCESS(f"Đã tính lại toàn bộ: {rows} dòng tổng hợp."))
        else:
            days = summary.refresh()
            self.stdout.write(self.style.SUCCESS(f"Đã cập nhật {days} ngày."))
