"""Stop dossiers whose supplement has not come within 15 days (Decree 118 Art. 19.5)."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from motcua.dossiers import services
from motcua.dossiers.models import Dossier, Status

MAX_DAYS = 3650
ERR_DAYS = f"--days phải là số ngày từ 1 đến {MAX_DAYS} (mặc định 15, Nghị định 118/2025/NĐ-CP, Điều 19.5)."
REASON = (
    "Quá {days} ngày kể từ ngày yêu cầu bổ sung, hoàn thiện hồ sơ mà người nộp chưa bổ sung "
    "(Nghị định 118/2025/NĐ-CP, Điều 19.5)."
)


def close_unsupplemented(*, days: int = 15, now: dt.datetime | None = None) -> list[str]:
    """Stop (→ 8) every dossier waiting for a supplement asked ``days`` calendar days ago
    or earlier; returns the codes (or ids) closed. The event is recorded as the system."""
    now = now or timezone.now()
    limit = now - dt.timedelta(days=days)
    ids = list(
        Dossier.objects.filter(
            status=Status.SUPPLEMENT,
            supplements__completed_at__isnull=True,
            supplements__requested_at__lte=limit,
        )
        .values_list("pk", flat=True)
        .distinct()
    )
    closed = []
    for pk in ids:
        try:
            dossier = services.dossier_stop(
                actor=None, dossier=pk, reason=REASON.format(days=days), at=now
            )
        except services.DossierError:
            continue  # changed meanwhile (the supplement just arrived): leave it
        closed.append(dossier.code or f"#{dossier.pk}")
    return closed


class Command(BaseCommand):
    help = "Dừng xử lý các hồ sơ quá 15 ngày chưa bổ sung (Nghị định 118/2025/NĐ-CP, Điều 19.5)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--days", type=int, default=15)

    def handle(self, *args, **options) -> None:
        # Zero or fewer days would stop dossiers asked for a supplement today.
        if not 1 <= options["days"] <= MAX_DAYS:
            raise CommandError(ERR_DAYS)
        closed = close_unsupplemented(days=options["days"])
        for code in closed:
            self.stdout.write(f"Đã dừng xử lý hồ sơ {code}")
        self.stdout.write(self.style.SUCCESS(f"Đã dừng {len(closed)} hồ sơ."))
