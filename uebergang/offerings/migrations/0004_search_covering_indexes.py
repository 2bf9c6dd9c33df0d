"""A covering index for the catalogue search (PostgreSQL only; bench/README.md, "Offering search").

The search (`facets.summarise`) counts regions by joining the matching offerings to their locations:
one probe per offering. With the region, confidentiality and coordinates in the index that probe is an
index-only scan instead of a second read of a scattered heap page; the radius conditions and the
distance order read the same columns.

Measured and not kept: a covering (tenant, status) INCLUDE (codes, ages, dates, title) index on the
offering table — PostgreSQL kept its bitmap heap scan (the rows are read once now, ~4 ms for a
tenant), and it cost 135 MB at 1M offerings.

SQLite keeps Django's indexes: its catalogues are small.
"""

from django.db import migrations

INDEXES = {
    "offering_location_search_idx": (
        "offerings_offeringlocation (offering_id) INCLUDE (region_id, is_confidential, latitude, longitude)"
    ),
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, definition in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX {name} ON {definition}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("offerings", "0003_search")]

    operations = [migrations.RunPython(create, drop)]
