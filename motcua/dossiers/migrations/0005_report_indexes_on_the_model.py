"""The reports' indexes on the dossier table move to ``Dossier.Meta.indexes``: the ones
``reports`` 0003 and 0004 created by SQL are dropped and built again under the model's
names (on PostgreSQL the open-dossiers index keeps its included columns)."""

from django.db import migrations, models

DROP = [
    f"DROP INDEX IF EXISTS {name}"
    for name in (
        "reports_dossier_open_cover",
        "reports_dossier_agency_ended",
        "reports_dossier_ended_at",
        "reports_dossier_returned_at",
    )
]


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0004_dossier_document_case"),
        ("reports", "0004_open_dossiers_covering_index"),
    ]

    operations = [
        migrations.RunSQL(DROP, migrations.RunSQL.noop),
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(
                fields=["agency", "ended_at"],
                include=("received_at", "due_at", "status", "paused_at", "supplement_rounds"),
                name="dossier_open_cover",
            ),
        ),
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(fields=["ended_at"], name="dossier_ended_at"),
        ),
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(fields=["returned_at"], name="dossier_returned_at"),
        ),
    ]
