"""Staff roles and what each may do.

Kept free of models so that every app (catalog steps, dossier services, views)
can import the vocabulary without import cycles.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    RECEIVING_OFFICER = "tiep_nhan", _("Cán bộ tiếp nhận (một cửa)")
    SPECIALIST = "chuyen_vien", _("Chuyên viên xử lý")
    UNIT_LEADER = "lanh_dao_phong", _("Lãnh đạo phòng, đơn vị")
    AGENCY_LEADER = "lanh_dao_co_quan", _("Lãnh đạo cơ quan")
    ADMIN = "quan_tri", _("Quản trị hệ thống")
    INSPECTOR = "thanh_tra", _("Thanh tra, giám sát (chỉ xem)")


class Action(models.TextChoices):
    """Things a staff member may do somewhere in the agency tree."""

    VIEW = "view", _("Xem hồ sơ")
    RECEIVE = "receive", _("Tiếp nhận, từ chối, yêu cầu bổ sung khi tiếp nhận")
    PROCESS = "process", _("Xử lý bước được giao")
    ASSIGN = "assign", _("Phân công xử lý")
    APPROVE = "approve", _("Phê duyệt, ký kết quả")
    APPROVE_EXTENSION = "approve_extension", _("Duyệt văn bản xin lỗi, gia hạn")
    RETURN_RESULT = "return_result", _("Trả kết quả")
    CONFIGURE = "configure", _("Cấu hình thủ tục, quy trình, lịch, cán bộ")
    REPORT = "report", _("Xem báo cáo, thống kê")


# Which roles grant which actions. A role held in an agency grants the action in
# that agency and every agency below it in the tree.
GRANTS: dict[str, frozenset[str]] = {
    Role.RECEIVING_OFFICER: frozenset({Action.VIEW, Action.RECEIVE, Action.RETURN_RESULT}),
    Role.SPECIALIST: frozenset({Action.VIEW, Action.PROCESS}),
    Role.UNIT_LEADER: frozenset(
        {Action.VIEW, Action.PROCESS, Action.ASSIGN, Action.APPROVE, Action.REPORT}
    ),
    Role.AGENCY_LEADER: frozenset(
        {
            Action.VIEW,
            Action.PROCESS,
            Action.ASSIGN,
            Action.APPROVE,
            Action.APPROVE_EXTENSION,
            Action.REPORT,
        }
    ),
    Role.ADMIN: frozenset({Action.VIEW, Action.CONFIGURE, Action.REPORT}),
    Role.INSPECTOR: frozenset({Action.VIEW, Action.REPORT}),
}
