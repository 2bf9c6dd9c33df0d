"""Indexes of the case queue: (deadline, number) order per status and for open cases; on PostgreSQL
trigram indexes for the name search (`icontains` reads UPPER(name) LIKE '%…%') and the class.

bench/cases_queue_bench.py measured them at 100,000 cases in a tenant (bench/README.md).
"""

from django.conf import settings
from django.db import migrations, models

SEARCH_INDEXES = {
    "case_first_name_trgm_idx": "USING gin (UPPER(first_name::text) gin_trgm_ops)",
    "case_last_name_trgm_idx": "USING gin (UPPER(last_name::text) gin_trgm_ops)",
    "case_class_upper_idx": "(tenant_id, UPPER(school_class::text))",
}


def add_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, definition in SEARCH_INDEXES.items():
        schema_editor.execute(f"CREATE INDEX {name} ON cases_case {definition}")


def drop_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in SEARCH_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0004_case_conference'),
        ('monitoring', '0008_clarification'),
        ('network', '0006_case_conference'),
        ('tenants', '0002_association_common_threshold'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='case',
            name='case_queue_idx',
        ),
        migrations.RemoveIndex(
            model_name='case',
            name='case_worker_queue_idx',
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['tenant', 'status', 'deadline', 'number'], name='case_queue_idx'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['tenant', 'lead_worker', 'status', 'deadline', 'number'], name='case_worker_queue_idx'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(condition=models.Q(('status', 'closed'), _negated=True), fields=['tenant', 'deadline', 'number'], name='case_open_queue_idx'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(condition=models.Q(('status', 'closed'), _negated=True), fields=['tenant', 'date_of_birth'], name='case_open_birth_idx'),
        ),
        migrations.RunPython(add_search_indexes, drop_search_indexes),
    ]
