"""Create the agency's self-signed signing key and certificate when they are absent."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from motcua.paperwork import signing


def _root_agency():
    from django.db import DatabaseError

    from motcua.catalog.models import Agency

    try:
        return Agency.objects.filter(parent=None, is_active=True).order_by("order", "pk").first()
    except DatabaseError:  # tables not created yet: fall back to the configured name
        return None


class Command(BaseCommand):
    help = (
        "Tạo khóa RSA và chứng thư số tự ký của cơ quan để ký kết quả điện tử "
        "(MOTCUA_SIGNING_KEY, MOTCUA_SIGNING_CERT). Không làm gì nếu đã có."
    )

    def add_arguments(self, parser):
        parser.add_argument("--org", default="", help="Tên cơ quan ký (mặc định: cơ quan gốc).")
        parser.add_argument("--province", default="", help="Tên tỉnh, thành phố.")
        parser.add_argument("--days", type=int, default=3650, help="Số ngày hiệu lực.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Tạo lại dù đã có (kết quả đã ký trước đó "
            "sẽ cần khai báo dấu vân tay cũ để vẫn được tin cậy).",
        )

    def handle(self, *args, org: str, province: str, days: int, force: bool, **options):
        quiet = options.get("verbosity", 1) < 1
        key_file, cert_file = signing.key_path(), signing.cert_path()
        if key_file.exists() and cert_file.exists() and not force:
            if not quiet:
                self.stdout.write(f"Đã có khóa ký số: {key_file}, {cert_file}")
            return
        if days < 1:
            raise CommandError("--days phải lớn hơn 0.")
        if key_file.exists() != cert_file.exists() and not force:
            raise CommandError(
                f"Chỉ có một trong hai tệp {key_file}, {cert_file}: "
                "kiểm tra lại hoặc chạy với --force để tạo lại cả hai."
            )
        from motcua.paperwork.official import place_of

        root = _root_agency()
        organization = (org or (root.name if root else "") or settings.MOTCUA_ORG_NAME).strip()
        province = province.strip() or (place_of(root) if root else "")
        key_pem, cert_pem = signing.make_key_and_certificate(
            organization=organization, province=province, days=days
        )
        signing.write_key_pair(key_pem, cert_pem, key_file=key_file, cert_file=cert_file)
        if quiet:
            return
        self.stdout.write(
            self.style.SUCCESS(f"Đã tạo khóa ký số cho “{organization}”: {key_file}, {cert_file}")
        )
        self.stdout.write(f"Dấu vân tay SHA-256: {signing.pem_fingerprint(cert_pem)}")
