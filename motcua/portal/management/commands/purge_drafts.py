"""Remove online drafts left untouched for a long time (run daily)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from motcua.portal.services import drafts_purge


class Command(BaseCommand):
    help = "Xóa hồ sơ trực tuyến đang soạn không được cập nhật trong N ngày (mặc định 90)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--days", type=int, default=90)

    def handle(self, *args, days: int, **options) -> None:
        removed = drafts_purge(days=max(1, days))
        self.stdout.write(f"Đã xóa {removed} hồ sơ nháp.")
