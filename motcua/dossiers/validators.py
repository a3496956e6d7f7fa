"""Shapes of the applicant's identifiers (usable as form field validators too)."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_CITIZEN_ID = re.compile(r"^[0-9]{12}$")
_TAX_CODE = re.compile(r"^[0-9]{10}(-[0-9]{3})?$")

ERR_CITIZEN_ID_SHAPE = _("Số định danh cá nhân phải gồm đúng 12 chữ số.")
ERR_CITIZEN_ID_PLACE = _(
    "Ba chữ số đầu của số định danh cá nhân là mã tỉnh, thành phố nơi đăng ký khai sinh "
    "(001–096): “%(value)s” không hợp lệ."
)
ERR_CITIZEN_ID_BIRTH = _(
    "Số định danh cá nhân không khớp với ngày sinh: chữ số thứ tư (thế kỷ, giới tính) và "
    "hai chữ số năm sinh phải ứng với năm %(year)s."
)
ERR_TAX_CODE = _("Mã số thuế phải gồm 10 chữ số, hoặc 10 chữ số, dấu gạch ngang và 3 chữ số.")


def citizen_id_birth_year(value: str) -> int:
    """The birth year encoded in a citizen ID: the 4th digit gives the century
    (0–1 → 1900s, 2–3 → 2000s, … 8–9 → 2300s), the 5th–6th the year."""
    century = 1900 + (int(value[3]) // 2) * 100
    return century + int(value[4:6])


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
    if not _TAX_CODE.match((value or "").strip()):
        raise ValidationError(ERR_TAX_CODE, code="tax_code")
