"""Walk every dossier's event chain; exit 1 naming the first broken dossier."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from motcua.dossiers import events


class Command(BaseCommand):
    help = "Kiểm tra tính toàn vẹn của nhật ký xử lý hồ sơ (chuỗi băm SHA-256)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--all", action="store_true", help="Liệt kê mọi hồ sơ bị sai.")

    def handle(self, *args, **options) -> None:
        problems = []
        for problem in events.verify():
            problems.append(problem)
            if not options["all"]:
                break
            self.stderr.write(str(problem))
        if problems:
            raise CommandError(
                f"Nhật ký xử lý đã bị thay đổi. Hồ sơ sai đầu tiên: {problems[0]}", returncode=1
            )
        self.stdout.write(self.style.SUCCESS("Nhật ký xử lý của mọi hồ sơ toàn vẹn."))
