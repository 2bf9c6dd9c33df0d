"""Covering indexes for the catalogue search (PostgreSQL only; bench/README.md, "Offering search").

A tenant's offerings lie scattered over the table — one row per heap page — so a search that touched
each row on the heap paid one page read per offering. The search (`facets.summarise`) reads the
matching set once; these indexes let that read, the category and the region counts and the radius
conditions run as index-only scans over pages that hold only one tenant's entries:

- `offering_search_scan_idx`: (tenant, status) with the columns the counts, the age filter and the
  orders read. Searches with words still visit the heap for `search_vector`.
- `offering_location_search_idx`: a location's offering with its region, confidentiality and
  coordinates (region counts, radius, distance).

SQLite keeps Django's indexes: its catalogues are small.
"""

from django.db import migrations

INDEXES = {
    "offering_search_scan_idx": (
        "offerings_offering (tenant_id, status) INCLUDE (phases, target_groups, languages, legal_sphere, "
        "is_free, min_age, max_age, title, published_at, created_at)"
    ),
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
        schema_editor.execute(f"DROP INDEX {name}")


class Migration(migrations.Migration):
    dependencies = [("offerings", "0003_search")]

    operations = [migrations.RunPython(create, drop)]
