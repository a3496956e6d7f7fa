"""Satisfaction from the citizens' ratings of dossiers (feedback.Rating)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Agency
from motcua.feedback.models import RATING_CRITERIA, Rating, RatingScore
from motcua.reports.periods import make_period, subtree_ids


def satisfaction_by_agency(
    *, start: dt.date, end: dt.date, agency: Agency | None = None
) -> dict[int, dict[str, float | int | None]]:
    """Per agency: ratings, dissatisfied ratings and the satisfied share in %.

    A rating is *satisfied* when no criterion is rated dissatisfied (``Rating.dissatisfied``
    is False), Decision 766 indicator 5.4 reading "có đánh giá dislike".
    """
    period = make_period(start, end)
    qs = Rating.objects.filter(created_at__gte=period.start_at, created_at__lt=period.end_at)
    ids = subtree_ids(agency)
    if ids is not None:
        qs = qs.filter(agency_id__in=ids)
    out: dict[int, dict[str, float | int | None]] = {}
    for row in qs.values("agency").annotate(
        total=Count("pk"), unhappy=Count("pk", filter=Q(dissatisfied=True))
    ):
        total, unhappy = row["total"], row["unhappy"]
        out[row["agency"]] = {
            "ratings": total,
            "dissatisfied": unhappy,
            "satisfied_rate": round((total - unhappy) * 100 / total, 2) if total else None,
        }
    return out


# SIPAS (regulations §7.3): the five factors, each the mean satisfied share of the
# Decree 118 Art. 33.1 criteria that speak of it.
SIPAS_FACTORS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (_("Tiếp cận dịch vụ"), ("information_score", "online_score")),
    (_("Thủ tục hành chính"), ("contacts_score", "agencies_score")),
    (_("Công chức trực tiếp giải quyết công việc"), ("attitude_score",)),
    (_("Kết quả dịch vụ"), ("time_score", "lawfulness_score")),
    (_("Tiếp nhận, giải quyết góp ý, phản ánh, kiến nghị"), ("feedback_score",)),
)


def ratings_in(*, start: dt.date, end: dt.date, agency: Agency | None = None, officer=None):
    period = make_period(start, end)
    qs = Rating.objects.filter(created_at__gte=period.start_at, created_at__lt=period.end_at)
    ids = subtree_ids(agency)
    if ids is not None:
        qs = qs.filter(agency_id__in=ids)
    if officer is not None:
        qs = qs.filter(officers=officer)
    return qs


def by_criterion(ratings) -> list[dict]:
    """Per criterion a)–h): answers, satisfied (score ≥ 2) and the satisfied share in %."""
    aggregates = {}
    for name in RATING_CRITERIA:
        aggregates[f"{name}__n"] = Count("pk", filter=Q(**{f"{name}__isnull": False}))
        aggregates[f"{name}__ok"] = Count("pk", filter=Q(**{f"{name}__gte": RatingScore.SATISFIED}))
    row = ratings.aggregate(**aggregates)
    out = []
    for name, (letter, label) in RATING_CRITERIA.items():
        n, ok = row[f"{name}__n"], row[f"{name}__ok"]
        out.append(
            {
                "field": name,
                "letter": letter,
                "label": label,
                "answers": n,
                "satisfied": ok,
                "rate": round(ok * 100 / n, 2) if n else None,
            }
        )
    return out


def sipas_summary(criteria: list[dict]) -> list[dict]:
    rates = {c["field"]: c["rate"] for c in criteria}
    out = []
    for factor, fields in SIPAS_FACTORS:
        values = [rates[f] for f in fields if rates.get(f) is not None]
        out.append(
            {"factor": factor, "rate": round(sum(values) / len(values), 2) if values else None}
        )
    return out
