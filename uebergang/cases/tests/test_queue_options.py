"""The queue's filter lists come from the cache and follow every change of schools, regions and workers."""

from __future__ import annotations

import pytest

from uebergang.network.models import Organisation
from uebergang.test import create_organisation, create_region

pytestmark = pytest.mark.django_db
QUEUE = "/kreis-a/intern/faelle/"


def test_a_new_school_and_region_appear_in_the_filters_at_once(worker, cast):
    first = worker.get(QUEUE).content.decode()
    assert "Gesamtschule am Cachepark" not in first
    school = create_organisation(cast.tenant_a, "Gesamtschule am Cachepark", Organisation.Kind.SCHOOL)
    create_region(cast.tenant_a, "Cacheviertel")
    page = worker.get(QUEUE).content.decode()
    assert f'<option value="{school.pk}">Gesamtschule am Cachepark</option>' in page
    assert "Cacheviertel" in page
    # Filtering by it works with the id the list offers; an id it does not offer is not a filter.
    assert worker.get(QUEUE, {"ansicht": "alle", "schule": school.pk}).status_code == 200
    other = create_organisation(cast.tenant_b, "Schule in Beta", Organisation.Kind.SCHOOL)
    assert "Schule in Beta" not in worker.get(QUEUE).content.decode()
    response = worker.get(QUEUE, {"ansicht": "alle", "schule": other.pk})
    assert response.status_code == 200 and "Schule in Beta" not in response.content.decode()
