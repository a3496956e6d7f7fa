import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def point_at_highest_version(apps, schema_editor):
    Procedure = apps.get_model("catalog", "Procedure")
    Process = apps.get_model("catalog", "Process")
    highest = Process.objects.filter(procedure=OuterRef("pk")).order_by("-version")
    Procedure.objects.update(current_process=Subquery(highest.values("pk")[:1]))


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0003_import_run_withdraw_option"),
    ]

    operations = [
        migrations.AddField(
            model_name="procedure",
            name="current_process",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="catalog.process",
                verbose_name="quy trình hiện hành",
            ),
        ),
        migrations.RunPython(point_at_highest_version, migrations.RunPython.noop),
    ]
