"""The library of practice: a member describes and publishes, every member finds it, the public reads
only public ones, drafts stay home; changes are audited."""

from __future__ import annotations

import pytest

from uebergang.association.models import Practice
from uebergang.audit.models import AuditEvent


def practice_data(**overrides):
    data = {
        "title": "Lotsen an jeder Werkrealschule",
        "summary": "Feste Ansprechpersonen in Klasse 8 bis 10",
        "problem": "Ein Drittel der Abgänge ohne Anschluss",
        "approach": "Zwei Tage pro Woche eine Lotsin in der Schule",
        "partners": "Agentur für Arbeit, Handwerkskammer",
        "resources": "1,5 Stellen, 90.000 € im Jahr",
        "results": "Unbekannter Verbleib von 14 % auf 4 %",
        "contact": "uebergang@kreis-a.example.org",
        "phases": ["school_to_training"],
        "target_groups": ["young_people"],
        "topics": ["orientation", "companies"],
        "visibility": "members",
        "status": "published",
    }
    data.update(overrides)
    return data


@pytest.fixture
def published_b(cast):
    return Practice.objects.create(
        tenant=cast.tenant_b,
        title="Elternabende in fünf Sprachen",
        summary="Eltern neu Zugewanderter erreichen",
        problem="Eltern kennen das duale System nicht",
        approach="Elternabende mit Dolmetschenden",
        topics=["parents", "migration"],
        status=Practice.Status.PUBLISHED,
    )


def test_a_coordinator_describes_and_publishes_a_practice(client, cast):
    client.force_login(cast.coordinator)
    response = client.post("/kreis-a/intern/praxisbeispiele/neu/", practice_data())
    practice = Practice.objects.get(title="Lotsen an jeder Werkrealschule")
    assert response.url == f"/kreis-a/intern/verbund/praxisbeispiele/{practice.pk}/"
    assert practice.tenant == cast.tenant_a and practice.topics == {"orientation", "companies"}
    assert (
        AuditEvent.objects.filter(object_type="association.practice", object_id=str(practice.pk)).count() == 1
    )
    page = client.get(response.url).content.decode()
    assert "Unbekannter Verbleib von 14 % auf 4 %" in page and "Zusammenarbeit mit Betrieben" in page


def test_every_member_finds_published_practices_of_others_but_no_drafts(client, cast, published_b):
    client.force_login(cast.case_worker)
    page = client.get("/kreis-a/intern/verbund/praxisbeispiele/?q=Dolmetsch").content.decode()
    assert "Elternabende in fünf Sprachen" in page and "Stadt Beta" in page
    assert client.get(f"/kreis-a/intern/verbund/praxisbeispiele/{published_b.pk}/").status_code == 200
    draft_b = Practice.objects.get(tenant=cast.tenant_b, status="draft")
    assert client.get(f"/kreis-a/intern/verbund/praxisbeispiele/{draft_b.pk}/").status_code == 404
    assert (
        "Interne Praxis stadt-b"
        not in client.get("/kreis-a/intern/verbund/praxisbeispiele/").content.decode()
    )
    # Filters narrow: a topic the practice does not have finds nothing.
    page = client.get("/kreis-a/intern/verbund/praxisbeispiele/?topic=volunteers").content.decode()
    assert "Elternabende in fünf Sprachen" not in page
    # Only the own municipality edits.
    client.force_login(cast.coordinator)
    assert client.get(f"/kreis-a/intern/praxisbeispiele/{published_b.pk}/bearbeiten/").status_code == 404


def test_the_public_reads_only_public_practices_and_the_association_all_published(client, cast, published_b):
    assert "Elternabende" not in client.get("/praxisbeispiele/").content.decode()
    assert client.get(f"/praxisbeispiele/{published_b.pk}/").status_code == 404
    published_b.visibility = Practice.Visibility.PUBLIC
    published_b.save()
    assert "Elternabende in fünf Sprachen" in client.get("/praxisbeispiele/").content.decode()
    assert client.get(f"/praxisbeispiele/{published_b.pk}/").status_code == 200
    client.force_login(cast.association)
    assert "Elternabende in fünf Sprachen" in client.get("/verbund/praxisbeispiele/").content.decode()
    client.force_login(cast.outsider)
    assert client.get("/verbund/praxisbeispiele/").status_code == 403
    assert client.get("/kreis-a/intern/verbund/praxisbeispiele/").status_code == 403


@pytest.mark.parametrize("who", ["partner", "steering", "case_worker"])
def test_only_coordinators_describe_practices(client, cast, who):
    client.force_login(getattr(cast, who))
    assert client.post("/kreis-a/intern/praxisbeispiele/neu/", practice_data()).status_code == 403
    assert not Practice.objects.filter(title="Lotsen an jeder Werkrealschule").exists()


def test_the_demo_has_practices_public_and_for_members(reseeded, client):
    from django.core.management import call_command

    call_command("demo_data")
    first = sorted(Practice.objects.values_list("tenant__slug", "title", "visibility"))
    assert len(first) == 12 and {v for *_r, v in first} == {"public", "members"}  # eight members
    lotsen = Practice.objects.get(title="Ausbildungslotsen an jeder Werkrealschule")
    assert lotsen.offerings.exists()
    page = client.get(f"/praxisbeispiele/{lotsen.pk}/").content.decode()
    assert "Unbekannter Verbleib an den beteiligten Schulen" in page
    # Both members show their portrait: on the map and list of /, with the public parts on their page.
    landing = client.get("/").content.decode()
    assert "Koordinierung seit 2008" in landing and "Sitz der Koordinierungsstellen" in landing
    assert "Koordinierung im Überblick" in client.get("/musterkreis/").content.decode()
    call_command("demo_data")
    assert sorted(Practice.objects.values_list("tenant__slug", "title", "visibility")) == first


def test_the_demo_association_has_eight_members_to_compare(reseeded, client):
    from django.core.management import call_command

    from uebergang.accounts.models import User
    from uebergang.association.models import Portrait
    from uebergang.monitoring import fair
    from uebergang.tenants.models import Tenant

    call_command("demo_data")
    assert Tenant.objects.members().count() == 8 and Tenant.objects.active().count() == 9  # and the office
    assert Portrait.objects.filter(shown=True).count() == 8
    comparison = fair.fair_comparison(2025, "dual")
    shown = [row for row in comparison.rows if row.complete and not row.adjusted["qualification"].hidden]
    assert len(shown) >= 6
    musterkreis = Tenant.objects.get(slug="musterkreis")
    better = comparison.similar_better(musterkreis)
    assert all(row.tenant.kind == musterkreis.kind for row in better)
    # The demo coordinator sees the comparison and the members' map.
    client.force_login(User.objects.get(email="coordinator@musterkreis.example.org"))
    page = client.get("/musterkreis/intern/verbund/vergleich/").content.decode()
    assert "Landkreis Talau" in page and "Stadt Rosenau" in page
    assert (
        "Sitz der Koordinierungsstellen"
        in client.get("/musterkreis/intern/verbund/mitglieder/").content.decode()
    )


def test_a_practice_carries_its_material_to_every_member_and_to_the_public(client, cast, tmp_path):
    """Kreis Alpha adds a concept to its practice; Stadt Beta's staff and, for a public practice, everyone
    download it from the library; drafts' files stay home; every download is audited."""
    from uebergang.test import blank_pdf

    practice = Practice.objects.create(
        tenant=cast.tenant_a, title="Lotsen", summary="s", problem="p", approach="a", status="published"
    )
    client.force_login(cast.coordinator)
    page = client.get(f"/kreis-a/intern/verbund/praxisbeispiele/{practice.pk}/").content.decode()
    assert "Unterlagen" in page and "Datei hinzufügen" in page
    concept = tmp_path / "Konzept Lotsen.pdf"
    concept.write_bytes(blank_pdf())
    with concept.open("rb") as upload:
        response = client.post(
            f"/kreis-a/intern/dokumente/neu/praxisbeispiel/{practice.pk}/", {"file": upload}
        )
    assert response.status_code == 302
    document = practice.documents.get()

    client.force_login(cast.coordinator_b)
    page = client.get(f"/stadt-b/intern/verbund/praxisbeispiele/{practice.pk}/").content.decode()
    url = f"/stadt-b/intern/verbund/praxisbeispiele/{practice.pk}/dateien/{document.pk}/"
    assert url in page and "Datei hinzufügen" not in page
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="document.downloaded", actor=cast.coordinator_b).exists()
    # Members only: not for the public; public once the practice is.
    client.logout()
    assert client.get(f"/praxisbeispiele/{practice.pk}/dateien/{document.pk}/").status_code == 404
    practice.visibility = Practice.Visibility.PUBLIC
    practice.save()
    assert client.get(f"/praxisbeispiele/{practice.pk}/dateien/{document.pk}/").status_code == 200
    # A draft's file stays with its municipality.
    practice.status = Practice.Status.DRAFT
    practice.save()
    client.force_login(cast.coordinator_b)
    assert client.get(url).status_code == 404


def test_a_practice_links_measures_and_indicators_of_the_own_work_plan_only(client, cast):
    from uebergang.planning.models import Indicator, Measure

    measure = Measure.objects.for_tenant(cast.tenant_a).first()
    indicator = Indicator.objects.for_tenant(cast.tenant_a).first()
    foreign = Measure.objects.for_tenant(cast.tenant_b).first()
    client.force_login(cast.coordinator)
    form = client.get("/kreis-a/intern/praxisbeispiele/neu/").context["form"]
    assert measure in form.fields["measures"].queryset and foreign not in form.fields["measures"].queryset
    response = client.post(
        "/kreis-a/intern/praxisbeispiele/neu/",
        practice_data(measures=[measure.pk], indicators=[indicator.pk], visibility="public"),
    )
    assert response.status_code == 302
    practice = Practice.objects.get(title="Lotsen an jeder Werkrealschule")
    client.force_login(cast.coordinator_b)
    page = client.get(f"/stadt-b/intern/verbund/praxisbeispiele/{practice.pk}/").content.decode()
    assert measure.title in page and indicator.name in page
    client.logout()
    assert (
        measure.title not in client.get(f"/praxisbeispiele/{practice.pk}/").content.decode()
    )  # members only
    client.force_login(cast.coordinator)
    response = client.post(
        "/kreis-a/intern/praxisbeispiele/neu/", practice_data(title="Fremd", measures=[foreign.pk])
    )
    assert response.status_code == 200 and not Practice.objects.filter(title="Fremd").exists()
