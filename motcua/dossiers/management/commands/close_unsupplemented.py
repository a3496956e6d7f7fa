"""Stop dossiers whose supplement has not come within 15 days (Decree 118 Art. 19.5):
``supplements.dossiers_stop_unsupplemented``, run daily."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from motcua.dossiers.actions.supplements import UNSUPPLEMENTED_DAYS, dossiers_stop_unsupplemented

MAX_DAYS = 3650
ERR_DAYS = f"--days phải là số ngày từ 1 đến {MAX_DAYS} (mặc định 15, Nghị định 118/2025/NĐ-CP, Điều 19.5)."


class Command(BaseCommand):
    help = "Dừng xử lý các hồ sơ quá 15 ngày chưa bổ sung (Nghị định 118/2025/NĐ-CP, Điều 19.5)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--days", type=int, default=UNSUPPLEMENTED_DAYS)

    def handle(self, *args, **options) -> None:
        # Zero or fewer days would stop dossiers asked for a supplement today.
        if not 1 <= options["days"] <= MAX_DAYS:
            raise CommandError(ERR_DAYS)
        stopped = dossiers_stop_unsupplemented(days=options["days"])
        for dossier in stopped:
            self.stdout.write(f"Đã dừng xử lý hồ sơ {dossier.code or f'#{dossier.pk}'}")
        self.stdout.write(self.style.SUCCESS(f"Đã dừng {len(stopped)} hồ sơ."))
