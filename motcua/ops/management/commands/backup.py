"""``manage.py backup DIR``: the database and the uploaded files, in a new folder under DIR."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from motcua.ops.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu và tệp đã tải lên vào một thư mục mới trong DIR."

    def add_arguments(self, parser) -> None:
        parser.add_argument("destination", type=Path)

    def handle(self, *args, destination: Path, **options) -> None:
        try:
            folder = backup_create(destination=destination)
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(str(folder))
