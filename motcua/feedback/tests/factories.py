"""Builders for the feedback tests."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from motcua.feedback import services
from motcua.feedback.models import Feedback, SubjectKind

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def local(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=TZ)


def file_feedback(province, **overrides) -> Feedback:
    """A named PAKN about commune A, received at 09:00 on Wednesday 29/04/2026 by default."""
    values = {
        "subject_kind": SubjectKind.AGENCY,
        "agency": province.commune_a,
        "title": "Cán bộ hẹn nhiều lần",
        "content": "Tôi đến nộp hồ sơ ba lần vẫn chưa được tiếp nhận.",
        "filer_name": "Nguyễn Thị Hoa",
        "filer_phone": "0987 654 321",
        "filer_email": "hoa@example.vn",
        "at": local(2026, 4, 29, 9, 0),
    }
    values.update(overrides)
    return services.feedback_submit(**values)


def published(province, **overrides) -> Feedback:
    """A PAKN answered and published by the leader of commune A."""
    feedback = file_feedback(province, **overrides)
    feedback = services.feedback_answer(
        feedback=feedback,
        actor=province.leader_a,
        answer="Xã đã nhắc nhở cán bộ và rút kinh nghiệm.",
        at=local(2026, 5, 6, 10, 0),
    )
    return services.feedback_publish(
        feedback=feedback, actor=province.leader_a, at=local(2026, 5, 7, 10, 0)
    )
