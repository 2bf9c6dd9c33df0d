"""Search: the vocabulary for typo tolerance, folded search texts, on PostgreSQL the German full-text
column (see `uebergang/offerings/fulltext.py`), and an index for the radius search.

No GIN index on `search_vector`: every search is scoped to one tenant, whose offerings the
(tenant, status) index finds; checking their stored vectors is cheap. A GIN index made PostgreSQL
AND its bitmap with the tenant's, reading the posting list of a common word for all tenants
(`bench/offering_search_bench.py --text-index gin`; bench/README.md).
"""

import django.db.models.deletion
from django.db import migrations, models

from uebergang.offerings.fulltext import document, vocabulary

# Title weighted "A", the rest "D"; `search_text` holds the folded title on its first line.
SEARCH_VECTOR = """
    setweight(to_tsvector('german'::regconfig, split_part(search_text, E'\\n', 1)), 'A')
    || setweight(to_tsvector('german'::regconfig, substr(search_text, strpos(search_text, E'\\n') + 1)), 'D')
"""


def add_search_vector(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"ALTER TABLE offerings_offering ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({SEARCH_VECTOR}) STORED"
    )
    # Confidential locations by postcode area (`nearby.within`): without it PostgreSQL scans every
    # location of every tenant for a radius search. The expression is the one Django's Substr writes.
    schema_editor.execute(
        "CREATE INDEX offering_location_confidential_area_idx ON offerings_offeringlocation "
        "(substring(postcode, 1, 3)) WHERE is_confidential"
    )


def drop_search_vector(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS offering_location_confidential_area_idx")
    schema_editor.execute("ALTER TABLE offerings_offering DROP COLUMN search_vector")


def rebuild_search_texts(apps, schema_editor):
    """Existing offerings get the folded text and their words in the vocabulary."""
    Offering = apps.get_model("offerings", "Offering")
    SearchWord = apps.get_model("offerings", "SearchWord")
    offerings = Offering.objects.select_related("provider").prefetch_related("categories", "locations")
    for offering in offerings.iterator(chunk_size=500):
        parts = [
            offering.short_description,
            offering.description,
            offering.plain_language,
            offering.provider.name,
            offering.legal_basis,
            offering.programme,
            *(category.name for category in offering.categories.all()),
            *(location.city for location in offering.locations.all()),
        ]
        offering.search_text = document(offering.title, parts)
        offering.save(update_fields=["search_text"])
        SearchWord.objects.bulk_create(
            [
                SearchWord(tenant_id=offering.tenant_id, folded=folded, word=word)
                for folded, word in vocabulary([offering.title, *parts]).items()
            ],
            ignore_conflicts=True,
        )


class Migration(migrations.Migration):

    dependencies = [
        ('offerings', '0002_seed_categories'),
        ('tenants', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchWord',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('folded', models.CharField(max_length=60)),
                ('word', models.CharField(max_length=60)),
                ('tenant', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='tenants.tenant', verbose_name='Kommune')),
            ],
            options={
                'verbose_name': 'Suchwort',
                'verbose_name_plural': 'Suchwörter',
                'constraints': [models.UniqueConstraint(fields=('tenant', 'folded'), name='searchword_unique_per_tenant')],
            },
        ),
        migrations.RunPython(add_search_vector, drop_search_vector),
        # The bounding box of a radius search (`nearby.py`); Django does not manage this index.
        migrations.RunSQL(
            "CREATE INDEX offering_location_coordinates_idx ON offerings_offeringlocation (latitude, longitude)",
            "DROP INDEX IF EXISTS offering_location_coordinates_idx",
        ),
        migrations.RunPython(rebuild_search_texts, migrations.RunPython.noop),
    ]
