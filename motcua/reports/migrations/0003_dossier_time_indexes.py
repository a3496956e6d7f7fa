"""Indexes on the dossier table for the reports' period queries: dossiers open at a
moment (``ended_at IS NULL OR ended_at >= t``) and the days a refresh recomputes (ended or
returned on a day). Now in ``Dossier.Meta.indexes`` (dossiers 0005)."""

from django.db import migrations

SQL = [
    "CREATE INDEX IF NOT EXISTS reports_dossier_ended_at ON dossiers_dossier (ended_at)",
    "CREATE INDEX IF NOT EXISTS reports_dossier_returned_at ON dossiers_dossier (returned_at)",
    "CREATE INDEX IF NOT EXISTS reports_dossier_agency_ended ON dossiers_dossier (agency_id, ended_at)",
]
REVERSE = [
    "DROP INDEX IF EXISTS reports_dossier_ended_at",
    "DROP INDEX IF EXISTS reports_dossier_returned_at",
    "DROP INDEX IF EXISTS reports_dossier_agency_ended",
]


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_report_summary"), ("dossiers", "0001_initial")]

    operations = [migrations.RunSQL(SQL, REVERSE)]
