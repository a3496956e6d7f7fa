"""Builders for tests: a small province with personas, in the spirit of STYLE.md.

Explicit creates, no fixtures files. ``Province.build()`` makes:

- the province (H99) with its one-stop centre and two departments,
- commune A (with its receiving point) and commune B,
- personas: a citizen, the receiving officer, specialist, unit leader and
  leader of commune A, an officer of commune B, an administrator and an inspector.

Dossiers: ``standard_procedure(p)`` (five working days in four steps at commune A),
``applicant()``, ``receive_dossier(p, procedure)`` and ``submit_dossier(p, procedure)``
through the dossier services, and ``MONDAY_9`` / ``at(days, hours)`` for frozen time.
Benchmarks use the same builders.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from decimal import Decimal
from zoneinfo import ZoneInfo

from motcua.accounts.models import Membership, User
from motcua.accounts.roles import Role
from motcua.catalog.models import Agency, AgencyLevel, Channel, Field, OnlineMode, Procedure
from motcua.catalog.services import StepSpec, process_publish
from motcua.dossiers.actions.intake import Applicant, Intake, dossier_receive, dossier_submit
from motcua.dossiers.models import Dossier

PASSWORD = "mat-khau-thu-nghiem"


def make_user(username: str, *, kind: str = User.Kind.STAFF, **extra) -> User:
    user = User(
        username=username, kind=kind, full_name=extra.pop("full_name", username.title()), **extra
    )
    user.set_password(PASSWORD)
    user.save()
    return user


def grant(user: User, agency: Agency, role: str) -> Membership:
    return Membership.objects.create(user=user, agency=agency, role=role)


def make_agency(code: str, name: str, level: str, parent: Agency | None = None, **extra) -> Agency:
    return Agency.objects.create(code=code, name=name, level=level, parent=parent, **extra)


def make_procedure(
    code: str = "1.000001",
    name: str = "Cấp giấy phép xây dựng",
    *,
    field: Field | None = None,
    days: int | None = 5,
    online_mode: str = OnlineMode.PARTIAL,
    agencies: list[Agency] | None = None,
    steps: list[tuple[str, str, Agency | None, int]] | None = None,
    **extra,
) -> Procedure:
    """A procedure; ``steps`` are (name, role, unit, hours) and must add up to ``days`` × 8."""
    if field is None:
        field, _ = Field.objects.get_or_create(code="XD", defaults={"name": "Hoạt động xây dựng"})
    extra.setdefault("legal_time_amount", Decimal(days) if days is not None else None)
    extra.setdefault("level_province", True)
    procedure = Procedure.objects.create(
        code=code, name=name, field=field, online_mode=online_mode, **extra
    )
    if agencies:
        procedure.agencies.set(agencies)
    if steps:
        process_publish(
            procedure=procedure,
            steps=[
                StepSpec(name=n, role=r, unit=u, budget_hours=Decimal(h)) for n, r, u, h in steps
            ],
        )
    return procedure


@dataclass
class Province:
    province: Agency
    centre: Agency
    construction: Agency
    justice: Agency
    commune_a: Agency
    commune_a_point: Agency
    commune_b: Agency
    citizen: User
    officer_a: User
    specialist_a: User
    unit_leader_a: User
    leader_a: User
    officer_b: User
    admin: User
    inspector: User

    @classmethod
    def build(cls) -> Province:
        province = make_agency("H99", "Ủy ban nhân dân tỉnh Thử Nghiệm", AgencyLevel.PROVINCE)
        centre = make_agency(
            "H99.1",
            "Trung tâm Phục vụ hành chính công tỉnh",
            AgencyLevel.ONE_STOP_CENTRE,
            province,
            is_one_stop=True,
        )
        construction = make_agency("H99.20", "Sở Xây dựng", AgencyLevel.DEPARTMENT, province)
        justice = make_agency("H99.21", "Sở Tư pháp", AgencyLevel.DEPARTMENT, province)
        commune_a = make_agency(
            "H99.50.01", "Ủy ban nhân dân xã An Bình", AgencyLevel.COMMUNE, province
        )
        commune_a_point = make_agency(
            "H99.50.01.1",
            "Trung tâm Phục vụ hành chính công xã An Bình",
            AgencyLevel.ONE_STOP_CENTRE,
            commune_a,
            is_one_stop=True,
        )
        commune_b = make_agency(
            "H99.50.02", "Ủy ban nhân dân xã Bình Minh", AgencyLevel.COMMUNE, province
        )

        citizen = make_user(
            "congdan",
            kind=User.Kind.CITIZEN,
            full_name="Nguyễn Văn An",
            phone="0912345678",
            email="an@example.vn",
            id_number="001090012345",
        )
        officer_a = make_user("tiepnhan_a", full_name="Trần Thị Bình")
        grant(officer_a, commune_a_point, Role.RECEIVING_OFFICER)
        specialist_a = make_user("chuyenvien_a", full_name="Lê Văn Cường")
        grant(specialist_a, commune_a, Role.SPECIALIST)
        unit_leader_a = make_user("truongphong_a", full_name="Phạm Thị Dung")
        grant(unit_leader_a, commune_a, Role.UNIT_LEADER)
        leader_a = make_user("chutich_a", full_name="Hoàng Văn Em")
        grant(leader_a, commune_a, Role.AGENCY_LEADER)
        commune_a.head = leader_a
        commune_a.save()
        officer_b = make_user("tiepnhan_b", full_name="Đỗ Thị Giang")
        grant(officer_b, commune_b, Role.RECEIVING_OFFICER)
        grant(officer_b, commune_b, Role.SPECIALIST)
        admin = make_user("quantri", full_name="Quản Trị Viên")
        grant(admin, province, Role.ADMIN)
        inspector = make_user("thanhtra", full_name="Thanh Tra Viên")
        grant(inspector, province, Role.INSPECTOR)
        return cls(
            province,
            centre,
            construction,
            justice,
            commune_a,
            commune_a_point,
            commune_b,
            citizen,
            officer_a,
            specialist_a,
            unit_leader_a,
            leader_a,
            officer_b,
            admin,
            inspector,
        )


VN = ZoneInfo("Asia/Ho_Chi_Minh")
# Monday 2 November 2026, 09:00 in Hà Nội: an ordinary working day.
MONDAY_9 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=VN)


def at(days: int = 0, hours: float = 0) -> dt.datetime:
    """``days`` and ``hours`` (calendar time) after ``MONDAY_9``."""
    return MONDAY_9 + dt.timedelta(days=days, hours=hours)


def standard_procedure(
    p: Province, *, days: int = 5, hours: tuple[int, int, int, int] = (4, 28, 4, 4), **extra
) -> Procedure:
    """Procedure 1.000001 (building permit for a house) at commune A: ``days`` working
    days in four steps of ``hours`` (receive, appraise, approve, return the result, which
    may be electronic). ``extra`` goes to ``make_procedure``; documents and fees are the
    caller's."""
    extra.setdefault("delivery_electronic", True)
    roles = (Role.RECEIVING_OFFICER, Role.SPECIALIST, Role.AGENCY_LEADER, Role.RECEIVING_OFFICER)
    names = ("Tiếp nhận, chuyển hồ sơ", "Thẩm định hồ sơ", "Phê duyệt kết quả", "Trả kết quả")
    return make_procedure(
        "1.000001",
        "Cấp giấy phép xây dựng nhà ở riêng lẻ",
        days=days,
        agencies=[p.commune_a],
        steps=[(n, r, None, h) for n, r, h in zip(names, roles, hours, strict=True)],
        **extra,
    )


def applicant(**overrides) -> Applicant:
    """The citizen persona as an applicant (chủ hồ sơ); ``overrides`` replace fields."""
    values = {
        "name": "Nguyễn Văn An",
        "id_number": "001090012345",
        "birth_date": dt.date(1990, 5, 17),
        "phone": "0912345678",
        "email": "an@example.vn",
        "address": "Thôn 1, xã An Bình",
    }
    values.update(overrides)
    return Applicant(**values)


_INTAKE_FIELDS = {f.name for f in fields(Intake)}


def at_commune_a(
    p: Province, procedure: Procedure, *, actor: User, channel: str, **overrides
) -> dict:
    """The arguments of an intake action for a filing at commune A: ``overrides`` replace
    any field of the ``Intake`` or any other argument (``actor``, ``at``…)."""
    filing = {
        "procedure": procedure,
        "applicant": applicant(),
        "receiving_point": p.commune_a_point,
        "agency": p.commune_a,
        "channel": channel,
    }
    arguments = {"actor": actor}
    for name, value in overrides.items():
        (filing if name in _INTAKE_FIELDS else arguments)[name] = value
    return {**arguments, "intake": Intake(**filing)}


def receive_dossier(p: Province, procedure: Procedure, **overrides) -> Dossier:
    """A dossier received by commune A's receiving officer at its counter
    (``dossier_receive``); ``overrides`` replace any argument or field of the intake."""
    defaults = {"actor": p.officer_a, "channel": Channel.COUNTER}
    return dossier_receive(**at_commune_a(p, procedure, **{**defaults, **overrides}))


def submit_dossier(p: Province, procedure: Procedure, **overrides) -> Dossier:
    """A dossier the citizen files online at commune A's one-stop centre, not yet
    received (``dossier_submit``); ``overrides`` replace any argument or field of the
    intake."""
    defaults = {"actor": p.citizen, "channel": Channel.ONLINE}
    return dossier_submit(**at_commune_a(p, procedure, **{**defaults, **overrides}))
