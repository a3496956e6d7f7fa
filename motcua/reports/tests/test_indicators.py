"""Decision 766 indicators, targets and the trend chart."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from motcua.catalog.models import Procedure
from motcua.reports.indicators import (
    NO_DATA,
    Score,
    _score,
    indicators,
    seed_demo_targets,
    target_for,
)
from motcua.reports.models import Indicator, Target
from motcua.reports.stats import period_statistics
from motcua.reports.tests.conftest import NOW

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

START, END = dt.date(2026, 9, 1), dt.date(2026, 11, 20)


def test_the_score_is_full_at_the_target_and_proportional_below():
    s = _score(Score("2.1", "x", "", 20, value=90.0, target=Decimal(90)))
    assert s.points == 20
    s = _score(Score("2.1", "x", "", 20, value=45.0, target=Decimal(90)))
    assert s.points == 10
    assert s.reached is False


def test_demo_targets_are_seeded_once_and_an_agency_target_wins(generated):
    p = generated
    assert seed_demo_targets(2026) == 7
    assert seed_demo_targets(2026) == 0
    assert target_for(Indicator.ON_TIME, 2026, p.commune_a) == Decimal(90)
    Target.objects.create(year=2026, agency=p.province, indicator=Indicator.ON_TIME, value=95)
    assert target_for(Indicator.ON_TIME, 2026, p.commune_a) == Decimal(95)
    assert target_for(Indicator.ON_TIME, 2026, None) == Decimal(90)


def test_the_indicators_use_the_period_statistics(generated):
    seed_demo_targets(2026)
    scores = {s.code: s for s in indicators(start=START, end=END, agency=None)}
    stats = period_statistics(start=START, end=END, now=NOW)
    assert scores["2.1"].target == Decimal(90)
    assert scores["2.2"].value == stats["average_days"]
    online = scores["3.3"]
    assert (online.numerator, online.denominator) == (
        stats["received"]["online"],
        stats["received"]["new"],
    )
    assert scores["3.1"].denominator == Procedure.objects.filter(status="active").count()
    assert scores["1.1"].value is None and scores["1.1"].reason.startswith(str(NO_DATA))
    assert scores["4.3"].value is None and scores["4.3"].reason.startswith(str(NO_DATA))


def test_the_indicator_page_shows_the_chart_and_exports(generated, client):
    client.force_login(generated.inspector)
    params = {"start": START.isoformat(), "end": END.isoformat()}
    response = client.get("/bao-cao/chi-so/", params)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in html and "<polyline" in html and "chưa có dữ liệu" in html
    for name in ("Tỷ lệ hồ sơ thực hiện số hóa", "Tỷ lệ PAKN xử lý đúng hạn"):
        assert name in html
    xlsx = client.get("/bao-cao/chi-so/xlsx/", params)
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


# --- Indicators recounted by brute force over the generated dossiers ---------------------


def _scores(start=START, end=END, agency=None) -> dict[str, Score]:
    return {s.code: s for s in indicators(start=start, end=end, agency=agency)}


def _reference_766(start: dt.date, end: dt.date) -> tuple[int, int]:
    """Indicator 2.1 recounted dossier by dossier (regulations §4.2), at the end of the
    period: (on time, judged)."""
    from motcua.dossiers.models import Dossier
    from motcua.dossiers.timeliness import FINISHED_ON_TIME, decision_766_timeliness
    from motcua.reports.periods import make_period

    period = make_period(start, end, now=NOW)
    s, e = period.start_at, period.end_at
    good = judged = 0
    for d in Dossier.objects.prefetch_related("pauses"):
        if d.received_at is None or d.received_at >= e:
            continue
        if d.ended_at is not None and d.ended_at < s:
            continue
        judged += 1
        if d.supplement_rounds > 1:
            continue
        if d.ended_at is not None and d.ended_at < e:
            good += decision_766_timeliness(d) in FINISHED_ON_TIME
            continue
        waiting = [
            p
            for p in d.pauses.all()
            if p.started_at < e and (p.ended_at is None or p.ended_at >= e)
        ]
        if waiting:
            good += waiting[0].started_at <= d.due_at
        else:
            good += d.due_at is None or d.due_at >= period.as_of
    return good, judged


def test_indicator_2_1_is_decision_766_timeliness_of_every_dossier(generated):
    from motcua.dossiers.models import Dossier
    from motcua.dossiers.timeliness import Timeliness, decision_766_timeliness

    # Two dossiers that would be on time but were asked for a supplement twice.
    twice = [
        d.pk
        for d in Dossier.objects.filter(ended_at__isnull=False, received_at__isnull=False)
        if decision_766_timeliness(d) in (Timeliness.EARLY, Timeliness.ON_TIME)
    ][:2]
    Dossier.objects.filter(pk__in=twice).update(supplement_rounds=2)
    # The period ends today: every dossier's Decision 766 timeliness is judged now.
    current = [
        decision_766_timeliness(d, now=NOW)
        for d in Dossier.objects.filter(received_at__isnull=False, received_at__lt=NOW)
        if d.ended_at is None or d.ended_at >= dt.datetime(2026, 9, 1, tzinfo=NOW.tzinfo)
    ]
    on_time = sum(t in (Timeliness.EARLY, Timeliness.ON_TIME, Timeliness.IN_TIME) for t in current)
    score = _scores()["2.1"]
    assert len(twice) == 2
    assert (score.numerator, score.denominator) == (on_time, len(current))
    assert score.inputs["yêu cầu bổ sung quá 1 lần"] >= 2
    assert (score.numerator, score.denominator) == _reference_766(START, END)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (dt.date(2026, 9, 1), dt.date(2026, 9, 30)),
        (dt.date(2026, 10, 1), dt.date(2026, 10, 15)),
        (dt.date(2026, 8, 20), dt.date(2026, 11, 20)),
    ],
)
def test_indicator_2_1_of_a_past_period_is_judged_at_its_end(generated, start, end):
    score = _scores(start, end)["2.1"]
    assert score.denominator > 0
    assert (score.numerator, score.denominator) == _reference_766(start, end)


def test_electronic_results_and_digitisation_are_counted_from_the_files(generated):
    from motcua.dossiers.models import Attachment, Dossier, Outcome

    period_start = dt.datetime(2026, 9, 1, tzinfo=NOW.tzinfo)
    approved = list(
        Dossier.objects.filter(
            outcome=Outcome.APPROVED, status__in=(9, 10), ended_at__gte=period_start
        ).order_by("pk")
    )
    received = list(Dossier.objects.filter(received_at__gte=period_start).order_by("pk"))
    assert len(approved) > 6 and len(received) > 10
    # Half of the approved results are electronic; a third of the dossiers were scanned.
    Dossier.objects.filter(pk__in=[d.pk for d in approved[::2]]).update(
        result_file="dossiers/results/2026/11/ket-qua.pdf"
    )
    for d in received[::3]:
        Attachment.objects.create(
            dossier=d,
            file="dossiers/x.pdf",
            name="don.pdf",
            size=10,
            content_type="application/pdf",
            checksum="0" * 64,
            uploaded_at=d.received_at,
        )
    scores = _scores()
    e_result = scores["4.1"]
    assert (e_result.numerator, e_result.denominator) == (len(approved[::2]), len(approved))
    assert e_result.max_points == 6 and e_result.points is not None

    fresh = {d.pk: d for d in Dossier.objects.filter(pk__in=[d.pk for d in received])}
    scanned = {d.pk for d in received[::3]}
    paper = {
        pk
        for pk, d in fresh.items()
        if d.status in (9, 10) and d.outcome == Outcome.APPROVED and not d.result_file
    }
    digitised = scores["4.2"]
    assert digitised.denominator == len(received)
    assert digitised.numerator == len(scanned - paper)
    assert digitised.inputs["có thành phần số hóa"] == len(scanned)
    assert digitised.target == Decimal(80)


def _feedback(p, n: int, received: dt.datetime, **values):
    from motcua.feedback.models import Feedback

    day = dt.timedelta(days=1)
    return Feedback.objects.create(
        code=f"PA-TEST-{n:04d}",
        agency=p.commune_a,
        title="Phản ánh thử",
        content="Nội dung",
        is_anonymous=True,
        received_at=received,
        refuse_due=received + 2 * day,
        more_due=received + 5 * day,
        answer_due=received + 21 * day,
        **values,
    )


def test_feedback_indicators_count_deadlines_votes_and_re_raised_items(generated):
    from motcua.feedback.models import FeedbackVote

    p = generated
    day = dt.timedelta(days=1)
    t0 = dt.datetime(2026, 9, 7, 9, tzinfo=NOW.tzinfo)
    ok = _feedback(
        p,
        1,
        t0,
        status="published",
        answered_at=t0 + 3 * day,
        publish_due=t0 + 5 * day,
        published_at=t0 + 4 * day,
    )
    late_answer = _feedback(
        p,
        2,
        t0,
        status="published",
        answered_at=t0 + 30 * day,
        publish_due=t0 + 32 * day,
        published_at=t0 + 31 * day,
    )
    disliked = _feedback(
        p,
        3,
        t0,
        status="published",
        answered_at=t0 + 3 * day,
        publish_due=t0 + 5 * day,
        published_at=t0 + 4 * day,
    )
    _feedback(p, 4, t0, status="received")  # the answer is 60 days overdue at NOW
    _feedback(p, 5, NOW - day, status="received")  # still within its deadlines
    _feedback(p, 6, t0, status="refused", refused_at=t0 + day)  # refused in time
    _feedback(p, 7, t0 - 40 * day, status="received")  # before the period
    reraised = _feedback(
        p,
        8,
        t0,
        status="published",
        answered_at=t0 + 3 * day,
        publish_due=t0 + 5 * day,
        published_at=t0 + 4 * day,
    )
    _feedback(p, 9, NOW - 2 * day, status="received", follows=reraised)
    for voter, value in (("a", -1), ("b", -1), ("c", 1)):
        FeedbackVote.objects.create(feedback=disliked, voter=voter, value=value, created_at=NOW)
    FeedbackVote.objects.create(feedback=ok, voter="a", value=-1, created_at=NOW)
    FeedbackVote.objects.create(feedback=ok, voter="b", value=1, created_at=NOW)

    scores = _scores()
    on_time = scores["5.2"]
    # In the period: 1, 2, 3, 4, 5, 6, 8, 9; late: 2 (answer), 4 (overdue).
    assert (on_time.numerator, on_time.denominator) == (6, 8)
    assert on_time.value == 75.0
    satisfied = scores["5.3"]
    # Unhappy: 2 and 4 (late), 3 (more dislikes than likes), 8 (raised again by 9).
    assert (satisfied.numerator, satisfied.denominator) == (4, 8)
    assert satisfied.inputs == {"không hài lòng": 1, "phản ánh lại": 1}
    assert late_answer.pk and ok.pk
    # Commune B's subtree has none of them.
    assert _scores(agency=p.commune_b)["5.2"].denominator == 0
    assert _scores(agency=p.commune_b)["5.2"].value is None


def test_fully_published_procedures_have_every_component_of_decree_63(generated):
    from motcua.catalog.models import Channel, ProcedureChannel, RequiredDocument

    p = generated
    procedure = Procedure.objects.get(code="1.000001")
    complete = {
        "steps_text": "Bước 1: nộp hồ sơ. Bước 2: nhận kết quả.",
        "applicant_types": "Công dân Việt Nam",
        "result_type": "Giấy phép xây dựng",
        "legal_basis": "Luật Xây dựng 2014",
    }
    Procedure.objects.filter(pk=procedure.pk).update(**complete)
    ProcedureChannel.objects.get_or_create(procedure=procedure, channel=Channel.COUNTER)
    if not procedure.documents.exists():
        RequiredDocument.objects.create(procedure=procedure, name="Đơn đề nghị", order=1)

    def brute() -> tuple[int, int]:
        active = Procedure.objects.filter(status="active")
        good = [
            x
            for x in active
            if x.agencies.exists()
            and x.channels.exists()
            and x.documents.exists()
            and all(getattr(x, f) for f in complete)
            and (x.legal_time_amount is not None or x.legal_time_text)
        ]
        return len(good), active.count()

    score = _scores()["1.3"]
    assert (score.numerator, score.denominator) == brute()
    assert score.numerator >= 1
    Procedure.objects.filter(pk=procedure.pk).update(legal_basis="")
    after = _scores()["1.3"]
    assert after.numerator == score.numerator - 1
    assert (after.numerator, after.denominator) == brute()
    # Commune B is competent for no procedure: nothing to judge there.
    assert _scores(agency=p.commune_b)["1.3"].denominator == 0
    assert _scores(agency=p.commune_b)["1.3"].value is None


def test_the_targets_are_read_once_for_all_indicators(generated):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from motcua.reports.models import Target

    seed_demo_targets(2026)
    with CaptureQueriesContext(connection) as queries:
        scores = _scores()
    reads = [q for q in queries if Target._meta.db_table in q["sql"]]
    assert len(reads) == 1
    assert scores["2.1"].target == Decimal(90) and scores["4.2"].target == Decimal(80)
