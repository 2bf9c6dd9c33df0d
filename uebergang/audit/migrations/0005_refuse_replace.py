"""On SQLite, refuse `INSERT OR REPLACE` of an existing audit event (it would delete the old row
without firing the delete trigger). New databases get the trigger from 0002 already (IF NOT EXISTS)."""

from django.db import migrations

from uebergang.audit import triggers


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(triggers.NO_REPLACE_SQLITE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(triggers.DROP_NO_REPLACE_SQLITE)


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_review_and_token_actions")]

    operations = [migrations.RunPython(create, drop)]
