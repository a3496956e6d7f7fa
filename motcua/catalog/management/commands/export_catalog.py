"""python manage.py export_catalog OUT.xlsx — the catalog in the layout import_catalog reads."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.catalog.excel import export_workbook
from motcua.catalog.models import Procedure


class Command(BaseCommand):
    help = "Xuất danh mục thủ tục ra tệp Excel (.xlsx) theo bố cục của import_catalog."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Đường dẫn tệp .xlsx sẽ ghi")
        parser.add_argument(
            "--procedure",
            action="append",
            default=[],
            metavar="MÃ",
            help="Chỉ xuất thủ tục có mã này (có thể lặp lại).",
        )
        parser.add_argument(
            "--template", action="store_true", help="Ghi tệp mẫu trống (chỉ có tiêu đề cột)."
        )

    def handle(self, *args, file: str, procedure: list[str], template: bool, **options):
        procedures = None
        if procedure:
            procedures = Procedure.objects.filter(code__in=procedure)
            missing = sorted(set(procedure) - set(procedures.values_list("code", flat=True)))
            if missing:
                raise CommandError("Không có thủ tục mã: " + ", ".join(missing))
        try:
            export_workbook(file, procedures=procedures, template=template)
        except OSError as exc:
            raise CommandError(f"Không ghi được tệp “{file}”: {exc.strerror or exc}") from None
        what = "tệp mẫu" if template else f"{(procedures or Procedure.objects).count()} thủ tục"
        self.stdout.write(self.style.SUCCESS(f"Đã xuất {what} ra “{file}”."))
