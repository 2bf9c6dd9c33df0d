"""Local destination sub-codes: list, add, edit; audited; only the tenant's coordinator."""

from __future__ import annotations

import pytest

from uebergang.audit.models import AuditEvent
from uebergang.monitoring.models import Destination

pytestmark = pytest.mark.django_db

BASE = "/kreis-a/intern/monitoring/codes/"


def test_the_list_shows_top_level_codes_with_sector_and_own_sub_codes(
    client, cast, django_assert_max_num_queries
):
    client.force_login(cast.coordinator)
    with django_assert_max_num_queries(16):
        page = client.get(BASE).content.decode()
    assert "Duale Berufsausbildung" in page and "I Berufsausbildung" in page and "II Übergangsbereich" in page
    assert ">BvB</a>" in page
    assert "Codeliste 2027.1" in page
    # The shared sub-codes every municipality uses, and the new codes of 2027.1.
    assert "betriebliche Ausbildung (<code>dual_company</code>" in page
    assert "außerbetriebliche Ausbildung (BaE, § 76 SGB III)" in page
    assert (
        "Verbleib an einer allgemeinbildenden Schule" in page and "Berufliche Rehabilitation (SGB IX)" in page
    )


def test_add_a_sub_code(client, cast):
    client.force_login(cast.coordinator)
    transition = Destination.objects.current().top_level().get(code="transition")
    response = client.post(BASE, {"code": "EQ", "label": "Einstiegsqualifizierung", "parent": transition.pk})
    assert response.status_code == 302
    code = Destination.objects.get(tenant=cast.tenant_a, code="eq")
    assert code.parent == transition and code.iabe_sector == "II"
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CREATED, object_id=str(code.pk)).exists()
    assert "Einstiegsqualifizierung" in client.get(BASE).content.decode()


@pytest.mark.parametrize("code", ["bvb", "dual"])
def test_a_code_that_exists_is_refused(client, cast, code):
    client.force_login(cast.coordinator)
    transition = Destination.objects.current().top_level().get(code="transition")
    response = client.post(BASE, {"code": code, "label": "Doppelt", "parent": transition.pk})
    assert response.status_code == 200 and "Diesen Code gibt es schon." in response.content.decode()


def test_the_same_code_in_another_tenant_is_fine(client, cast):
    client.force_login(cast.coordinator_b)
    service = Destination.objects.current().top_level().get(code="service")
    response = client.post(
        "/stadt-b/intern/monitoring/codes/", {"code": "fsj", "label": "FSJ", "parent": service.pk}
    )
    assert response.status_code == 302
    client.force_login(cast.coordinator)
    response = client.post(BASE, {"code": "fsj", "label": "FSJ", "parent": service.pk})
    assert response.status_code == 302
    assert Destination.objects.filter(code="fsj").count() == 2


def test_edit_a_sub_code(client, cast):
    bvb = Destination.objects.get(tenant=cast.tenant_a, code="bvb")
    service = Destination.objects.current().top_level().get(code="service")
    client.force_login(cast.coordinator)
    assert 'value="BvB"' in client.get(f"{BASE}{bvb.pk}/").content.decode()
    response = client.post(f"{BASE}{bvb.pk}/", {"label": "Berufsvorbereitung (BvB)", "parent": service.pk})
    assert response.status_code == 302
    bvb.refresh_from_db()
    assert (bvb.label, bvb.parent, bvb.code) == ("Berufsvorbereitung (BvB)", service, "bvb")
    assert AuditEvent.objects.filter(action=AuditEvent.Action.UPDATED, object_id=str(bvb.pk)).exists()


def test_top_level_codes_and_other_tenants_codes_cannot_be_edited(client, cast):
    client.force_login(cast.coordinator)
    dual = Destination.objects.current().top_level().get(code="dual")
    bvb_b = Destination.objects.get(tenant=cast.tenant_b, code="bvb")
    assert client.get(f"{BASE}{dual.pk}/").status_code == 404
    assert client.get(f"{BASE}{bvb_b.pk}/").status_code == 404
    assert client.post(f"{BASE}{bvb_b.pk}/", {"label": "x", "parent": dual.pk}).status_code == 404


@pytest.mark.parametrize("who", ["partner", "steering", "case_worker", "coordinator_b", "outsider"])
def test_others_are_refused(client, cast, who):
    bvb = Destination.objects.get(tenant=cast.tenant_a, code="bvb")
    client.force_login(getattr(cast, who))
    assert client.get(BASE).status_code == 403
    assert client.get(f"{BASE}{bvb.pk}/").status_code == 403


def test_the_page_shows_the_mapping_between_versions_and_each_cohorts_list(client, cast):
    from uebergang.monitoring.models import CodeListVersion, CohortCodeList

    old = CodeListVersion.objects.get(version="2026.1")
    new = CodeListVersion.objects.get(version="2027.1")
    CohortCodeList.objects.create(tenant=cast.tenant_a, leaving_year=2024, version=old)
    CohortCodeList.objects.create(tenant=cast.tenant_a, leaving_year=2025, version=old)
    CohortCodeList.objects.create(tenant=cast.tenant_a, leaving_year=2025, version=new)
    CohortCodeList.objects.create(tenant=cast.tenant_b, leaving_year=2019, version=old)
    client.force_login(cast.coordinator)
    page = client.get(BASE).content.decode()
    assert "Was sich mit 2027.1 gegenüber 2026.1 geändert hat" in page
    assert "Vergleichbar mit älteren Jahrgängen ist die Summe beider Codes." in page
    assert '<th scope="row">2024</th><td>2026.1</td>' in page
    assert "2026.1, 2027.1 (gemischt" in page
    assert "2019" not in page  # the other municipality's cohort


def test_the_new_version_carries_each_tenants_sub_codes_over(cast):
    """The migration's data step, run again over a sub-code made under 2026.1."""
    import importlib

    from django.apps import apps

    from uebergang.monitoring.models import CodeListVersion

    migration = importlib.import_module("uebergang.monitoring.migrations.0009_code_list_2027")
    old = CodeListVersion.objects.get(version="2026.1")
    top = Destination.objects.get(version=old, code="service")
    Destination.objects.create(version=old, tenant=cast.tenant_b, code="fsj", label="FSJ", parent=top)
    migration.seed(apps, None)
    copy = Destination.objects.current().get(tenant=cast.tenant_b, code="fsj")
    assert copy.parent.code == "service" and copy.parent.version.version == "2027.1"
    assert copy.label == "FSJ"
    assert Destination.objects.current().get(code="dual_company").parent.code == "dual"
