"""Checks of Vietnamese identity numbers, reused by accounts and dossiers.

Only the structure is checked: whether a number was really issued can be known
only from the national population database (through VNeID), never from its digits.
"""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

CITIZEN_ID_SHAPE = _("Số định danh cá nhân phải gồm đúng 12 chữ số.")
CITIZEN_ID_PROVINCE = _(
    "Số định danh cá nhân không hợp lệ: 3 chữ số đầu là mã tỉnh nơi đăng ký khai sinh, từ 001 đến 096."
)
CITIZEN_ID_BIRTH_YEAR = _(
    "Số định danh cá nhân không hợp lệ: chữ số thứ 4 và năm sinh (chữ số thứ 5–6) cho một năm sinh trong tương lai."
)
CITIZEN_ID_BIRTH_DATE = _(
    "Số định danh cá nhân không khớp với năm sinh %(year)s: chữ số thứ 4–6 cho năm %(coded)s."
)
TAX_CODE_SHAPE = _(
    "Mã số thuế phải gồm 10 chữ số, hoặc 10 chữ số, dấu gạch ngang và 3 chữ số của đơn vị phụ thuộc (ví dụ 0101234567-001)."
)

_SEPARATORS = re.compile(r"[\s.]")
_TAX_CODE = re.compile(r"^[0-9]{10}(-[0-9]{3})?$")


def normalize_citizen_id(value: str) -> str:
    """The 12 digits without the spaces or dots people type to group them."""
    return _SEPARATORS.sub("", value or "")


def citizen_id_birth_year(value: str) -> int:
    """Birth year coded in digits 4–6 (the century/sex digit and two digits of the year)."""
    digits = normalize_citizen_id(value)
    century = 1900 + (int(digits[3]) // 2) * 100
    return century + int(digits[4:6])


def validate_citizen_id(value: str, birth_date: datetime.date | None = None) -> None:
    """A 12-digit personal ID number (số định danh cá nhân, also the CCCD number).

    Decree 137/2015/NĐ-CP Art. 13 (now Law on Identity 2023 Art. 12): 3 digits of
    the province of birth registration (001–096), 1 digit for century and sex
    (1900s: 0/1, 2000s: 2/3, 2100s: 4/5, …), 2 digits of the birth year, then 6
    digits. The coded birth year may not lie in the future and, when the birth
    date is known, must be its year.
    """
    digits = normalize_citizen_id(value)
    if len(digits) != 12 or not digits.isdigit():
        raise ValidationError(CITIZEN_ID_SHAPE, code="citizen_id_shape")
    if not 1 <= int(digits[:3]) <= 96:
        raise ValidationError(CITIZEN_ID_PROVINCE, code="citizen_id_province")
    year = citizen_id_birth_year(digits)
    if year > timezone.localdate().year:
        raise ValidationError(CITIZEN_ID_BIRTH_YEAR, code="citizen_id_birth_year")
    if birth_date is not None and birth_date.year != year:
        raise ValidationError(
            CITIZEN_ID_BIRTH_DATE,
            code="citizen_id_birth_date",
            params={"year": birth_date.year, "coded": year},
        )


def normalize_tax_code(value: str) -> str:
    """10 digits, or 10-3 digits; 13 digits typed without the dash get it back."""
    code = _SEPARATORS.sub("", value or "")
    if len(code) == 13 and code.isdigit():
        code = f"{code[:10]}-{code[10:]}"
    return code


def validate_tax_code(value: str) -> None:
    """An enterprise or organisation tax code (mã số thuế, also its registration number).

    Law on Tax Administration 38/2019/QH14 Art. 30 and Circular 105/2020/TT-BTC
    Art. 5: 10 digits for the organisation, 10 digits + "-" + 3 digits for a
    dependent unit (branch).
    """
    if not _TAX_CODE.match(normalize_tax_code(value)):
        raise ValidationError(TAX_CODE_SHAPE, code="tax_code_shape")
