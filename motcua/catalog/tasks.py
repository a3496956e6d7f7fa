"""Background tasks of the catalog (django-tasks; tasks take IDs, never model instances)."""

from __future__ import annotations

from typing import Any

from django_tasks import task


@task()
def run_national_import(run_id: int) -> dict[str, Any]:
    """Import the file of an ImportRun from the national procedure database."""
    from motcua.catalog.national.services import import_run_execute

    return import_run_execute(run_id=run_id)
