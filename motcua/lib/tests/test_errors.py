"""A refusal means the same to every page and the API."""

from __future__ import annotations

import pytest

from motcua.lib.errors import (
    DomainError,
    InvalidInput,
    InvalidTransition,
    NotAllowed,
    as_json,
    fail,
    http_status,
)


@pytest.mark.parametrize(
    "error,status", [(NotAllowed, 403), (InvalidTransition, 409), (InvalidInput, 422)]
)
def test_each_refusal_has_its_http_status(error, status):
    exc = error("Không được.", code="rule", field="reason")
    assert isinstance(exc, DomainError)
    assert http_status(exc) == status
    assert as_json(exc) == {"code": "rule", "message": "Không được.", "field": "reason"}


def test_a_subclass_keeps_the_status_of_its_kind():
    class Stale(InvalidTransition):
        pass

    assert http_status(Stale("Đã đổi.")) == 409


def test_fail_fills_the_message():
    exc = fail(InvalidInput, "Thiếu %(what)s.", "missing", what="lý do")
    assert (exc.message, exc.code, exc.field) == ("Thiếu lý do.", "missing", None)
