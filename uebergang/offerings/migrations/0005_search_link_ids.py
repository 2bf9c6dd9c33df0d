"""Each offering's category ids and region ids, its public locations' coordinates and (located only
confidentially) its postcode areas on its own row, for the facet counts and the radius search
(bench/README.md, "Offering search"); `search.refresh_search_text()` keeps them from now on. The backfill
reads the links and locations once and writes the rows in batches (portable: SQLite and PostgreSQL)."""

from collections import defaultdict

from django.db import migrations, models

from uebergang.offerings.nearby import stored_places

BATCH = 2_000
FIELDS = ["search_category_ids", "search_region_ids", "search_points", "search_areas"]
PLACE_FIELDS = ("offering_id", "region_id", "postcode", "latitude", "longitude", "is_confidential")


def backfill(apps, schema_editor):
    offering_model = apps.get_model("offerings", "Offering")
    location_model = apps.get_model("offerings", "OfferingLocation")
    links = offering_model.categories.through
    categories, regions, located = defaultdict(set), defaultdict(set), defaultdict(list)
    for offering_id, category_id in links.objects.values_list("offering_id", "category_id").iterator():
        categories[offering_id].add(category_id)
    for location in location_model.objects.only(*PLACE_FIELDS).iterator():
        located[location.offering_id].append(location)
        if location.region_id is not None:
            regions[location.offering_id].add(location.region_id)
    changed = []
    for pk in sorted(categories.keys() | located.keys()):
        changed.append(
            offering_model(
                pk=pk,
                search_category_ids=sorted(categories.get(pk, ())),
                search_region_ids=sorted(regions.get(pk, ())),
                **stored_places(located.get(pk, [])),
            )
        )
        if len(changed) >= BATCH:
            offering_model.objects.bulk_update(changed, FIELDS)
            changed = []
    offering_model.objects.bulk_update(changed, FIELDS)


class Migration(migrations.Migration):
    dependencies = [("offerings", "0004_search_covering_indexes")]

    operations = [
        migrations.AddField(
            model_name="offering",
            name="search_category_ids",
            field=models.JSONField(blank=True, default=list, editable=False),
        ),
        migrations.AddField(
            model_name="offering",
            name="search_region_ids",
            field=models.JSONField(blank=True, default=list, editable=False),
        ),
        migrations.AddField(
            model_name="offering",
            name="search_points",
            field=models.JSONField(blank=True, default=list, editable=False),
        ),
        migrations.AddField(
            model_name="offering",
            name="search_areas",
            field=models.JSONField(blank=True, default=list, editable=False),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
