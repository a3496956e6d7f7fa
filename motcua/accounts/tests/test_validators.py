"""Structure of personal ID numbers and tax codes (regulations §6.3)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.accounts import validators
from motcua.accounts.validators import (
    citizen_id_birth_year,
    normalize_tax_code,
    validate_citizen_id,
    validate_tax_code,
)

TODAY = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.UTC)


def _message(error: ValidationError) -> str:
    return error.messages[0]


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    "value",
    ["001090012345", "035199000123", "079203001234", "096305000001", "001 090 012 345"],
)
def test_it_accepts_well_formed_personal_ids(value):
    validate_citizen_id(value)


def test_the_birth_year_is_read_from_the_century_digit():
    assert citizen_id_birth_year("035199000123") == 1999  # woman born 1999
    assert citizen_id_birth_year("079203001234") == 2003  # man born 2003
    assert citizen_id_birth_year("001090012345") == 1990


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("00109001234", validators.CITIZEN_ID_SHAPE),
        ("0010900123456", validators.CITIZEN_ID_SHAPE),
        ("00109001234A", validators.CITIZEN_ID_SHAPE),
        ("", validators.CITIZEN_ID_SHAPE),
        ("000090012345", validators.CITIZEN_ID_PROVINCE),
        ("097090012345", validators.CITIZEN_ID_PROVINCE),
        ("001299012345", validators.CITIZEN_ID_BIRTH_YEAR),  # 2099
        ("001427012345", validators.CITIZEN_ID_BIRTH_YEAR),  # 2127
    ],
)
def test_it_rejects_malformed_personal_ids(value, message):
    with pytest.raises(ValidationError) as caught:
        validate_citizen_id(value)
    assert _message(caught.value) == str(message)


def test_it_checks_the_birth_year_when_the_birth_date_is_known():
    validate_citizen_id("035199000123", birth_date=datetime.date(1999, 5, 1))
    with pytest.raises(ValidationError) as caught:
        validate_citizen_id("035199000123", birth_date=datetime.date(1998, 5, 1))
    assert _message(caught.value) == str(validators.CITIZEN_ID_BIRTH_DATE) % {
        "year": 1998,
        "coded": 1999,
    }


@time_machine.travel(TODAY, tick=False)
@settings(deadline=None)
@given(
    province=st.integers(1, 96),
    year=st.integers(1900, 2026),
    female=st.booleans(),
    tail=st.integers(0, 999_999),
)
def test_every_number_built_by_the_rule_is_accepted_and_decoded(province, year, female, tail):
    century_digit = (year // 100 - 19) * 2 + int(female)
    value = f"{province:03d}{century_digit}{year % 100:02d}{tail:06d}"
    validate_citizen_id(value)
    assert citizen_id_birth_year(value) == year


@pytest.mark.parametrize("value", ["0101234567", "0101234567-001", "0101234567001", "0101 234 567"])
def test_it_accepts_tax_codes_of_organisations_and_branches(value):
    validate_tax_code(value)


def test_a_branch_code_typed_without_the_dash_gets_it():
    assert normalize_tax_code("0101234567001") == "0101234567-001"


@pytest.mark.parametrize(
    "value", ["", "010123456", "01012345678", "0101234567-01", "0101234567-0011", "ABCDEFGHIJ"]
)
def test_it_rejects_malformed_tax_codes(value):
    with pytest.raises(ValidationError) as caught:
        validate_tax_code(value)
    assert _message(caught.value) == str(validators.TAX_CODE_SHAPE)
