"""Load the demo province: agencies, staff of every role, citizens, real procedures, dossiers
with their files and signed results, and feedback (PAKN).

Idempotent: every object is found by its natural key and updated, so running it again
is safe and quick.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.accounts.models import Membership, User
from motcua.accounts.roles import Role
from motcua.catalog.models import Agency, AgencyLevel, OnlineMode, Procedure
from motcua.catalog.national import import_records, read_records
from motcua.catalog.national.shipped import national_detail_file
from motcua.catalog.services import StepSpec, process_publish
from motcua.demo import data
from motcua.demo.feedback import generate as generate_feedback
from motcua.dossiers.models import Dossier
from motcua.feedback.models import Feedback, FeedbackStatus
from motcua.portal.services import postal_fee_set
from motcua.reports.indicators import seed_demo_targets
from motcua.workdays.units import TimeUnit


def standard_steps(hours: int, unit: Agency | None) -> list[StepSpec]:
    """A common process shape whose budgets add up to ``hours`` working hours."""
    if hours <= 8:
        plan = [
            (1, "Tiếp nhận, chuyển hồ sơ", Role.RECEIVING_OFFICER, None),
            (4, "Thẩm định hồ sơ", Role.SPECIALIST, unit),
            (2, "Phê duyệt, ký kết quả", Role.AGENCY_LEADER, None),
            (1, "Trả kết quả", Role.RECEIVING_OFFICER, None),
        ]
    elif hours <= 16:
        plan = [
            (2, "Tiếp nhận, chuyển hồ sơ", Role.RECEIVING_OFFICER, None),
            (hours - 8, "Thẩm định hồ sơ", Role.SPECIALIST, unit),
            (4, "Phê duyệt, ký kết quả", Role.AGENCY_LEADER, None),
            (2, "Trả kết quả", Role.RECEIVING_OFFICER, None),
        ]
    else:
        plan = [
            (4, "Tiếp nhận, chuyển hồ sơ", Role.RECEIVING_OFFICER, None),
            (hours - 20, "Thẩm định hồ sơ", Role.SPECIALIST, unit),
            (4, "Xem xét, trình ký", Role.UNIT_LEADER, unit),
            (8, "Phê duyệt, ký kết quả", Role.AGENCY_LEADER, None),
            (4, "Trả kết quả", Role.RECEIVING_OFFICER, None),
        ]
    return [
        StepSpec(name=name, role=role, unit=step_unit, budget_hours=Decimal(h))
        for h, name, role, step_unit in plan
    ]


class Command(BaseCommand):
    help = "Nạp dữ liệu trình diễn: tỉnh Bình Sơn, các sở, ba xã, cán bộ, công dân, thủ tục thật và hồ sơ."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dossiers", type=int, default=400, help="Số hồ sơ mẫu (mặc định 400)."
        )
        parser.add_argument(
            "--days", type=int, default=120, help="Hồ sơ tiếp nhận trong bao nhiêu ngày gần đây."
        )
        parser.add_argument(
            "--feedback",
            type=int,
            default=40,
            help=gettext_lazy("Số phản ánh, kiến nghị mẫu (mặc định 40)."),
        )
        parser.add_argument("--seed", type=int, default=2026)

    _password_hash: str | None = None

    def handle(self, *args, dossiers: int, days: int, feedback: int, seed: int, **options):
        path = national_detail_file()
        if not path.exists():
            raise CommandError(
                f"Không tìm thấy dữ liệu thủ tục quốc gia tại {path}. Đặt MOTCUA_NATIONAL_DATA để chỉ đường dẫn."
            )
        with transaction.atomic():
            agencies = self._agencies()
            users = self._staff(agencies)
            self._citizens()
            self._procedures(path, agencies)
            self._postal_fees(agencies)
            self._targets()
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã nạp {len(agencies)} cơ quan, {len(users)} cán bộ, {len(data.PROCEDURES)} thủ tục."
            )
        )
        # The key and certificate that sign electronic results (a self-signed demo pair).
        call_command("make_signing_key", stdout=self.stdout)
        self._dossiers(dossiers, days, seed)
        self._feedback(feedback, days, seed)
        self._print_logins()

    def _agencies(self) -> dict[str, Agency]:
        code, name, short = data.PROVINCE
        agencies = {
            "tinh": self._agency(code, name, short, AgencyLevel.PROVINCE, None, False, "tinh")
        }
        for key, code, name, short, level, parent, one_stop in data.AGENCIES:
            agencies[key] = self._agency(code, name, short, level, agencies[parent], one_stop, key)
        return agencies

    @staticmethod
    def _agency(code, name, short, level, parent, one_stop, key) -> Agency:
        agency, _ = Agency.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "short_name": short,
                "level": level,
                "parent": parent,
                "is_one_stop": one_stop,
                "address": data.ADDRESSES.get(key, data.ADDRESSES.get(key.rsplit("_", 1)[0], "")),
                "phone": "0262 3" + code.replace(".", "")[-6:].rjust(6, "0"),
                "email": f"{key.replace('_', '.')}@binhson.gov.vn",
            },
        )
        return agency

    def _staff(self, agencies: dict[str, Agency]) -> dict[str, User]:
        users = {}
        for username, full_name, title, roles in data.STAFF:
            user = self._user(
                username,
                full_name,
                User.Kind.STAFF,
                email=f"{username}@binhson.gov.vn",
                title=title,
            )
            if username == "quantri":
                user.is_staff = user.is_superuser = True
                user.save(update_fields=["is_staff", "is_superuser"])
            for agency_key, role in roles:
                Membership.objects.get_or_create(user=user, agency=agencies[agency_key], role=role)
            if any(role in (Role.ADMIN, Role.INSPECTOR) for _, role in roles):
                user.is_staff = True
                user.save(update_fields=["is_staff"])
            users[username] = user
        for agency_key, username in data.HEADS.items():
            Agency.objects.filter(pk=agencies[agency_key].pk).update(head=users[username])
        return users

    def _citizens(self) -> None:
        for username, full_name, email, phone, id_number in data.CITIZENS:
            kind = (
                User.Kind.ORGANISATION if id_number and len(id_number) == 10 else User.Kind.CITIZEN
            )
            self._user(
                username,
                full_name,
                kind,
                email=email,
                phone=phone,
                id_number=id_number,
                email_verified=True,
            )

    def _user(self, username: str, full_name: str, kind: str, **fields) -> User:
        user, created = User.objects.update_or_create(
            username=username, defaults={"full_name": full_name, "kind": kind, **fields}
        )
        if created or not user.has_usable_password():
            # The demo password is public and the same for everyone: it is hashed once
            # (a third of a second each time) and the hash shared by every account.
            if self._password_hash is None:
                self._password_hash = make_password(data.DEMO_PASSWORD)
            user.password = self._password_hash
            user.save(update_fields=["password"])
        return user

    def _procedures(self, path: Path, agencies: dict[str, Agency]) -> None:
        codes = set(data.PROCEDURES)
        result = import_records(read_records(path), codes=codes)
        missing = codes - set(
            Procedure.objects.filter(code__in=codes).values_list("code", flat=True)
        )
        if missing:
            raise CommandError(
                f"Không nạp được các thủ tục: {', '.join(sorted(missing))} ({result})"
            )
        for code, (owner, unit_key, days) in data.PROCEDURES.items():
            procedure = Procedure.objects.get(code=code)
            if owner == "communes":
                owners = [agencies[key] for key in data.COMMUNES]
                unit = None  # the commune that handles the dossier, through the step's role
            else:
                owners = [agencies[owner]]
                unit = agencies[unit_key]
            procedure.agencies.set(owners)
            if code in data.FULL_ONLINE and procedure.online_mode != OnlineMode.FULL:
                procedure.online_mode = OnlineMode.FULL
                procedure.delivery_electronic = True
                procedure.save(
                    update_fields=[
                        "online_mode",
                        "delivery_electronic",
                        "search_text",
                        "updated_at",
                    ]
                )
            committed = Decimal(days)
            if (
                procedure.committed_time_amount != committed
                or procedure.committed_time_unit != TimeUnit.WORKING_DAYS
            ):
                procedure.committed_time_amount = committed
                procedure.committed_time_unit = TimeUnit.WORKING_DAYS
                procedure.save(
                    update_fields=[
                        "committed_time_amount",
                        "committed_time_unit",
                        "search_text",
                        "updated_at",
                    ]
                )
            current = procedure.current_process
            if current is None or current.total_hours != committed * 8:
                process_publish(
                    procedure=procedure,
                    steps=standard_steps(days * 8, unit),
                    note="Quy trình nội bộ của tỉnh Bình Sơn",
                )

    @staticmethod
    def _postal_fees(agencies: dict[str, Agency]) -> None:
        postal_fee_set(
            base_fee=data.POSTAL_BASE_FEE, note="Cước chuyển phát kết quả qua bưu chính công ích"
        )
        for key in data.DISADVANTAGED_COMMUNES:
            postal_fee_set(commune=agencies[key], discount_percent=50, note="Xã đặc biệt khó khăn")

    @staticmethod
    def _targets() -> None:
        """The province's yearly targets (on time 90 %, satisfaction 80 %, online …)."""
        seed_demo_targets(timezone.localdate().year)

    def _dossiers(self, count: int, days: int, seed: int) -> None:
        if count <= 0 or Dossier.objects.exists():
            return
        self.stdout.write(f"Đang tạo {count} hồ sơ mẫu trong {days} ngày gần đây…")
        call_command(
            "generate_dossiers", count=count, seed=seed, days=days, files=True, stdout=self.stdout
        )

    def _feedback(self, count: int, days: int, seed: int) -> None:
        if count <= 0 or Feedback.objects.exists():
            return
        self.stdout.write(
            _("Đang tạo %(count)s phản ánh, kiến nghị mẫu trong %(days)s ngày gần đây…")
            % {"count": count, "days": days}
        )
        stats = generate_feedback(count=count, seed=seed, days=days)
        statuses = stats.by_status
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Đã tạo %(created)s phản ánh, kiến nghị: %(published)s đã công khai trả lời, "
                    "%(open)s đang xử lý (%(overdue)s quá hạn), %(refused)s không tiếp nhận; "
                    "%(votes)s lượt bình chọn."
                )
                % {
                    "created": stats.created,
                    "published": statuses.get(FeedbackStatus.PUBLISHED, 0),
                    "open": sum(
                        statuses.get(s, 0)
                        for s in (
                            FeedbackStatus.RECEIVED,
                            FeedbackStatus.NEED_MORE,
                            FeedbackStatus.ANSWERED,
                        )
                    ),
                    "overdue": stats.overdue,
                    "refused": statuses.get(FeedbackStatus.REFUSED, 0),
                    "votes": stats.votes,
                }
            )
        )

    def _print_logins(self) -> None:
        self.stdout.write("")
        self.stdout.write(
            self.style.MIGRATE_HEADING(
                f"Tài khoản trình diễn (mật khẩu chung: {data.DEMO_PASSWORD})"
            )
        )
        rows = [(u, n, t) for u, n, t, _ in data.STAFF] + [
            (u, n, "Công dân / tổ chức") for u, n, *_ in data.CITIZENS
        ]
        width = max(len(u) for u, _, _ in rows)
        for username, name, title in rows:
            self.stdout.write(f"  {username.ljust(width)}  {name} — {title}")
        self.stdout.write("")
