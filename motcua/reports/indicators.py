"""Decision 766 indicators per agency: value, formula, inputs, target and score.

score = max if R ≥ target, else R × max / target (regulations §4.1). Indicators that
need data we do not hold are returned with ``value=None`` and the reason, never guessed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from motcua.catalog.models import Agency, OnlineMode, Procedure
from motcua.reports.models import Indicator, Target
from motcua.reports.stats import make_period, period_statistics, subtree_ids

NO_DATA = "chưa có dữ liệu"

# Seeds (regulations §8 and the province's plan): the demo's yearly targets in %.
DEMO_TARGETS: dict[str, Decimal] = {
    Indicator.ON_TIME: Decimal(90),
    Indicator.SATISFACTION: Decimal(80),
    Indicator.ONLINE_PARTIAL: Decimal(40),
    Indicator.ONLINE_FULL: Decimal(30),
    Indicator.ONLINE_PROCEDURES: Decimal(80),
    Indicator.ONLINE_DOSSIERS: Decimal(50),
    Indicator.ONLINE_PAYMENT: Decimal(50),
}
# Default targets of the national calculator where no Target row exists.
DEFAULT_TARGETS: dict[str, Decimal] = {
    Indicator.ON_TIME: Decimal(100),
    Indicator.ONLINE_PROCEDURES: Decimal(80),
    Indicator.ONLINE_DOSSIERS: Decimal(50),
    Indicator.SATISFACTION: Decimal(90),
}


def seed_demo_targets(year: int) -> int:
    """Create the demo's province-wide targets for ``year`` (idempotent). Returns how many
    were created; ``load_demo`` may call it."""
    created = 0
    for indicator, value in DEMO_TARGETS.items():
        _, made = Target.objects.get_or_create(
            year=year, agency=None, indicator=indicator, defaults={"value": value}
        )
        created += made
    return created


def target_for(indicator: str, year: int, agency: Agency | None) -> Decimal | None:
    """The agency's own target, else the nearest ancestor's, else the province's."""
    rows = {t.agency_id: t.value for t in Target.objects.filter(year=year, indicator=indicator)}
    if agency is not None:
        for pk in reversed([int(x) for x in agency.path.strip("/").split("/") if x]):
            if pk in rows:
                return rows[pk]
    return rows.get(None, DEFAULT_TARGETS.get(indicator))


@dataclass
class Score:
    code: str
    name: str
    formula: str
    max_points: int | None
    numerator: int | None = None
    denominator: int | None = None
    value: float | None = None
    target: Decimal | None = None
    points: float | None = None
    reason: str = ""
    inputs: dict[str, object] = field(default_factory=dict)

    @property
    def reached(self) -> bool | None:
        if self.value is None or self.target is None:
            return None
        return Decimal(str(self.value)) >= self.target


def _ratio(num: int, den: int) -> float | None:
    return round(num * 100 / den, 2) if den else None


def _score(s: Score) -> Score:
    if s.value is not None and s.target and s.max_points:
        r = Decimal(str(s.value))
        pts = Decimal(s.max_points) if r >= s.target else r * s.max_points / s.target
        s.points = float(round(pts, 2))
    return s


def indicators(*, start: dt.date, end: dt.date, agency: Agency | None) -> list[Score]:
    from motcua.dossiers.models import Dossier, FinancialObligation, Payment

    year = end.year
    period = make_period(start, end)
    stats = period_statistics(start=start, end=end, agency=agency, now=period.now)
    ids = subtree_ids(agency)
    out: list[Score] = []

    def add(s: Score) -> None:
        s.target = target_for(s.code, year, agency) if s.reason == "" else None
        out.append(_score(s))

    for code, name, reason in (
        ("1.1", "Tỷ lệ TTHC công bố đúng hạn", "thiếu ngày ban hành quyết định công bố TTHC"),
        (
            "1.2",
            "Tỷ lệ TTHC cập nhật, công khai đúng hạn",
            "thiếu ngày công khai trên CSDL quốc gia",
        ),
        ("1.4", "Tỷ lệ hồ sơ đồng bộ lên Cổng DVCQG", "chưa kết nối đồng bộ với Cổng DVCQG"),
    ):
        out.append(Score(code, name, "", None, reason=f"{NO_DATA}: {reason}"))

    resolved = stats["resolved"]
    judged = resolved["total"] + stats["in_progress"]["total"]
    good = resolved["early"] + resolved["on_time"] + stats["in_progress"]["on_time"]
    add(
        Score(
            Indicator.ON_TIME.value,
            "Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn",
            "(trước hạn + đúng hạn + đang trong hạn) / (đã giải quyết + đang xử lý) × 100%",
            20,
            good,
            judged,
            _ratio(good, judged),
            inputs={
                "đã giải quyết": resolved["total"],
                "đang xử lý": stats["in_progress"]["total"],
            },
        )
    )
    out.append(
        Score(
            "2.2",
            "Thời gian giải quyết trung bình (ngày)",
            "tổng (kết thúc − tiếp nhận) / số hồ sơ đã giải quyết",
            None,
            value=stats["average_days"],
            inputs={"đã giải quyết": resolved["total"]},
        )
    )

    procedures = Procedure.objects.filter(status=Procedure.Status.ACTIVE)
    if ids is not None:
        procedures = procedures.filter(agencies__in=ids).distinct()
    counts = procedures.aggregate(
        total=Count("pk", distinct=True),
        online=Count("pk", distinct=True, filter=~Q(online_mode=OnlineMode.NONE)),
        partial=Count("pk", distinct=True, filter=Q(online_mode=OnlineMode.PARTIAL)),
        full=Count("pk", distinct=True, filter=Q(online_mode=OnlineMode.FULL)),
    )
    for code, key, name in (
        (Indicator.ONLINE_PROCEDURES, "online", "Tỷ lệ TTHC cung cấp DVCTT"),
        (Indicator.ONLINE_PARTIAL, "partial", "Tỷ lệ TTHC trực tuyến một phần"),
        (Indicator.ONLINE_FULL, "full", "Tỷ lệ TTHC trực tuyến toàn trình"),
    ):
        add(
            Score(
                code.value,
                name,
                "TTHC có DVCTT / TTHC thuộc thẩm quyền × 100%",
                12 if code == Indicator.ONLINE_PROCEDURES else None,
                counts[key],
                counts["total"],
                _ratio(counts[key], counts["total"]),
            )
        )
    received = stats["received"]
    add(
        Score(
            Indicator.ONLINE_DOSSIERS.value,
            "Tỷ lệ hồ sơ nộp trực tuyến",
            "hồ sơ tiếp nhận trực tuyến / hồ sơ tiếp nhận trong kỳ × 100%",
            None,
            received["online"],
            received["new"],
            _ratio(received["online"], received["new"]),
        )
    )

    new = Dossier.objects.filter(received_at__gte=period.start_at, received_at__lt=period.end_at)
    if ids is not None:
        new = new.filter(agency_id__in=ids)
    with_fee = new.filter(Exists(FinancialObligation.objects.filter(dossier=OuterRef("pk"))))
    paid_online = with_fee.filter(
        Exists(Payment.objects.filter(dossier=OuterRef("pk"), online__in=(1, 2)))
    )
    n_fee, n_online = with_fee.count(), paid_online.count()
    add(
        Score(
            Indicator.ONLINE_PAYMENT.value,
            "Tỷ lệ hồ sơ thanh toán trực tuyến",
            "hồ sơ thanh toán trực tuyến (DVCQG hoặc nền tảng của tỉnh) / hồ sơ có nghĩa vụ "
            "tài chính × 100%",
            6,
            n_online,
            n_fee,
            _ratio(n_online, n_fee),
        )
    )

    late = resolved["late"] + stats["in_progress"]["overdue"]
    unhappy = _dissatisfied(new)
    add(
        Score(
            Indicator.SATISFACTION.value,
            "Tỷ lệ hài lòng trong tiếp nhận, giải quyết TTHC",
            "100% − (tỷ lệ hồ sơ quá hạn + tỷ lệ hồ sơ có đánh giá không hài lòng)",
            6,
            None,
            received["new"],
            (
                round(
                    100 - (late * 100 / judged if judged else 0) - unhappy * 100 / received["new"],
                    2,
                )
                if received["new"]
                else None
            ),
            inputs={"quá hạn": late, "được đánh giá": judged, "không hài lòng": unhappy},
        )
    )
    for code, name, reason in (
        ("4.1", "Tỷ lệ hồ sơ có kết quả điện tử", "chưa đánh dấu TTHC yêu cầu kết quả bằng giấy"),
        (
            "4.3",
            "Tỷ lệ khai thác, sử dụng lại dữ liệu số hóa",
            "chưa ghi nhận thành phần tái sử dụng",
        ),
        ("5.2", "Tỷ lệ PAKN xử lý đúng hạn", "xem báo cáo phản ánh, kiến nghị"),
    ):
        out.append(Score(code, name, "", None, reason=f"{NO_DATA}: {reason}"))
    return out


def _dissatisfied(dossiers) -> int:
    try:
        from motcua.feedback.models import Rating
    except ImportError:  # pragma: no cover
        return 0
    return Rating.objects.filter(dossier__in=dossiers.values("pk"), dissatisfied=True).count()


def monthly_on_time(*, months: int = 12, agency: Agency | None = None, today=None) -> list:
    """(first day of month, on-time rate) for the last ``months`` months."""
    today = today or timezone.localdate()
    first = today.replace(day=1)
    points = []
    for i in range(months - 1, -1, -1):
        y, m = divmod(first.year * 12 + first.month - 1 - i, 12)
        start = dt.date(y, m + 1, 1)
        ny, nm = divmod(y * 12 + m + 1, 12)
        end = min(dt.date(ny, nm + 1, 1) - dt.timedelta(days=1), today)
        stats = period_statistics(start=start, end=end, agency=agency)
        points.append((start, stats["on_time_rate"]))
    return points
