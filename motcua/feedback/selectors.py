"""Reads of the feedback box: QuerySet methods shared by pages, admin and (later) reports."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import BooleanField, Count, ExpressionWrapper, Q

from motcua.accounts.permissions import agencies_where
from motcua.accounts.roles import Action
from motcua.lib.text import fold

if TYPE_CHECKING:
    from motcua.accounts.models import User


def _overdue(now: dt.datetime) -> Q:
    return Q(status="received", answer_due__lt=now) | Q(status="answered", publish_due__lt=now)


class FeedbackQuerySet(models.QuerySet):
    def published(self) -> FeedbackQuerySet:
        return self.filter(status="published")

    def open(self) -> FeedbackQuerySet:
        """Still waiting for the agency or the filer."""
        return self.filter(status__in=("received", "need_more", "answered"))

    def overdue(self, now: dt.datetime) -> FeedbackQuerySet:
        """Late at ``now`` (Decision 766, regulations §4.2 item 5.2).

        - received and not answered by the answer deadline (15 working days);
        - answered and not published by the publication deadline (2 working days).

        While the agency waits for the filer's information (need_more) the clock is
        stopped, so such items are never overdue.
        """
        return self.filter(_overdue(now))

    def with_overdue(self, now: dt.datetime) -> FeedbackQuerySet:
        """Annotate ``is_overdue`` with the rule of :meth:`overdue`."""
        return self.annotate(is_overdue=ExpressionWrapper(_overdue(now), BooleanField()))

    def search(self, query: str) -> FeedbackQuerySet:
        """Case- and diacritic-insensitive; every word must match the public text."""
        qs = self
        for word in fold(query).split()[:10]:
            qs = qs.filter(search_text__contains=word)
        return qs

    def for_staff(self, user: User | None) -> FeedbackQuerySet:
        """Items of the agencies where ``user`` may triage (see ``services.TRIAGE_ACTIONS``)."""
        agencies = agencies_where(user, Action.RECEIVE) | agencies_where(user, Action.APPROVE)
        return self.filter(agency__in=agencies.values("pk"))

    def with_votes(self) -> FeedbackQuerySet:
        """Annotate ``likes`` and ``dislikes`` of the published answer (indicator 5.3)."""
        return self.annotate(
            likes=Count("votes", filter=Q(votes__value=1)),
            dislikes=Count("votes", filter=Q(votes__value=-1)),
        )

    def counts_by_status(self) -> dict[str, int]:
        return dict(self.order_by().values_list("status").annotate(n=Count("pk")))


# --- Deadlines of one item, for the staff page -------------------------------------

ON_TIME, LATE, PENDING, OVERDUE, LAPSED, NOT_APPLICABLE = (
    "on_time",
    "late",
    "pending",
    "overdue",
    "lapsed",
    "n/a",
)


def _row(label: str, due, done, *, open_: bool, binding: bool, now: dt.datetime) -> dict:
    if done is not None:
        state = ON_TIME if due is None or done <= due else LATE
    elif not open_ or due is None:
        state = NOT_APPLICABLE
    elif now <= due:
        state = PENDING
    else:
        # Refusing and asking for more are options: a passed window is not a late item.
        state = OVERDUE if binding else LAPSED
    return {"label": label, "due": due, "done": done, "state": state}


def deadline_rows(feedback, now: dt.datetime) -> list[dict]:
    """The four Decision 766 deadlines of a PAKN and where it stands with each."""
    from django.utils.translation import gettext as _

    received = feedback.status == "received"
    return [
        _row(
            _("Từ chối xử lý (2 ngày làm việc)"),
            feedback.refuse_due,
            feedback.refused_at,
            open_=received and feedback.more_requested_at is None,
            binding=False,
            now=now,
        ),
        _row(
            _("Đề nghị bổ sung (5 ngày làm việc)"),
            feedback.more_due,
            feedback.more_requested_at,
            open_=received and feedback.more_requested_at is None,
            binding=False,
            now=now,
        ),
        _row(
            _("Trả lời (15 ngày làm việc)"),
            feedback.answer_due,
            feedback.answered_at,
            open_=received,
            binding=True,
            now=now,
        ),
        _row(
            _("Công khai trả lời (2 ngày làm việc)"),
            feedback.publish_due,
            feedback.published_at,
            open_=feedback.status == "answered",
            binding=True,
            now=now,
        ),
    ]
