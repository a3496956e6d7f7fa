"""The standard procedure with its documents and fee, and a signed-in client, for the
office tests. The province ``p``, ``frozen``, ``receive`` and ``submit`` are in the root
conftest."""

from __future__ import annotations

import pytest

from motcua.catalog.models import Fee, RequiredDocument
from motcua.testing import standard_procedure

ID_NUMBER = "001090012345"  # the applicant's (motcua.testing.applicant)


def procedure_with_documents(p):
    """Five working days in four steps at commune A, two documents (one optional)."""
    procedure = standard_procedure(p)
    RequiredDocument.objects.create(
        procedure=procedure, order=1, name="Đơn đề nghị cấp giấy phép", originals=1
    )
    RequiredDocument.objects.create(
        procedure=procedure, order=2, name="Bản vẽ thiết kế", copies=2, mandatory=False
    )
    Fee.objects.create(procedure=procedure, name="Lệ phí cấp giấy phép", amount=75000)
    return procedure


@pytest.fixture
def procedure(p):
    return procedure_with_documents(p)


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login
