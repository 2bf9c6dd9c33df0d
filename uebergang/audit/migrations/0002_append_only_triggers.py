"""Database triggers that refuse UPDATE, DELETE (and on PostgreSQL TRUNCATE) of audit events."""

from django.db import migrations

from uebergang.audit import triggers


def create(apps, schema_editor):
    for sql in triggers.statements(schema_editor.connection.vendor):
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    for sql in triggers.statements(schema_editor.connection.vendor, drop=True):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
