"""Organisations get a stable UUID for the HSDS API (`organization.id`)."""

import uuid

from django.db import migrations, models


def fill_hsds_ids(apps, schema_editor):
    Organisation = apps.get_model("network", "Organisation")
    for organisation in Organisation.objects.only("pk").iterator():
        Organisation.objects.filter(pk=organisation.pk).update(hsds_id=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [("network", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="organisation", name="hsds_id", field=models.UUIDField(editable=False, null=True)
        ),
        migrations.RunPython(fill_hsds_ids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="organisation",
            name="hsds_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
