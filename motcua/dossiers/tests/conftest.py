"""The standard procedure with its documents, and database options, for the dossier tests.

The province ``p``, ``frozen``, ``receive`` and ``submit`` are in the root conftest."""

from __future__ import annotations

import pytest
from django.db import connection

from motcua.catalog.models import RequiredDocument
from motcua.testing import standard_procedure


def pytest_collection_modifyitems(config, items):
    skip = pytest.mark.skip(reason="needs PostgreSQL (row locks, true concurrency)")
    for item in items:
        if "postgres_only" in item.keywords and connection.vendor != "postgresql":
            item.add_marker(skip)


@pytest.fixture
def threads(transactional_db):
    """For tests that run database work in several threads.

    The in-memory SQLite test database uses a shared cache whose table locks ignore the
    busy timeout: such tests need a file database (SQLITE_TEST_FILE=true) or PostgreSQL.
    """
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("threads need a file SQLite database (SQLITE_TEST_FILE=true) or PostgreSQL")
    return True


@pytest.fixture
def procedure(p):
    """Five working days in four steps, competent agency commune A."""
    procedure = standard_procedure(p)
    RequiredDocument.objects.create(procedure=procedure, order=1, name="Đơn đề nghị cấp phép")
    RequiredDocument.objects.create(procedure=procedure, order=2, name="Bản vẽ thiết kế")
    return procedure
