from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from motcua.dossiers.validators import (
    citizen_id_birth_year,
    validate_citizen_id,
    validate_tax_code,
)


def make_id(place: int, birth: dt.date, female: bool, tail: int) -> str:
    century = (birth.year - 1900) // 100 * 2 + int(female)
    return f"{place:03d}{century}{birth.year % 100:02d}{tail:06d}"


@given(
    place=st.integers(1, 96),
    birth=st.dates(dt.date(1900, 1, 1), dt.date(2299, 12, 31)),
    female=st.booleans(),
    tail=st.integers(0, 999_999),
)
def test_well_formed_ids_agree_with_their_birth_date(place, birth, female, tail):
    value = make_id(place, birth, female, tail)
    validate_citizen_id(value, birth)
    assert citizen_id_birth_year(value) == birth.year


@given(birth=st.dates(dt.date(1900, 1, 1), dt.date(2199, 12, 31)), years=st.integers(1, 99))
def test_another_birth_year_is_refused(birth, years):
    value = make_id(1, birth, False, 1)
    other = birth.replace(year=birth.year + years, day=min(birth.day, 28))
    with pytest.raises(ValidationError):
        validate_citizen_id(value, other)


@pytest.mark.parametrize(
    "value", ["", "00109001234", "0010900123456", "00109001234a", "000090012345", "097090012345"]
)
def test_malformed_ids_are_refused(value):
    with pytest.raises(ValidationError):
        validate_citizen_id(value)


def test_example_from_the_regulations():
    # 035199000123: registered in Hà Nam, female, born 1999.
    validate_citizen_id("035199000123", dt.date(1999, 3, 2))
    with pytest.raises(ValidationError) as exc:
        validate_citizen_id("035199000123", dt.date(2099, 3, 2))
    assert "2099" in exc.value.messages[0]


@pytest.mark.parametrize("value", ["0101234567", "0101234567-001"])
def test_tax_codes(value):
    validate_tax_code(value)


@pytest.mark.parametrize("value", ["010123456", "0101234567-01", "0101234567001", "abc"])
def test_bad_tax_codes(value):
    with pytest.raises(ValidationError):
        validate_tax_code(value)
