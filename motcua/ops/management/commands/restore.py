"""``manage.py restore FOLDER``: a backup made by ``manage.py backup``, checked, restored,
and its row counts compared."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from motcua.ops.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Khôi phục bản sao lưu (cơ sở dữ liệu và tệp) rồi so số bản ghi với lúc sao lưu."

    def add_arguments(self, parser) -> None:
        parser.add_argument("folder", type=Path)
        parser.add_argument(
            "--force",
            action="store_true",
            help="Ghi đè cơ sở dữ liệu đã có hồ sơ và MEDIA_ROOT không trống.",
        )

    def handle(self, *args, folder: Path, force: bool, **options) -> None:
        try:
            counts = backup_restore(folder=folder, force=force)
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from None
        differing = {
            label: (expected, counts["restored"].get(label))
            for label, expected in counts["expected"].items()
            if counts["restored"].get(label) != expected
        }
        for label, restored in counts["restored"].items():
            self.stdout.write(f"{label}: {restored}")
        if differing:
            raise CommandError(f"Số bản ghi khác lúc sao lưu / counts differ: {differing}")
        self.stdout.write(self.style.SUCCESS("Đã khôi phục; số bản ghi khớp với lúc sao lưu."))
