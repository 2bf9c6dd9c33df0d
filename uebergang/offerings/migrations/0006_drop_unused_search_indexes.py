"""Drop the location indexes the search no longer reads.

Since 0005 the facet counts and the radius search read the ids and points stored on the offering row
(`search_category_ids`, `search_region_ids`, `search_points`, `search_areas`), not the location table,
so the bounding-box index (0003), the confidential-area index (0003) and the covering location index
(0004) only cost writes and space.
"""

from django.db import migrations

UNUSED = [
    "offering_location_coordinates_idx",
    "offering_location_confidential_area_idx",
    "offering_location_search_idx",
]


def drop(apps, schema_editor):
    for name in UNUSED:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("offerings", "0005_search_link_ids")]

    operations = [migrations.RunPython(drop, migrations.RunPython.noop)]
