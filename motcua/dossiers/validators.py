"""Shapes of the applicant's identifiers (usable as form field validators too).

The rules are those of :mod:`motcua.accounts.validators`; a dossier keeps the value as
it was entered, so here it must already be in its stored form (no grouping spaces or
dots, the branch suffix of a tax code with its dash).
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from motcua.accounts import validators as rules
from motcua.accounts.validators import citizen_id_birth_year

__all__ = [
    "ERR_CITIZEN_ID_BIRTH",
    "ERR_CITIZEN_ID_PLACE",
    "ERR_CITIZEN_ID_SHAPE",
    "ERR_TAX_CODE",
    "citizen_id_birth_year",
    "validate_citizen_id",
    "validate_tax_code",
]

_CITIZEN_ID = re.compile(r"^[0-9]{12}$")

ERR_CITIZEN_ID_SHAPE = rules.CITIZEN_ID_SHAPE
ERR_CITIZEN_ID_PLACE = _(
    "Ba chữ số đầu của số định danh cá nhân là mã tỉnh, thành phố nơi đăng ký khai sinh "
    "(001–096): “%(value)s” không hợp lệ."
)
ERR_CITIZEN_ID_BIRTH = _(
    "Số định danh cá nhân không khớp với ngày sinh: chữ số thứ tư (thế kỷ, giới tính) và "
    "hai chữ số năm sinh phải ứng với năm %(year)s."
)
ERR_TAX_CODE = rules.TAX_CODE_SHAPE


def validate_citizen_id(value: str, birth_date: dt.date | None = None) -> None:
    """Số định danh cá nhân (Decree 137/2015 Art. 13, Law on Identification 2023 Art. 12).

    12 digits: 3 for the province or country of birth registration (001–096), one for
    century and sex, two for the year of birth, six random digits. When a birth date is
    known the century and year must agree with it.
    """
    value = (value or "").strip()
    if not _CITIZEN_ID.match(value):
        raise ValidationError(ERR_CITIZEN_ID_SHAPE, code="citizen_id_shape")
    place = int(value[:3])
    if not 1 <= place <= 96:
        raise ValidationError(
            ERR_CITIZEN_ID_PLACE, code="citizen_id_place", params={"value": value[:3]}
        )
    if birth_date is not None and citizen_id_birth_year(value) != birth_date.year:
        raise ValidationError(
            ERR_CITIZEN_ID_BIRTH, code="citizen_id_birth", params={"year": birth_date.year}
        )


def validate_tax_code(value: str) -> None:
    """Mã số thuế: 10 digits for an organisation, 10-3 for a branch."""
    value = (value or "").strip()
    if rules.normalize_tax_code(value) != value:
        raise ValidationError(ERR_TAX_CODE, code="tax_code_shape")
    rules.validate_tax_code(value)
