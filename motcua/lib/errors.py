"""The refusals of the business functions, and what each means over HTTP.

A function that owns a rule (a dossier action, a feedback transition, a portal service)
refuses with one of three errors, whose ``message`` is Vietnamese and shown to the user
as is:

- ``NotAllowed``: the actor may not do this here (HTTP 403);
- ``InvalidTransition``: not in the current state of the object (HTTP 409);
- ``InvalidInput``: the data given is not acceptable (HTTP 422).

``code`` names the rule for programs (tests, the API's JSON); ``field`` names the form
field the message belongs to, when there is one. Pages and the API translate an error
with ``http_status`` and ``as_json`` and nothing else, so a refusal means the same
everywhere. With django-ninja::

    @api.exception_handler(DomainError)
    def refused(request, exc):
        return api.create_response(request, as_json(exc), status=http_status(exc))
"""

from __future__ import annotations

from typing import TypedDict


class DomainError(Exception):
    """A refused action. ``message`` is Vietnamese, for the user."""

    status_code = 422

    def __init__(self, message: str, *, code: str = "invalid", field: str | None = None) -> None:
        self.message = str(message)
        self.code = code
        self.field = field
        super().__init__(self.message)


class NotAllowed(DomainError):
    """The actor may not do this (HTTP 403)."""

    status_code = 403


class InvalidTransition(DomainError):
    """Not allowed in the current state (HTTP 409)."""

    status_code = 409


class InvalidInput(DomainError):
    """The data given is not acceptable (HTTP 422)."""

    status_code = 422


def fail(cls: type[DomainError], message, code: str, **params) -> DomainError:
    """An error of ``cls`` with ``message`` (lazy or not) filled with ``params``."""
    text = str(message)
    return cls(text % params if params else text, code=code)


def http_status(exc: DomainError) -> int:
    """The HTTP status a page or the API answers a refusal with."""
    return exc.status_code


class ErrorJson(TypedDict):
    code: str
    message: str
    field: str | None


def as_json(exc: DomainError) -> ErrorJson:
    """A refusal as the API's JSON body."""
    return {"code": exc.code, "message": exc.message, "field": exc.field}
