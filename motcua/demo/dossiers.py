"""Realistic dossiers for demos, reports and load: made through the same services.

``generate(count=N, seed=S, days=D)`` receives N dossiers over the last D days and
plays each one forward in time — steps, supplements, extensions, inter-agency
consultations, fees, refusals, withdrawals, late finishes — stopping wherever "now"
is reached, so statuses span the whole lifecycle. Every change goes through the
dossier actions with an explicit ``at`` in the past, so codes, deadlines, step runs and
the event trail are exactly what real use would produce.

With ``files=True`` the dossiers also carry files, through the same services: papers
uploaded online or scanned at the counter (at intake, or by the receiving officer during
the first step), an appraisal record now and then, and for most approvals the result
document, signed with the agency's key by ``dossier_approve``. The files come from
``motcua.paperwork.samples`` and from a random stream of their own, so the dossiers'
stories are the same with or without them.

Determinism: one ``random.Random(seed)``; the base "now" is the start of the current
hour unless given, so the same seed, days, base and database state give the same
dossiers. It needs active procedures with a process, their competent agencies, a
one-stop receiving point and staff for each role (``manage.py load_demo`` makes them).
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from motcua.accounts.models import User
from motcua.accounts.permissions import can
from motcua.accounts.roles import Action, Role
from motcua.catalog.models import (
    Agency,
    Channel,
    Procedure,
    ProcessStep,
    RequiredDocument,
    document_cases,
    documents_for_case,
)
from motcua.dossiers.actions.attachments import DocumentFile, dossier_attach
from motcua.dossiers.actions.decision import dossier_approve, dossier_refuse
from motcua.dossiers.actions.endings import (
    dossier_finish,
    dossier_return_result,
    dossier_stop,
    dossier_withdraw,
)
from motcua.dossiers.actions.extensions import dossier_decide_extension, dossier_propose_extension
from motcua.dossiers.actions.fees import FeeItem, dossier_confirm_payment, dossier_request_payment
from motcua.dossiers.actions.intake import (
    Applicant,
    Intake,
    dossier_accept,
    dossier_receive,
    dossier_refuse_reception,
    dossier_submit,
)
from motcua.dossiers.actions.interagency import (
    InterAgencyPart,
    dossier_answer_interagency,
    dossier_send_interagency,
)
from motcua.dossiers.actions.steps import dossier_assign, dossier_forward
from motcua.dossiers.actions.supplements import (
    SupplementItemSpec,
    dossier_receive_supplement,
    dossier_request_supplement,
)
from motcua.dossiers.models import DeliveryMethod, Dossier, InterAgencyTask, Status
from motcua.dossiers.permissions import step_action, step_unit
from motcua.dossiers.timeliness import Timeliness, dossier_timeliness
from motcua.lib.errors import DomainError
from motcua.workdays import deadlines
from motcua.workdays.units import TimeUnit

ERR_NOTHING = (
    "Chưa có thủ tục nào có quy trình xử lý, cơ quan có thẩm quyền, bộ phận một cửa và "
    "cán bộ để tạo hồ sơ. Hãy chạy “python manage.py load_demo” trước."
)
ERR_NO_SIGNING_KEY = (
    "Chưa có khóa ký số của cơ quan để ký kết quả điện tử của hồ sơ mẫu. "
    "Hãy chạy “python manage.py make_signing_key” trước."
)

# Files (files=True), as shares of the dossiers concerned.
UPLOADED_ONLINE = 0.95  # online filings that came with their papers
SCANNED_AT_INTAKE = 0.55  # counter and postal filings scanned while being received
SCANNED_LATER = 0.5  # of the other ones, scanned by the receiving officer during step 1
APPRAISAL_RECORD = 0.15  # an appraisal record added by the specialist
ELECTRONIC_RESULT = 0.75  # approvals issued as a signed electronic result

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Ngọc", "Quang", "Thu", "Xuân"]
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dung",
    "Giang",
    "Hà",
    "Hải",
    "Hương",
    "Khánh",
    "Lan",
    "Long",
    "Mai",
    "Nam",
    "Nga",
    "Phúc",
    "Quân",
    "Sơn",
    "Tâm",
    "Thảo",
    "Trang",
    "Tuấn",
    "Yến",
]
VILLAGES = ["Thôn Tân Lập", "Thôn Hòa Bình", "Tổ dân phố 3", "Buôn Ea Kao", "Thôn 7", "Tổ 12"]
PROVINCE_CODES = [1, 31, 48, 66, 67, 79, 92]  # places of birth registration in the IDs


class GenerationError(Exception):
    pass


@dataclass
class Stats:
    created: int = 0
    by_status: dict[int, int] = field(default_factory=dict)
    supplements: int = 0
    extensions: int = 0
    interagency: int = 0
    refused: int = 0
    withdrawn: int = 0
    late: int = 0
    skipped: int = 0
    with_files: int = 0
    signed_results: int = 0


@dataclass(frozen=True)
class Route:
    procedure: Procedure
    agency: Agency
    point: Agency


class Staff:
    """Finds, deterministically, a staff member who may do an action in an agency."""

    def __init__(self) -> None:
        self.users = list(
            User.objects.filter(memberships__is_active=True, is_active=True)
            .distinct()
            .order_by("pk")
        )
        self._cache: dict[tuple[str, int], list[User]] = {}

    def able(self, action: str, agency: Agency) -> list[User]:
        key = (action, agency.pk)
        if key not in self._cache:
            self._cache[key] = [u for u in self.users if can(u, action, agency)]
        return self._cache[key]

    def pick(self, rng: random.Random, action: str, agency: Agency) -> User | None:
        able = self.able(action, agency)
        return rng.choice(able) if able else None


def _routes(staff: Staff) -> list[Route]:
    one_stops = list(Agency.objects.active().filter(is_one_stop=True).order_by("path"))
    routes = []
    procedures = (
        Procedure.objects.active()
        .filter(processes__isnull=False)
        .prefetch_related("agencies")
        .distinct()
        .order_by("code")
    )
    for procedure in procedures:
        if procedure.time_limit[0] is None:
            continue
        for agency in procedure.agencies.all():
            point = _receiving_point(agency, one_stops, staff)
            if point is not None:
                routes.append(Route(procedure, agency, point))
    return routes


def _receiving_point(agency: Agency, one_stops: list[Agency], staff: Staff) -> Agency | None:
    """The nearest one-stop office: inside the agency, else under its nearest ancestor."""
    for ancestor in [agency, *reversed(agency.ancestors())]:
        for point in one_stops:
            if point.path.startswith(ancestor.path) and staff.able(Action.RECEIVE, point):
                return point
    return None


def _person(rng: random.Random) -> tuple[str, str, dt.date]:
    name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
    birth = dt.date(rng.randint(1950, 2005), rng.randint(1, 12), rng.randint(1, 28))
    century = (birth.year - 1900) // 100 * 2 + rng.randint(0, 1)
    id_number = f"{rng.choice(PROVINCE_CODES):03d}{century}{birth.year % 100:02d}" + "".join(
        str(rng.randint(0, 9)) for _ in range(6)
    )
    return name, id_number, birth


def _working_moment(rng: random.Random, day: dt.date, agency: Agency) -> dt.datetime:
    tz = timezone.get_current_timezone()
    minute = rng.randint(7 * 60 + 35, 16 * 60 + 30)
    moment = dt.datetime.combine(day, dt.time(minute // 60, minute % 60), tzinfo=tz)
    return deadlines.next_working_moment(moment, agency=agency)


class _Stop(Exception):
    """The dossier's story has reached the present (or cannot go on)."""


def _paper_name(text: str) -> str:
    """A file name from a required document's text, as people name their scans:
    "- Giấy đề nghị đăng ký hộ kinh doanh;" → "Giấy đề nghị đăng ký hộ kinh doanh"."""
    name = re.sub(r"^[\s\-–+•*]*(\(\w{1,4}\)|\d{1,2}[.)])?\s*", "", text)
    name = re.split(r"[;:(]|\.\s", name, maxsplit=1)[0].replace("/", ", ")
    name = " ".join(name.split()).strip(" .,")
    if len(name) > 60:
        name = name[:60].rsplit(" ", 1)[0].strip(" .,")
    return name[:1].upper() + name[1:] if len(name) >= 4 else "Giấy tờ kèm theo"


class Papers:
    """The files of generated dossiers, drawn from a random stream of their own."""

    def __init__(self, seed: int, staff: Staff) -> None:
        from motcua.paperwork import samples, signing

        if not (signing.key_path().is_file() and signing.cert_path().is_file()):
            raise GenerationError(ERR_NO_SIGNING_KEY)
        self.samples = samples
        self.rng = random.Random(f"{seed}/files")
        self.staff = staff
        self.filed: set[int] = set()  # dossiers with at least one file
        self._documents: dict[tuple[int, str], list[tuple[RequiredDocument | None, str]]] = {}

    def chance(self, share: float) -> bool:
        return self.rng.random() < share

    def pick(self, action: str, agency: Agency) -> User | None:
        return self.staff.pick(self.rng, action, agency)

    def documents(
        self, procedure: Procedure, case: str = ""
    ) -> list[tuple[RequiredDocument | None, str]]:
        """The papers people hand in first: the mandatory documents of the dossier's case,
        in order, with the file names they get."""
        key = (procedure.pk, case)
        if key not in self._documents:
            rows = documents_for_case(procedure.documents.order_by("order", "pk"), case)
            papers, names = [], set()
            for document in [d for d in rows if d.mandatory] or rows:
                name = _paper_name(document.name)
                if name not in names:
                    names.add(name)
                    papers.append((document, name))
            self._documents[key] = papers or [(None, "Đơn đề nghị")]
        return self._documents[key]

    def file(
        self, name: str, *, document: RequiredDocument | None = None, photo: bool = False
    ) -> DocumentFile:
        if photo:
            data, filename, kind = self.samples.photo_png(self.rng), f"{name}.png", "image/png"
        else:
            data = self.samples.scan_pdf(self.rng, title=name)
            filename, kind = f"{name}.pdf", "application/pdf"
        return DocumentFile(
            file=ContentFile(data, name=filename),
            required_document=document,
            name=filename,
            content_type=kind,
        )

    def papers(self, procedure: Procedure, *, online: bool, case: str = "") -> list[DocumentFile]:
        """One to three papers of the dossier: photos or PDF scans online, scans at the counter."""
        documents = self.documents(procedure, case)[: self.rng.choice([1, 2, 2, 3])]
        return [
            self.file(name, document=document, photo=online and self.chance(0.4))
            for document, name in documents
        ]

    def result(self, dossier: Dossier, signer: User, at: dt.datetime) -> ContentFile:
        data = self.samples.result_pdf(dossier, signer=signer, at=at)
        return ContentFile(data, name=f"ket-qua-{dossier.code}.pdf")


class Generator:
    def __init__(self, *, seed: int, days: int, now: dt.datetime, files: bool = False) -> None:
        self.rng = random.Random(seed)
        self.days = max(days, 1)
        self.now = now
        self.staff = Staff()
        self.routes = _routes(self.staff)
        if not self.routes:
            raise GenerationError(ERR_NOTHING)
        self.papers = Papers(seed, self.staff) if files else None
        self._cases: dict[int, list[str]] = {}
        self.citizens = list(
            User.objects.filter(kind=User.Kind.CITIZEN, is_active=True).order_by("pk")
        )
        self.stats = Stats()

    # --- time ----------------------------------------------------------------------
    def later(self, start: dt.datetime, hours: float, agency: Agency) -> dt.datetime:
        moment = deadlines.add_working_time(
            start, Decimal(str(round(max(hours, 0.05), 2))), TimeUnit.WORKING_HOURS, agency=agency
        )
        if moment > self.now:
            raise _Stop
        return moment

    def call(self, function: Callable, **kwargs) -> Dossier:
        if kwargs.get("at") and kwargs["at"] > self.now:
            raise _Stop
        return function(**kwargs)

    def actor(self, action: str, agency: Agency) -> User:
        user = self.staff.pick(self.rng, action, agency)
        if user is None:
            raise _Stop
        return user

    def step_actor(self, dossier: Dossier) -> User:
        step = dossier.current_step
        unit = step_unit(dossier, step)
        if dossier.assignee is not None:
            return dossier.assignee
        return self.actor(step_action(step), unit)

    # --- one dossier ------------------------------------------------------------------
    def received_moments(self, count: int) -> list[tuple[dt.datetime, Route]]:
        today = timezone.localdate(self.now)
        moments = []
        for _ in range(count):
            route = self.rng.choice(self.routes)
            day = today - dt.timedelta(days=self.rng.randint(0, self.days - 1))
            moment = _working_moment(self.rng, day, route.agency)
            if moment > self.now:
                moment = self.now - dt.timedelta(minutes=self.rng.randint(5, 600))
            moments.append((moment, route))
        moments.sort(key=lambda pair: (pair[0], pair[1].procedure.code))
        return moments

    def applicant(self, channel: str) -> tuple[Applicant, User | None]:
        rng = self.rng
        if channel == Channel.ONLINE and self.citizens:
            user = rng.choice(self.citizens)
            name, id_number, birth = _person(rng)
            if user.id_number and len(user.id_number) == 12:
                id_number, birth = user.id_number, None
            return (
                Applicant(
                    name=user.full_name or name,
                    id_number=id_number,
                    birth_date=birth,
                    phone=user.phone,
                    email=user.email,
                    address=f"{rng.choice(VILLAGES)}",
                ),
                user,
            )
        name, id_number, birth = _person(rng)
        return (
            Applicant(
                name=name,
                id_number=id_number,
                birth_date=birth,
                phone=f"09{rng.randint(10_000_000, 99_999_999)}",
                email=f"nguoidan{rng.randint(1, 99999)}@example.vn" if rng.random() < 0.6 else "",
                address=rng.choice(VILLAGES),
            ),
            None,
        )

    def one(self, received_at: dt.datetime, route: Route) -> Dossier | None:
        rng = self.rng
        roll = rng.random()
        channel = (
            Channel.COUNTER if roll < 0.70 else Channel.ONLINE if roll < 0.95 else Channel.POSTAL
        )
        if channel == Channel.ONLINE and not (route.procedure.allows_online and self.citizens):
            channel = Channel.COUNTER
        applicant, citizen = self.applicant(channel)
        procedure = route.procedure
        delivery = DeliveryMethod.COUNTER if procedure.delivery_counter else DeliveryMethod.POST
        if procedure.delivery_post and rng.random() < 0.2:
            delivery = DeliveryMethod.POST
        address = applicant.address if delivery == DeliveryMethod.POST else ""
        officer = self.actor(Action.RECEIVE, route.point)
        # Filed online, a dossier names its case when the procedure lists its documents by case.
        cases = self.cases(procedure) if channel == Channel.ONLINE else []
        case = rng.choice(cases) if len(cases) > 1 else ""
        documents = self.intake_papers(procedure, channel, case)
        filing = Intake(
            procedure=procedure,
            applicant=applicant,
            receiving_point=route.point,
            agency=route.agency,
            channel=channel,
            delivery_method=delivery,
            delivery_address=address,
            document_case=case,
            documents=documents,
        )
        dossier: Dossier | None = None
        try:
            if channel == Channel.ONLINE:
                submitted = received_at - dt.timedelta(hours=rng.uniform(0.5, 20))
                dossier = dossier_submit(actor=citizen, intake=filing, at=submitted)
                self.filed(dossier, documents)
                if rng.random() < 0.05:
                    dossier = self.call(
                        dossier_refuse_reception,
                        actor=officer,
                        dossier=dossier,
                        reasons="Hồ sơ không thuộc thẩm quyền giải quyết của cơ quan đã chọn.",
                        at=received_at,
                    )
                    return dossier
                dossier = self.call(dossier_accept, actor=officer, dossier=dossier, at=received_at)
            else:
                dossier = dossier_receive(actor=officer, intake=filing, at=received_at)
                self.filed(dossier, documents)
            dossier = self.play(dossier, received_at)
        except (_Stop, DomainError):
            pass  # the story ends here: the dossier stays where it is
        return dossier

    def play(self, dossier: Dossier, t: dt.datetime) -> Dossier:
        rng = self.rng
        late = rng.random() < 0.12
        speed = (lambda: rng.uniform(1.3, 2.2)) if late else (lambda: rng.uniform(0.2, 0.9))
        wants = {
            "supplement": rng.random() < 0.10,
            "extension": rng.random() < 0.03 or (late and rng.random() < 0.15),
            "interagency": rng.random() < 0.05,
            "refuse": rng.random() < 0.05,
            "withdraw": rng.random() < 0.02,
            "payment": rng.random() < 0.08,
        }
        steps = list(ProcessStep.objects.filter(process=dossier.process).order_by("order"))
        for index, step in enumerate(steps):
            unit = step_unit(dossier, step)
            is_last = index == len(steps) - 1
            if index == 1 and wants["withdraw"]:
                t = self.later(t, rng.uniform(1, 6), unit)
                self.stats.withdrawn += 1
                return self.call(
                    dossier_withdraw,
                    actor=self.actor(Action.RECEIVE, dossier.receiving_point),
                    dossier=dossier,
                    reason="Người nộp có đơn đề nghị rút hồ sơ.",
                    at=t,
                )
            if index == 1 and step.role != "tiep_nhan" and rng.random() < 0.5:
                assigner = self.staff.pick(rng, Action.ASSIGN, unit)
                assignee = self.staff.pick(rng, step_action(step), unit)
                if assigner and assignee:
                    t = self.later(t, rng.uniform(0.1, 1), unit)
                    dossier = self.call(
                        dossier_assign,
                        actor=assigner,
                        dossier=dossier,
                        assignee=assignee,
                        at=t,
                    )
            if index == 1 and wants["supplement"]:
                dossier, t = self.supplement(dossier, t, unit)
                if dossier.status != Status.PROCESSING:
                    return dossier
            if index == 1 and wants["interagency"]:
                dossier, t = self.interagency(dossier, t, unit)
            if wants["extension"] and index == len(steps) - 2:
                dossier = self.extension(dossier, t)
            if index == len(steps) - 2 and wants["payment"]:
                dossier, t = self.payment(dossier, t, unit)
            start, hours = t, float(step.budget_hours) * speed()
            t = self.later(t, hours, unit)
            if self.papers is not None:
                dossier = self.papers_during_step(dossier, step, index, start, hours, unit)
            if index == len(steps) - 2 or (len(steps) == 1 and is_last):
                dossier = self.decide(dossier, t, refuse=wants["refuse"])
            if is_last:
                break
            dossier = self.call(
                dossier_forward, actor=self.step_actor(dossier), dossier=dossier, at=t
            )
        if not dossier.outcome:
            dossier = self.decide(dossier, t, refuse=wants["refuse"])
        dossier = self.call(dossier_finish, actor=self.step_actor(dossier), dossier=dossier, at=t)
        if dossier_timeliness(dossier) == Timeliness.LATE:
            self.stats.late += 1
        t = self.later(t, rng.uniform(0.2, 12), dossier.receiving_point)
        actor = self.actor(Action.RETURN_RESULT, dossier.receiving_point)
        return self.call(dossier_return_result, actor=actor, dossier=dossier, at=t)

    def decide(self, dossier: Dossier, t: dt.datetime, *, refuse: bool) -> Dossier:
        leader = self.staff.pick(self.rng, Action.APPROVE, dossier.agency) or self.actor(
            Action.APPROVE, dossier.current_unit
        )
        if refuse:
            self.stats.refused += 1
            return self.call(
                dossier_refuse,
                actor=leader,
                dossier=dossier,
                reasons="Hồ sơ không đáp ứng điều kiện theo quy định.",
                at=t,
            )
        result = None
        if self.papers is not None and self.papers.chance(ELECTRONIC_RESULT):
            result = self.papers.result(dossier, leader, t)
        dossier = self.call(
            dossier_approve,
            actor=leader,
            dossier=dossier,
            note="Đồng ý.",
            result_file=result,
            at=t,
        )
        self.stats.signed_results += result is not None
        return dossier

    # --- files ------------------------------------------------------------------------
    def cases(self, procedure: Procedure) -> list[str]:
        if procedure.pk not in self._cases:
            self._cases[procedure.pk] = document_cases(procedure.documents.order_by("order", "pk"))
        return self._cases[procedure.pk]

    def intake_papers(self, procedure: Procedure, channel: str, case: str) -> list[DocumentFile]:
        """Papers uploaded with an online filing, or scanned while the counter receives one."""
        papers = self.papers
        online = channel == Channel.ONLINE
        if papers is None or not papers.chance(UPLOADED_ONLINE if online else SCANNED_AT_INTAKE):
            return []
        return papers.papers(procedure, online=online, case=case)

    def filed(self, dossier: Dossier, documents: list) -> None:
        if documents and self.papers is not None and dossier.pk not in self.papers.filed:
            self.papers.filed.add(dossier.pk)
            self.stats.with_files += 1

    def papers_during_step(
        self,
        dossier: Dossier,
        step: ProcessStep,
        index: int,
        start: dt.datetime,
        hours: float,
        unit: Agency,
    ) -> Dossier:
        """Files added while a step runs (``dossier_attach``, before the step ends): the
        receiving officer scans the papers of a filing received on paper only, during the
        first step; the specialist adds an appraisal record."""
        papers = self.papers
        if (
            index == 0
            and dossier.pk not in papers.filed
            and dossier.channel != Channel.ONLINE
            and papers.chance(SCANNED_LATER)
        ):
            actor = papers.pick(Action.RECEIVE, dossier.receiving_point)
            documents = papers.papers(dossier.procedure, online=False, case=dossier.document_case)
            note = "Số hóa thành phần hồ sơ giấy đã tiếp nhận."
        elif index == 1 and step.role == Role.SPECIALIST and papers.chance(APPRAISAL_RECORD):
            actor = dossier.assignee or papers.pick(step_action(step), unit)
            documents = [papers.file("Biên bản thẩm định hồ sơ")]
            note = "Biên bản thẩm định hồ sơ."
        else:
            return dossier
        if actor is None:
            return dossier
        share = Decimal(str(round(hours * papers.rng.uniform(0.1, 0.6), 2)))
        at = deadlines.add_working_time(start, share, TimeUnit.WORKING_HOURS, agency=unit)
        dossier = self.call(
            dossier_attach,
            actor=actor,
            dossier=dossier,
            documents=documents,
            note=note,
            at=at,
        )
        self.filed(dossier, documents)
        return dossier

    def supplement(self, dossier: Dossier, t: dt.datetime, unit: Agency):
        rng = self.rng
        t = self.later(t, rng.uniform(1, 12), unit)
        document = dossier.procedure.documents.order_by("order", "pk").first()
        item = (
            SupplementItemSpec(required_document=document)
            if document is not None
            else SupplementItemSpec(
                text="Bản sao giấy tờ chứng minh quyền sử dụng đất",
                reason="Thành phần hồ sơ theo quy định của thủ tục.",
            )
        )
        dossier = self.call(
            dossier_request_supplement,
            actor=self.step_actor(dossier),
            dossier=dossier,
            items=[item],
            reason="Hồ sơ chưa đầy đủ thành phần theo quy định.",
            at=t,
        )
        self.stats.supplements += 1
        if rng.random() < 0.15:  # never answered: closed after 15 days (Art. 19.5)
            closing = t + dt.timedelta(days=15, hours=1)
            if closing > self.now:
                raise _Stop
            return self.call(
                dossier_stop,
                actor=None,
                dossier=dossier,
                reason="Quá 15 ngày kể từ ngày yêu cầu bổ sung mà người nộp chưa bổ sung "
                "(Nghị định 118/2025/NĐ-CP, Điều 19.5).",
                at=closing,
            ), closing
        answered = t + dt.timedelta(days=rng.uniform(0.5, 10))
        answered = deadlines.next_working_moment(answered, agency=dossier.receiving_point)
        if answered > self.now:
            raise _Stop
        dossier = self.call(
            dossier_receive_supplement,
            actor=self.actor(Action.RECEIVE, dossier.receiving_point),
            dossier=dossier,
            note="Đã nhận đủ hồ sơ bổ sung.",
            at=answered,
        )
        return dossier, answered

    def interagency(self, dossier: Dossier, t: dt.datetime, unit: Agency):
        rng = self.rng
        others = [
            route.agency
            for route in self.routes
            if route.agency.pk != dossier.agency_id and not route.agency.is_one_stop
        ]
        others = sorted({a.pk: a for a in others}.values(), key=lambda a: a.pk)
        if not others:
            return dossier, t
        chosen = rng.sample(others, k=min(len(others), rng.choice([1, 1, 2])))
        t = self.later(t, rng.uniform(0.5, 4), unit)
        parts = [
            InterAgencyPart(
                agency=agency,
                hours=rng.choice([8, 16, 24]),
                content="Cho ý kiến về nội dung thuộc lĩnh vực quản lý.",
                is_lead=index == 0,
            )
            for index, agency in enumerate(chosen)
        ]
        dossier = self.call(
            dossier_send_interagency,
            actor=self.step_actor(dossier),
            dossier=dossier,
            parts=parts,
            at=t,
        )
        self.stats.interagency += 1
        answered_at = t
        for task in InterAgencyTask.objects.filter(dossier=dossier, answered_at__isnull=True):
            answered_at = self.later(answered_at, rng.uniform(2, 30), task.agency)
            actor = self.staff.pick(rng, Action.PROCESS, task.agency) or self.step_actor(dossier)
            dossier = self.call(
                dossier_answer_interagency,
                actor=actor,
                dossier=dossier,
                task=task,
                answer="Thống nhất với đề xuất.",
                at=answered_at,
            )
        return dossier, answered_at

    def extension(self, dossier: Dossier, t: dt.datetime) -> Dossier:
        ahead = deadlines.working_time_between(t, dossier.due_at, agency=dossier.agency)
        if ahead < 8 or dossier.extension_count:
            return dossier
        new_due = deadlines.add_working_time(
            dossier.due_at, 3, TimeUnit.WORKING_DAYS, agency=dossier.agency
        )
        dossier = self.call(
            dossier_propose_extension,
            actor=self.step_actor(dossier),
            dossier=dossier,
            reason="Cần thêm thời gian xác minh thực địa.",
            apology="Cơ quan chúng tôi thành thật xin lỗi ông/bà vì sự chậm trễ này.",
            new_due_at=new_due,
            at=t,
        )
        head = self.actor(Action.APPROVE_EXTENSION, dossier.agency)
        dossier = self.call(
            dossier_decide_extension, actor=head, dossier=dossier, approve=True, at=t
        )
        self.stats.extensions += 1
        return dossier

    def payment(self, dossier: Dossier, t: dt.datetime, unit: Agency):
        rng = self.rng
        fees = [fee for fee in dossier.procedure.fees.all() if fee.amount]
        items = [FeeItem(fee.name[:200], int(fee.amount)) for fee in fees] or [
            FeeItem("Lệ phí giải quyết thủ tục", rng.choice([50_000, 100_000, 200_000]))
        ]
        dossier = self.call(
            dossier_request_payment,
            actor=self.step_actor(dossier),
            dossier=dossier,
            items=items,
            at=t,
        )
        paid = t + dt.timedelta(hours=rng.uniform(1, 72))
        if paid > self.now:
            raise _Stop
        online = rng.random() < 0.4
        dossier = self.call(
            dossier_confirm_payment,
            actor=None if online else self.actor(Action.RECEIVE, dossier.receiving_point),
            dossier=dossier,
            amount=sum(item.amount for item in items),
            method="online" if online else "cash",
            online=1 if online else None,
            reference=f"GD{rng.randint(100000, 999999)}",
            at=paid,
        )
        return dossier, paid

    def run(self, count: int) -> Stats:
        for received_at, route in self.received_moments(count):
            try:
                dossier = self.one(received_at, route)
            except DomainError:
                self.stats.skipped += 1
                continue
            except _Stop:
                self.stats.skipped += 1
                continue
            if dossier is None:
                continue
            self.stats.created += 1
            status = Dossier.objects.filter(pk=dossier.pk).values_list("status", flat=True).get()
            self.stats.by_status[status] = self.stats.by_status.get(status, 0) + 1
        return self.stats


def generate(
    *,
    count: int,
    seed: int = 1,
    days: int = 60,
    now: dt.datetime | None = None,
    files: bool = False,
) -> Stats:
    """Create ``count`` dossiers received over the last ``days`` days, with their files
    when ``files`` (see module doc)."""
    if now is None:
        now = timezone.now().replace(minute=0, second=0, microsecond=0)
    return Generator(seed=seed, days=days, now=now, files=files).run(count)
