"""Shapes of national identifiers used in the catalog."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Decision 20/2020/QĐ-TTg: at most 35 characters from [0-9A-Z.], groups separated
# by dots and developed left to right, the first group being the level-1 code
# (a letter and two digits: G09 a ministry, H15 a province).
_QD20 = re.compile(r"^[A-Z][0-9]{2}(\.[0-9A-Z]{1,5})*$")
# QCVN 102:2016/BTTTT, still found in data from before 2020: level-1 code last,
# e.g. 000.00.14.H56.
_QCVN102 = re.compile(r"^[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2}$")

# National procedure code: one digit, a dot, six digits (1.000948); localised
# variants append an agency code (1.000948.H38).
_PROCEDURE_CODE = re.compile(r"^[0-9]\.[0-9]{6}(\.[0-9A-Z]+)*$")


def validate_agency_code(value: str) -> None:
    if len(value) > 35 or not (_QD20.match(value) or _QCVN102.match(value)):
        raise ValidationError(
            _(
                "Mã định danh “%(value)s” không đúng cấu trúc Quyết định 20/2020/QĐ-TTg: "
                "tối đa 35 ký tự gồm chữ in hoa, chữ số và dấu chấm, nhóm đầu là mã cấp 1 "
                "(một chữ cái và hai chữ số, ví dụ H15.50.05.13)."
            ),
            code="agency_code",
            params={"value": value},
        )


def validate_procedure_code(value: str) -> None:
    if not _PROCEDURE_CODE.match(value):
        raise ValidationError(
            _(
                "Mã thủ tục “%(value)s” không đúng dạng của Cơ sở dữ liệu quốc gia (ví dụ 1.000948)."
            ),
            code="procedure_code",
            params={"value": value},
        )
