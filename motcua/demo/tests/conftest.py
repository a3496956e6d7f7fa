"""The dossier tests' standard procedure (with its two documents) for the demo data."""

from motcua.dossiers.tests.conftest import procedure  # noqa: F401
