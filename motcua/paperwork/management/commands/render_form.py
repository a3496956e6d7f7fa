"""Print an official form of a dossier, or the register of an agency, to a file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from motcua.paperwork import official


def _date(value: str, option: str) -> dt.date:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise CommandError(f"{option}: ngày không hợp lệ “{value}” (dùng YYYY-MM-DD hoặc dd/mm/yyyy).")


class Command(BaseCommand):
    help = (
        "In biểu mẫu Thông tư 03/2025/TT-VPCP ra tệp PDF: "
        "render_form 01 --dossier MÃ_HỒ_SƠ --out giay-tiep-nhan.pdf; "
        "sổ theo dõi: render_form 07 --from 2026-11-01 --to 2026-11-30 --agency MÃ_CƠ_QUAN "
        "--out so.pdf (hoặc .xlsx)."
    )

    def add_arguments(self, parser):
        parser.add_argument("number", help="Số mẫu: 01–07, hoặc cxl (phiếu chuyển xử lý).")
        parser.add_argument("--dossier", help="Mã hồ sơ (hoặc #số nội bộ nếu chưa có mã).")
        parser.add_argument("--out", help="Tệp kết quả (mặc định: mau-<số>-<mã>.pdf).")
        parser.add_argument("--from", dest="start", help="Mẫu 07: từ ngày.")
        parser.add_argument("--to", dest="end", help="Mẫu 07: đến ngày.")
        parser.add_argument("--agency", help="Mẫu 07: mã định danh cơ quan.")
        parser.add_argument("--signed", action="store_true", help="Ký số bằng khóa của cơ quan.")

    def handle(self, *args, number: str, **options):
        key = number.strip().lower()
        if key.isdigit() and int(key) == 7:
            data, out = self._register(options)
        else:
            data, out = self._form(number, options)
        path = Path(out)
        try:
            path.write_bytes(data)
        except OSError as exc:
            raise CommandError(f"Không ghi được tệp {path}: {exc.strerror}") from None
        self.stdout.write(self.style.SUCCESS(f"Đã ghi {path} ({len(data):,} byte)"))

    def _form(self, number: str, options) -> tuple[bytes, str]:
        from motcua.dossiers.models import Dossier

        reference = (options.get("dossier") or "").strip()
        if not reference:
            raise CommandError("Cần --dossier MÃ_HỒ_SƠ.")
        try:
            official.form_spec(number)  # unknown numbers fail before the lookup
        except official.FormError as exc:
            raise CommandError(exc.message) from None
        if reference.startswith("#") and reference[1:].isdigit():
            dossier = Dossier.objects.filter(pk=int(reference[1:])).first()
        else:
            dossier = Dossier.objects.filter(code=reference).first()
        if dossier is None:
            raise CommandError(f"Không tìm thấy hồ sơ “{reference}”.")
        try:
            data = official.render_form(number, dossier, signed=options["signed"])
        except official.FormError as exc:
            raise CommandError(exc.message) from None
        name = dossier.code or f"so-{dossier.pk}"
        return data, options.get("out") or f"mau-{number}-{name}.pdf"

    def _register(self, options) -> tuple[bytes, str]:
        from motcua.catalog.models import Agency

        missing = [o for o in ("start", "end", "agency") if not options.get(o)]
        if missing:
            raise CommandError("Mẫu 07 cần --from, --to và --agency.")
        start = _date(options["start"], "--from")
        end = _date(options["end"], "--to")
        agency = Agency.objects.filter(code=options["agency"].strip()).first()
        if agency is None:
            raise CommandError(f"Không tìm thấy cơ quan có mã “{options['agency']}”.")
        out = options.get("out") or f"so-theo-doi-{agency.code}-{start}-{end}.pdf"
        try:
            if out.lower().endswith(".xlsx"):
                data = official.register_xlsx(start=start, end=end, agency=agency)
            else:
                data = official.render_register(start=start, end=end, agency=agency)
        except official.FormError as exc:
            raise CommandError(exc.message) from None
        return data, out
