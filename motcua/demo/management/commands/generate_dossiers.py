"""Create realistic dossiers through the services (see motcua/demo/dossiers.py)."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.demo.dossiers import GenerationError, generate
from motcua.dossiers.models import Status


class Command(BaseCommand):
    help = (
        "Tạo hồ sơ mẫu qua đúng các hàm nghiệp vụ: nhiều kênh, thủ tục, cơ quan, kết quả, "
        "bổ sung, gia hạn, liên thông, trễ hạn; tiếp nhận trong D ngày gần đây."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--count", type=int, default=200)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--days", type=int, default=60)
        parser.add_argument(
            "--now",
            help="Mốc “hiện tại” (ISO 8601, ví dụ 2026-11-23T10:00+07:00); mặc định: đầu giờ hiện tại.",
        )
        parser.add_argument(
            "--files",
            action="store_true",
            help=gettext_lazy(
                "Kèm tệp: giấy tờ nộp trực tuyến hoặc bản quét tại quầy, biên bản thẩm định "
                "và kết quả điện tử ký số bằng khóa của cơ quan."
            ),
        )

    def handle(
        self, *args, count: int, seed: int, days: int, now: str | None, files: bool, **options
    ) -> None:
        base = None
        if now:
            try:
                base = dt.datetime.fromisoformat(now)
            except ValueError:
                raise CommandError(
                    "--now phải có dạng ISO 8601, ví dụ 2026-11-23T10:00+07:00"
                ) from None
            if timezone.is_naive(base):
                base = timezone.make_aware(base)
        try:
            stats = generate(count=count, seed=seed, days=days, now=base, files=files)
        except GenerationError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(f"Đã tạo {stats.created} hồ sơ."))
        for status in Status:
            if stats.by_status.get(status):
                self.stdout.write(f"  {status.value:>2}. {status.label}: {stats.by_status[status]}")
        self.stdout.write(
            f"  Bổ sung: {stats.supplements}; gia hạn: {stats.extensions}; liên thông: "
            f"{stats.interagency}; từ chối: {stats.refused}; rút: {stats.withdrawn}; "
            f"trễ hạn: {stats.late}; bỏ qua: {stats.skipped}."
        )
        if files:
            self.stdout.write(
                "  "
                + _("Có tệp đính kèm: %(files)s; kết quả điện tử đã ký số: %(signed)s.")
                % {"files": stats.with_files, "signed": stats.signed_results}
            )
