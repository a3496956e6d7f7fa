"""Builders for tests: a small province with personas, in the spirit of STYLE.md.

Explicit creates, no fixtures files. ``Province.build()`` makes:

- the province (H99) with its one-stop centre and two departments,
- commune A (with its receiving point) and commune B,
- personas: a citizen, the receiving officer, specialist, unit leader and
  leader of commune A, an officer of commune B, an administrator and an inspector.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from motcua.accounts.models import Membership, User
from motcua.accounts.roles import Role
from motcua.catalog.models import Agency, AgencyLevel, Field, OnlineMode, Procedure
from motcua.catalog.services import StepSpec, process_publish

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
