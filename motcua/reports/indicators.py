"""Decision 766 indicators per agency: value, formula, inputs, target and score.

score = max if R ≥ target, else R × max / target (regulations §4.1). Indicators that
need data we do not hold are returned with ``value=None`` and the reason, never guessed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.catalog.models import (
    Agency,
    OnlineMode,
    Procedure,
    ProcedureChannel,
    RequiredDocument,
)
from motcua.dossiers.models import Attachment, Dossier, FinancialObligation, Outcome, Payment
from motcua.dossiers.states import Status
from motcua.dossiers.timeliness import FINISHED_ON_TIME, MAX_SUPPLEMENTS_766
from motcua.feedback.models import Feedback, FeedbackVote, Rating
from motcua.reports.models import Indicator, Target
from motcua.reports.periods import (
    Period,
    make_period,
    metric_q,
    paused_at,
    pauses_at,
    relevant,
    subtree_ids,
)
from motcua.reports.stats import period_statistics

# Indicators we cannot compute: their reason starts with these words.
NO_DATA = gettext_lazy("chưa có dữ liệu")

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
# Default targets of the national calculator where no Target row exists (regulations
# §4.1: 80 % for 3.1 and 4.2, 50 % for 3.3, 90 % for 5.4; the full ratio elsewhere).
DEFAULT_TARGETS: dict[str, Decimal] = {
    Indicator.FULLY_PUBLISHED: Decimal(100),
    Indicator.ON_TIME: Decimal(100),
    Indicator.ONLINE_PROCEDURES: Decimal(80),
    Indicator.ONLINE_DOSSIERS: Decimal(50),
    Indicator.ELECTRONIC_RESULTS: Decimal(100),
    Indicator.DIGITISED: Decimal(80),
    Indicator.FEEDBACK_ON_TIME: Decimal(100),
    Indicator.FEEDBACK_SATISFACTION: Decimal(100),
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


def targets_of(year: int) -> dict[str, dict[int | None, Decimal]]:
    """Every target of ``year``: indicator → agency id (None: the province's) → value."""
    rows: dict[str, dict[int | None, Decimal]] = {}
    for t in Target.objects.filter(year=year):
        rows.setdefault(t.indicator, {})[t.agency_id] = t.value
    return rows


def target_for(
    indicator: str,
    year: int,
    agency: Agency | None,
    targets: dict[str, dict[int | None, Decimal]] | None = None,
) -> Decimal | None:
    """The agency's own target, else the nearest ancestor's, else the province's, else
    the national default. ``targets`` (from ``targets_of(year)``) saves the query."""
    rows = (targets_of(year) if targets is None else targets).get(indicator, {})
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
    year = end.year
    period = make_period(start, end)
    stats = period_statistics(start=start, end=end, agency=agency, now=period.now)
    ids = subtree_ids(agency)
    out: list[Score] = []
    targets = targets_of(year)

    def add(s: Score) -> None:
        s.target = target_for(s.code, year, agency, targets) if s.reason == "" else None
        out.append(_score(s))

    for code, name, reason in (
        (
            "1.1",
            _("Tỷ lệ TTHC công bố đúng hạn"),
            _("chưa có dữ liệu: thiếu ngày ban hành quyết định công bố TTHC"),
        ),
        (
            "1.2",
            _("Tỷ lệ TTHC cập nhật, công khai đúng hạn"),
            _("chưa có dữ liệu: thiếu ngày công khai trên CSDL quốc gia"),
        ),
    ):
        out.append(Score(code, name, "", None, reason=reason))
    add(fully_published(ids))
    out.append(
        Score(
            "1.4",
            _("Tỷ lệ hồ sơ đồng bộ lên Cổng DVCQG"),
            "",
            None,
            reason=_("chưa có dữ liệu: chưa kết nối đồng bộ với Cổng DVCQG"),
        )
    )

    resolved = stats["resolved"]
    judged = resolved["total"] + stats["in_progress"]["total"]
    add(on_time_766(period, ids))
    out.append(
        Score(
            "2.2",
            _("Thời gian giải quyết trung bình (ngày)"),
            _("tổng (kết thúc − tiếp nhận) / số hồ sơ đã giải quyết"),
            None,
            value=stats["average_days"],
            inputs={_("đã giải quyết"): resolved["total"]},
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
        (Indicator.ONLINE_PROCEDURES, "online", _("Tỷ lệ TTHC cung cấp DVCTT")),
        (Indicator.ONLINE_PARTIAL, "partial", _("Tỷ lệ TTHC trực tuyến một phần")),
        (Indicator.ONLINE_FULL, "full", _("Tỷ lệ TTHC trực tuyến toàn trình")),
    ):
        add(
            Score(
                code.value,
                name,
                _("TTHC có DVCTT / TTHC thuộc thẩm quyền × 100%"),
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
            _("Tỷ lệ hồ sơ nộp trực tuyến"),
            _("hồ sơ tiếp nhận trực tuyến / hồ sơ tiếp nhận trong kỳ × 100%"),
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
            _("Tỷ lệ hồ sơ thanh toán trực tuyến"),
            _(
                "hồ sơ thanh toán trực tuyến (DVCQG hoặc nền tảng của tỉnh) / hồ sơ có nghĩa vụ "
                "tài chính × 100%"
            ),
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
            _("Tỷ lệ hài lòng trong tiếp nhận, giải quyết TTHC"),
            _("100% − (tỷ lệ hồ sơ quá hạn + tỷ lệ hồ sơ có đánh giá không hài lòng)"),
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
            inputs={
                _("quá hạn"): late,
                _("được đánh giá"): judged,
                _("không hài lòng"): unhappy,
            },
        )
    )
    add(electronic_results(period, ids))
    add(digitised(period, ids))
    out.append(
        Score(
            "4.3",
            _("Tỷ lệ khai thác, sử dụng lại dữ liệu số hóa"),
            "",
            None,
            reason=_("chưa có dữ liệu: chưa ghi nhận thành phần tái sử dụng"),
        )
    )
    add(feedback_on_time(period, ids))
    add(feedback_satisfaction(period, ids))
    out.sort(key=lambda s: s.code)  # in the order of the Decision 766 groups
    return out


def _dissatisfied(dossiers) -> int:
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


# --- Indicators computed from the dossier, attachment and feedback rows -----------------


def _in_subtree(qs, ids: list[int] | None, field: str = "agency_id"):
    return qs if ids is None else qs.filter(**{f"{field}__in": ids})


def on_time_766(period: Period, ids: list[int] | None) -> Score:
    """2.1 as the national calculator counts it (regulations §4.2): every dossier received
    before the end of the period and processed or still being processed in it.

    - ended in the period (finished or returned — refusals included —, withdrawn or
      stopped): on time when the end of processing ≤ the appointment
      (``with_766_timeliness``);
    - waiting for the applicant's supplement at the end: the request stands in for the
      end, so on time when the pause began by the appointment;
    - still being processed at the end: on time while the appointment has not passed at
      the end of the period (or now, for the current period);
    - and in every case a dossier asked for a supplement more than once is late
      (``MAX_SUPPLEMENTS_766``).

    ``dossiers.timeliness.decision_766_timeliness`` is the same rule for one dossier.
    """
    # The conditions are those of the period statistics (``periods.metric_q``).
    e = period.end_at
    ended, waiting = metric_q("ended", period), metric_q("waiting_applicant", period)
    running = metric_q("in_time", period) | metric_q("overdue", period)
    paused_by_due = paused_at(e, pauses_at(e).filter(started_at__lte=OuterRef("due_at")))
    once = Q(supplement_rounds__lte=MAX_SUPPLEMENTS_766)
    judged = _in_subtree(Dossier.objects.filter(relevant(period)), ids)
    counts = judged.with_766_timeliness(period.as_of).aggregate(
        total=Count("pk", filter=ended | waiting | running),
        ended=Count("pk", filter=ended),
        ended_good=Count("pk", filter=ended & Q(timeliness_766__in=FINISHED_ON_TIME)),
        waiting=Count("pk", filter=waiting),
        waiting_good=Count("pk", filter=waiting & paused_by_due & once),
        running_good=Count("pk", filter=metric_q("in_time", period) & once),
        many_supplements=Count("pk", filter=(ended | waiting | running) & ~once),
    )
    good = counts["ended_good"] + counts["waiting_good"] + counts["running_good"]
    return Score(
        Indicator.ON_TIME.value,
        _("Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn"),
        _(
            "hồ sơ kết thúc xử lý không muộn hơn ngày hẹn trả (hồ sơ chưa xong: còn trong hạn "
            "đến cuối kỳ; chờ bổ sung: thời điểm yêu cầu bổ sung; bổ sung quá 1 lần: quá hạn) "
            "/ hồ sơ đã và đang xử lý trong kỳ × 100%"
        ),
        20,
        good,
        counts["total"],
        _ratio(good, counts["total"]),
        inputs={
            _("kết thúc trong kỳ"): counts["ended"],
            _("chờ bổ sung cuối kỳ"): counts["waiting"],
            _("đang xử lý cuối kỳ"): counts["total"] - counts["ended"] - counts["waiting"],
            _("yêu cầu bổ sung quá 1 lần"): counts["many_supplements"],
        },
    )


def fully_published(ids: list[int] | None) -> Score:
    """1.3: active procedures of the agencies in the subtree whose public page has every
    component Decree 63/2010 Art. 8.2 requires — name, steps (trình tự), ways of
    submission (cách thức), documents (thành phần hồ sơ), time limit, applicants, the
    agency that handles it, the result and the legal basis — over all of them. Fees,
    forms and conditions are required only where they exist, so they are not checked."""
    procedures = Procedure.objects.filter(status=Procedure.Status.ACTIVE)
    if ids is not None:
        procedures = procedures.filter(agencies__in=ids).distinct()
    procedures = procedures.annotate(
        has_agency=Exists(Procedure.agencies.through.objects.filter(procedure=OuterRef("pk"))),
        has_channel=Exists(ProcedureChannel.objects.filter(procedure=OuterRef("pk"))),
        has_document=Exists(RequiredDocument.objects.filter(procedure=OuterRef("pk"))),
    )
    complete = (
        Q(has_agency=True, has_channel=True, has_document=True)
        & ~Q(steps_text="")
        & ~Q(applicant_types="")
        & ~Q(result_type="")
        & ~Q(legal_basis="")
        & (Q(legal_time_amount__isnull=False) | ~Q(legal_time_text=""))
    )
    counts = procedures.aggregate(
        total=Count("pk", distinct=True), complete=Count("pk", distinct=True, filter=complete)
    )
    return Score(
        Indicator.FULLY_PUBLISHED.value,
        _("Tỷ lệ TTHC công khai đầy đủ các bộ phận tạo thành"),
        _(
            "TTHC có đủ tên, trình tự, cách thức, thành phần hồ sơ, thời hạn, đối tượng, cơ "
            "quan thực hiện, kết quả, căn cứ pháp lý / TTHC thuộc thẩm quyền × 100%"
        ),
        2,
        counts["complete"],
        counts["total"],
        _ratio(counts["complete"], counts["total"]),
    )


def _approved_in(period: Period, ids: list[int] | None):
    qs = Dossier.objects.filter(
        ended_at__gte=period.start_at,
        ended_at__lt=period.end_at,
        status__in=(Status.FINISHED, Status.RETURNED),
        outcome=Outcome.APPROVED,
    )
    return _in_subtree(qs, ids)


def electronic_results(period: Period, ids: list[int] | None) -> Score:
    """4.1: dossiers resolved with a result in the period whose result was issued as an
    electronic document (the signed PDF kept on the dossier, ``result_file``), over all
    of them. Every procedure of the catalogue issues a result document (giấy phép, giấy
    chứng nhận, văn bản…), so every approved dossier counts in the denominator."""
    approved = _approved_in(period, ids)
    counts = approved.aggregate(
        total=Count("pk"), electronic=Count("pk", filter=~Q(result_file=""))
    )
    return Score(
        Indicator.ELECTRONIC_RESULTS.value,
        _("Tỷ lệ hồ sơ có cấp kết quả giải quyết điện tử"),
        _("hồ sơ giải quyết xong có tệp kết quả điện tử / hồ sơ giải quyết xong trong kỳ × 100%"),
        6,
        counts["electronic"],
        counts["total"],
        _ratio(counts["electronic"], counts["total"]),
    )


def digitised(period: Period, ids: list[int] | None) -> Score:
    """4.2: dossiers received in the period whose components were digitised (at least one
    file attached: uploaded online or scanned at the counter) and, once resolved with a
    result, whose result is electronic; over all dossiers received in the period."""
    new = _in_subtree(
        Dossier.objects.filter(received_at__gte=period.start_at, received_at__lt=period.end_at),
        ids,
    )
    paper_result = (
        Q(status__in=(Status.FINISHED, Status.RETURNED))
        & Q(outcome=Outcome.APPROVED)
        & Q(result_file="")
    )
    scanned = Q(Exists(Attachment.objects.filter(dossier=OuterRef("pk"))))
    counts = new.aggregate(
        total=Count("pk"),
        scanned=Count("pk", filter=scanned),
        digitised=Count("pk", filter=scanned & ~paper_result),
    )
    return Score(
        Indicator.DIGITISED.value,
        _("Tỷ lệ hồ sơ thực hiện số hóa"),
        _(
            "hồ sơ có thành phần được số hóa (và kết quả điện tử khi đã giải quyết xong) / hồ sơ "
            "tiếp nhận trong kỳ × 100%"
        ),
        4,
        counts["digitised"],
        counts["total"],
        _ratio(counts["digitised"], counts["total"]),
        inputs={_("có thành phần số hóa"): counts["scanned"]},
    )


def _feedback_in(period: Period, ids: list[int] | None):
    qs = Feedback.objects.filter(received_at__gte=period.start_at, received_at__lt=period.end_at)
    return _in_subtree(qs, ids)


def _feedback_late(as_of: dt.datetime) -> Q:
    """A PAKN handled late (regulations §4.2 item 5.2): refused, asked for more, answered
    or published after its deadline, or past the answer or publication deadline at
    ``as_of`` and still waiting for the agency (``FeedbackQuerySet.overdue``)."""
    return (
        Q(refused_at__gt=F("refuse_due"))
        | Q(more_requested_at__gt=F("more_due"))
        | Q(answered_at__gt=F("answer_due"))
        | Q(published_at__gt=F("publish_due"))
        | Q(status="received", answer_due__lt=as_of)
        | Q(status="answered", publish_due__lt=as_of)
    )


def feedback_on_time(period: Period, ids: list[int] | None) -> Score:
    """5.2: PAKN received in the period that met every deadline (refuse within 2, ask for
    more within 5, answer within 15, publish within 2 working days) over all of them."""
    feedback = _feedback_in(period, ids)
    counts = feedback.aggregate(
        total=Count("pk"), late=Count("pk", filter=_feedback_late(period.as_of))
    )
    good = counts["total"] - counts["late"]
    return Score(
        Indicator.FEEDBACK_ON_TIME.value,
        _("Tỷ lệ PAKN xử lý đúng hạn"),
        _("PAKN xử lý đúng hạn / PAKN tiếp nhận trong kỳ × 100%"),
        6,
        good,
        counts["total"],
        _ratio(good, counts["total"]),
        inputs={_("quá hạn"): counts["late"]},
    )


def feedback_satisfaction(period: Period, ids: list[int] | None) -> Score:
    """5.3: (PAKN − those whose published answer has more dislikes than likes, handled
    late, or raised again by the filer) / PAKN received in the period."""
    more_dislikes = (
        FeedbackVote.objects.filter(feedback=OuterRef("pk"))
        .order_by()
        .values("feedback")
        .annotate(balance=Sum("value"))
        .filter(balance__lt=0)
    )
    feedback = _feedback_in(period, ids)
    disliked = Q(Exists(more_dislikes))
    raised_again = Q(Exists(Feedback.objects.filter(follows=OuterRef("pk"))))
    late = _feedback_late(period.as_of)
    counts = feedback.aggregate(
        total=Count("pk"),
        unhappy=Count("pk", filter=disliked | late | raised_again),
        disliked=Count("pk", filter=disliked),
        raised_again=Count("pk", filter=raised_again),
    )
    good = counts["total"] - counts["unhappy"]
    return Score(
        Indicator.FEEDBACK_SATISFACTION.value,
        _("Tỷ lệ hài lòng trong xử lý PAKN"),
        _(
            "(PAKN − PAKN có trả lời bị đánh giá không hài lòng nhiều hơn hài lòng, quá hạn hoặc "
            "bị phản ánh lại) / PAKN tiếp nhận trong kỳ × 100%"
        ),
        6,
        good,
        counts["total"],
        _ratio(good, counts["total"]),
        inputs={
            _("không hài lòng"): counts["disliked"],
            _("phản ánh lại"): counts["raised_again"],
        },
    )
