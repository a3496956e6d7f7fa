"""PostgreSQL: the dossiers open at a moment read from the index alone (index-only scan);
SQLite keeps the plain (agency_id, ended_at) index of 0003."""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS reports_dossier_open_cover ON dossiers_dossier "
    "(agency_id, ended_at) INCLUDE (received_at, due_at, status, paused_at, supplement_rounds)"
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS reports_dossier_agency_ended")
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS reports_dossier_open_cover")
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS reports_dossier_agency_ended "
            "ON dossiers_dossier (agency_id, ended_at)"
        )


class Migration(migrations.Migration):
    dependencies = [("reports", "0003_dossier_time_indexes")]

    operations = [migrations.RunPython(forwards, backwards)]
