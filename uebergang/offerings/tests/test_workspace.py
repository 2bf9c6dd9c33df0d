"""The offering catalogue in the staff workspace: list, export, detail, create and edit with locations,
the status steps on an offering, categories and settings."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from uebergang.audit.models import AuditEvent
from uebergang.offerings.models import (
    CatalogueSettings,
    Category,
    Offering,
    OfferingLocation,
    OfferingVersion,
)
from uebergang.test import create_organisation

LIST = "/kreis-a/intern/angebote/"
CREATE = LIST + "neu/"
STAFF = ["coordinator", "partner", "case_worker", "steering"]
OTHERS = ["coordinator_b", "association", "outsider"]


def login(client, cast, who):
    user = cast.members_a.get(who) or getattr(cast, who)
    client.force_login(user)
    return user


def detail_url(offering) -> str:
    return f"{LIST}{offering.pk}/"


def edit_url(offering) -> str:
    return f"{LIST}{offering.pk}/bearbeiten/"


def offering_post(provider, *, locations=(), initial_locations=0, **overrides) -> dict:
    """POST data of the offering form with its locations formset (prefix "orte")."""
    data = {
        "title": "Lernwerkstatt Mathe",
        "short_description": "Nachhilfe in kleinen Gruppen",
        "description": "Zweimal pro Woche.",
        "provider": provider.pk,
        "service_status": "active",
        "phases": ["orientation", "school_to_training"],
        "target_groups": ["young_people"],
        "min_age": "13",
        "max_age": "17",
        "languages": ["de", "tr"],
        "is_free": "on",
        "legal_sphere": "sgb8",
        "legal_basis": "§ 13 SGB VIII",
    }
    data.update(overrides)
    data.update(
        {
            "orte-TOTAL_FORMS": str(len(locations)),
            "orte-INITIAL_FORMS": str(initial_locations),
            "orte-MIN_NUM_FORMS": "0",
            "orte-MAX_NUM_FORMS": "1000",
        }
    )
    for index, row in enumerate(locations):
        for name, value in row.items():
            data[f"orte-{index}-{name}"] = value
    return data


def current_locations(offering) -> list[dict]:
    """The offering's stored locations as formset rows (what the edit form shows)."""
    rows = []
    for location in offering.locations.all():
        row = {
            "name": location.name,
            "street": location.street,
            "postcode": location.postcode,
            "city": location.city,
            "latitude": "" if location.latitude is None else str(location.latitude),
            "longitude": "" if location.longitude is None else str(location.longitude),
            "accessibility": location.accessibility,
            "location_id": str(location.hsds_id),
        }
        if location.is_confidential:
            row["is_confidential"] = "on"
        rows.append(row)
    return rows


# List ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", STAFF)
def test_staff_of_a_see_the_published_offerings_of_a_only(client, cast, who):
    login(client, cast, who)
    page = client.get(LIST).content.decode()
    assert cast.offerings_a.published.title in page
    assert cast.offerings_b.published.title not in page
    assert "Änderung in Prüfung" in page


def test_drafts_are_listed_for_the_coordinator_and_the_providers_partner_only(client, cast):
    draft = cast.offerings_a.draft.title
    for who, sees in [("coordinator", True), ("partner", True), ("case_worker", False), ("steering", False)]:
        login(client, cast, who)
        assert (draft in client.get(LIST).content.decode()) is sees, who
        assert client.get(detail_url(cast.offerings_a.draft)).status_code == (200 if sees else 404), who


@pytest.mark.parametrize("who", OTHERS)
def test_others_are_refused_every_workspace_page(client, cast, who):
    login(client, cast, who)
    published = cast.offerings_a.published
    for url in [LIST, detail_url(published), edit_url(published), CREATE, LIST + "export.csv"]:
        assert client.get(url).status_code == 403, url
    assert client.post(CREATE, offering_post(cast.network_a.organisation)).status_code == 403
    assert Offering.objects.filter(title="Lernwerkstatt Mathe").count() == 0


def test_anonymous_visitors_are_sent_to_login(client, cast):
    response = client.get(LIST)
    assert response.status_code == 302 and response.url.startswith("/konto/anmelden/")


def test_offerings_of_b_are_not_found_under_a(client, cast):
    login(client, cast, "coordinator")
    other = cast.offerings_b.published
    assert client.get(detail_url(other)).status_code == 404
    assert client.get(edit_url(other)).status_code == 404
    assert client.post(f"{LIST}{other.pk}/status/", {"step": "archive"}).status_code == 404
    other.refresh_from_db()
    assert other.status == Offering.Status.PUBLISHED


def test_filters(client, cast):
    tenant = cast.tenant_a
    other_provider = create_organisation(tenant, "Jugendhaus Ost")
    parents = Offering.objects.create(
        tenant=tenant,
        provider=other_provider,
        status=Offering.Status.PUBLISHED,
        title="Elterncafé",
        short_description="Austausch",
        phases=["orientation"],
        last_checked=timezone.localdate().replace(year=timezone.localdate().year - 2),
    )
    login(client, cast, "coordinator")

    def titles(query: str) -> set[str]:
        return {offering.title for offering in client.get(LIST + "?" + query).context["page"]}

    published, draft = cast.offerings_a.published.title, cast.offerings_a.draft.title
    assert titles("") == {published, draft, "Elterncafé"}
    assert titles("q=eltern") == {"Elterncafé"}
    assert titles("q=jugendhaus") == {"Elterncafé"}
    assert titles("status=draft") == {draft}
    assert titles(f"provider={other_provider.pk}") == {"Elterncafé"}
    assert titles("phase=school_to_training") == {published}
    assert titles(f"category={cast.offerings_a.category.pk}") == {published}
    assert titles("stale=on") == {"Elterncafé"}
    assert titles("pending=on") == {published}
    page = client.get(LIST + "?stale=on").content.decode()
    assert "<strong>veraltet</strong>" in page and "1 Angebot" in page and parents.title in page
    assert (
        "<strong>veraltet</strong>" not in client.get(LIST + "?status=published&q=bewerbung").content.decode()
    )


def test_the_list_needs_the_same_queries_for_few_and_many_offerings(
    client, cast, django_assert_max_num_queries
):
    login(client, cast, "coordinator")
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    Offering.objects.bulk_create(
        Offering(tenant=cast.tenant_a, provider=cast.network_a.organisation, title=f"Kurs {n:02d}")
        for n in range(30)
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(LIST).content.decode()
    assert "32 Angebote" in page and "Kurs 29" in page


def test_the_list_is_paginated(client, cast):
    Offering.objects.bulk_create(
        Offering(tenant=cast.tenant_a, provider=cast.network_a.organisation, title=f"Kurs {n:03d}")
        for n in range(60)
    )
    login(client, cast, "coordinator")
    page = client.get(LIST).content.decode()
    assert "62 Angebote" in page and "Seite 1 von 2" in page
    assert "Kurs 059" in client.get(LIST + "?seite=2").content.decode()


# Export ----------------------------------------------------------------------------------------------


def test_the_export_holds_the_filtered_list_of_this_tenant(client, cast):
    login(client, cast, "coordinator")
    response = client.get(LIST + "export.csv?status=draft")
    assert response.status_code == 200
    content = b"".join(response).decode("utf-8-sig")
    assert cast.offerings_a.draft.title in content
    assert cast.offerings_a.published.title not in content
    assert cast.offerings_b.draft.title not in content
    assert cast.offerings_a.confidential_street not in client.get(LIST + "export.csv").content.decode(
        "utf-8-sig"
    )
    xlsx = client.get(LIST + "export.xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_export_of_a_case_worker_leaves_drafts_out(client, cast):
    login(client, cast, "case_worker")
    content = client.get(LIST + "export.csv").content.decode("utf-8-sig")
    assert cast.offerings_a.published.title in content
    assert cast.offerings_a.draft.title not in content


# Detail ----------------------------------------------------------------------------------------------


def test_the_detail_shows_every_field_in_german_with_locations_and_the_pending_change(client, cast):
    login(client, cast, "coordinator")
    page = client.get(detail_url(cast.offerings_a.published)).content.decode()
    for text in [
        "Bewerbungstraining a",
        "Phasen der Bildungskette",
        "Sek I–Ausbildung",  # phase label, not the code
        "Jugendliche",
        "Eigene Kategorie a",
        "Deutsch",
        "Marktplatz 1",
        cast.offerings_a.confidential_street,
        "vertraulich",
        "Änderung in Prüfung",
        "Vorgeschlagener Titel a",  # the pending diff
        "Archivieren",
    ]:
        assert text in page, text
    assert "school_to_training" not in page


def test_a_case_worker_reads_the_published_offering_without_versions_or_actions(client, cast):
    login(client, cast, "case_worker")
    page = client.get(detail_url(cast.offerings_a.published)).content.decode()
    assert "Bewerbungstraining a" in page
    assert "Vorgeschlagener Titel a" not in page
    assert "Bearbeiten" not in page and "Versionen" not in page


# Create ----------------------------------------------------------------------------------------------


def test_a_coordinator_creates_a_draft_with_a_location_placed_by_its_postcode(client, cast):
    login(client, cast, "coordinator")
    school = create_organisation(cast.tenant_a, "Realschule Nord", kind="school")
    data = offering_post(
        cast.network_a.organisation,
        locations=[{"name": "Jugendhaus", "street": "Hauptstr. 5", "postcode": "69469", "city": "Weinheim"}],
        categories=[Category.objects.get(code="learning_support").pk],
        schools_served=[school.pk],
    )
    response = client.post(CREATE, data)
    offering = Offering.objects.get(title="Lernwerkstatt Mathe")
    assert response.status_code == 302 and response.url == detail_url(offering)
    assert offering.tenant == cast.tenant_a and offering.status == Offering.Status.DRAFT
    assert offering.phases == {"orientation", "school_to_training"}
    assert offering.last_checked == timezone.localdate()
    assert list(offering.categories.values_list("code", flat=True)) == ["learning_support"]
    assert list(offering.schools_served.all()) == [school]
    location = offering.locations.get()
    assert location.city == "Weinheim" and 49.4 < location.latitude < 49.7 and 8.5 < location.longitude < 8.8
    assert "weinheim" in offering.search_text.lower() and "lernwerkstatt" in offering.search_text.lower()
    version = offering.versions.get()
    assert version.status == OfferingVersion.Status.SAVED and version.data["title"] == "Lernwerkstatt Mathe"
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.CREATED, object_type="offerings.offering", object_id=str(offering.pk)
    ).exists()


def test_manual_coordinates_are_kept(client, cast):
    login(client, cast, "coordinator")
    location = {"city": "Musterstadt", "postcode": "69469", "latitude": "49.5", "longitude": "8.6"}
    client.post(CREATE, offering_post(cast.network_a.organisation, locations=[location]))
    stored = OfferingLocation.objects.get(offering__title="Lernwerkstatt Mathe")
    assert (stored.latitude, stored.longitude) == (49.5, 8.6)


@pytest.mark.parametrize(
    "location, message",
    [
        ({"city": "Musterstadt", "postcode": "1234"}, "Die PLZ besteht aus fünf Ziffern."),
        ({"city": "Musterstadt", "postcode": "00000"}, "Die Postleitzahl „00000“ kennen wir nicht."),
        ({"city": "Musterstadt", "latitude": "49.5"}, "Bitte geben Sie Breiten- und Längengrad zusammen an"),
        ({"city": "Musterstadt", "latitude": "149.5", "longitude": "8"}, "kleiner oder gleich 90"),
        ({"street": "Ohne Ort 1"}, "Dieses Feld ist zwingend erforderlich."),
    ],
)
def test_a_bad_location_gives_a_german_message_and_writes_nothing(client, cast, location, message):
    login(client, cast, "coordinator")
    versions_before, audit_before = OfferingVersion.objects.count(), AuditEvent.objects.count()
    response = client.post(CREATE, offering_post(cast.network_a.organisation, locations=[location]))
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "Es wurde noch nichts gespeichert." in page
    assert not Offering.objects.filter(title="Lernwerkstatt Mathe").exists()
    assert OfferingVersion.objects.count() == versions_before and AuditEvent.objects.count() == audit_before


def test_contradictory_ranges_get_german_messages(client, cast):
    login(client, cast, "coordinator")
    response = client.post(
        CREATE,
        offering_post(
            cast.network_a.organisation,
            min_age="18",
            max_age="14",
            places_total="5",
            places_free="9",
            funding_start="2026-05-01",
            funding_end="2025-05-01",
        ),
    )
    page = response.content.decode()
    assert "Das Höchstalter darf nicht unter dem Mindestalter liegen." in page
    assert "Es kann nicht mehr freie Plätze als Plätze insgesamt geben." in page
    assert "Das Förderende darf nicht vor dem Förderbeginn liegen." in page
    assert not Offering.objects.filter(title="Lernwerkstatt Mathe").exists()


def test_a_partners_offering_always_belongs_to_its_own_organisation(client, cast):
    login(client, cast, "partner")
    stranger = create_organisation(cast.tenant_a, "Fremder Träger")
    assert "Fremder Träger" not in client.get(CREATE).content.decode()
    client.post(CREATE, offering_post(stranger))
    offering = Offering.objects.get(title="Lernwerkstatt Mathe")
    assert offering.provider == cast.network_a.organisation


def test_the_form_offers_only_this_tenants_categories_schools_and_regions(client, cast):
    create_organisation(cast.tenant_b, "Schule in B", kind="school")
    create_organisation(cast.tenant_a, "Schule in A", kind="school")
    login(client, cast, "coordinator")
    page = client.get(CREATE).content.decode()
    assert "Eigene Kategorie a" in page and "Berufsorientierung" in page and "Schule in A" in page
    assert "Eigene Kategorie b" not in page and "Schule in B" not in page and cast.region_b.name not in page
    assert cast.network_b.organisation.name not in page


@pytest.mark.parametrize("who", ["case_worker", "steering"])
def test_readers_cannot_create_or_edit(client, cast, who):
    login(client, cast, who)
    assert client.get(CREATE).status_code == 403
    assert client.get(edit_url(cast.offerings_a.published)).status_code == 403


def test_a_partner_without_an_organisation_is_told_why_it_cannot_create(client, cast):
    from uebergang.accounts.models import Membership

    Membership.objects.filter(user=cast.partner).update(organisation=None)
    login(client, cast, "partner")
    page = client.get(CREATE).content.decode()
    assert "keiner Organisation zugeordnet" in page
    assert 'name="title"' not in page


# Edit ------------------------------------------------------------------------------------------------


def test_a_partner_cannot_edit_another_organisations_offering(client, cast):
    stranger = create_organisation(cast.tenant_a, "Fremder Träger")
    theirs = Offering.objects.create(
        tenant=cast.tenant_a, provider=stranger, title="Fremdes Angebot", short_description="x"
    )
    login(client, cast, "partner")
    assert client.get(edit_url(theirs)).status_code == 404
    assert client.post(edit_url(theirs), offering_post(stranger, title="Gekapert")).status_code == 404
    assert client.get(detail_url(theirs)).status_code == 404  # a draft of others is not even visible
    theirs.refresh_from_db()
    assert theirs.title == "Fremdes Angebot"


def test_a_partner_edits_its_draft_directly_and_a_version_is_kept(client, cast):
    draft = cast.offerings_a.draft
    login(client, cast, "partner")
    response = client.post(
        edit_url(draft),
        offering_post(
            cast.network_a.organisation,
            title="Entwurf a überarbeitet",
            locations=[{"city": "Musterstadt", "postcode": "69469"}],
        ),
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Entwurf a überarbeitet" and draft.status == Offering.Status.DRAFT
    assert draft.locations.get().city == "Musterstadt"
    version = draft.versions.get()
    assert version.status == OfferingVersion.Status.SAVED and version.author == cast.partner
    event = AuditEvent.objects.filter(action=AuditEvent.Action.UPDATED, object_id=str(draft.pk)).get()
    assert "title" in event.data["changed"] and "locations" in event.data["changed"]


def test_a_coordinator_edits_a_published_offering_directly(client, cast):
    published = cast.offerings_a.published
    login(client, cast, "coordinator")
    data = offering_post(
        cast.network_a.organisation,
        title="Bewerbungstraining neu",
        locations=current_locations(published),
        initial_locations=2,
    )
    data["orte-1-DELETE"] = "on"  # remove the confidential location
    assert client.post(edit_url(published), data).status_code == 302
    published.refresh_from_db()
    assert published.title == "Bewerbungstraining neu" and published.status == Offering.Status.PUBLISHED
    assert [location.street for location in published.locations.all()] == ["Marktplatz 1"]
    assert published.versions.filter(status=OfferingVersion.Status.SAVED).count() == 1


def test_the_edit_form_shows_the_current_values(client, cast):
    login(client, cast, "coordinator")
    page = client.get(edit_url(cast.offerings_a.published)).content.decode()
    assert 'value="Bewerbungstraining a"' in page
    assert "Marktplatz 1" in page and cast.offerings_a.confidential_street in page
    assert "<legend>" in page and 'name="orte-TOTAL_FORMS"' in page


# Status steps ----------------------------------------------------------------------------------------


def test_draft_is_submitted_by_the_partner_and_published_by_the_coordinator(client, cast):
    draft = cast.offerings_a.draft
    login(client, cast, "partner")
    assert "Zur Prüfung einreichen" in client.get(detail_url(draft)).content.decode()
    assert client.post(f"{LIST}{draft.pk}/einreichen/").status_code == 302
    draft.refresh_from_db()
    assert draft.status == Offering.Status.IN_REVIEW
    submission = draft.versions.get(status=OfferingVersion.Status.IN_REVIEW)
    assert client.post(f"{LIST}{draft.pk}/status/", {"step": "publish"}).status_code == 403

    login(client, cast, "coordinator")
    assert draft.title in client.get(LIST + "pruefung/").content.decode()
    assert client.post(f"{LIST}{draft.pk}/status/", {"step": "publish"}).status_code == 302
    draft.refresh_from_db()
    submission.refresh_from_db()
    assert draft.status == Offering.Status.PUBLISHED and draft.published_at is not None
    assert submission.status == OfferingVersion.Status.APPROVED and submission.reviewed_by == cast.coordinator
    steps = list(
        AuditEvent.objects.filter(object_id=str(draft.pk), object_type="offerings.offering")
        .order_by("pk")
        .values_list("data__step", flat=True)
    )
    assert steps == ["submitted", "approved"]


def test_a_rejected_submission_goes_back_to_draft_with_a_note_the_partner_reads(client, cast):
    draft = cast.offerings_a.draft
    login(client, cast, "partner")
    client.post(f"{LIST}{draft.pk}/einreichen/")
    login(client, cast, "coordinator")
    response = client.post(f"{LIST}{draft.pk}/status/", {"step": "reject", "note": ""})
    assert "Bitte begründen Sie die Ablehnung" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Offering.Status.IN_REVIEW
    client.post(f"{LIST}{draft.pk}/status/", {"step": "reject", "note": "Bitte Zeiten ergänzen."})
    draft.refresh_from_db()
    assert draft.status == Offering.Status.DRAFT
    login(client, cast, "partner")
    page = client.get(detail_url(draft)).content.decode()
    assert "Bitte Zeiten ergänzen." in page and "abgelehnt" in page


def test_archive_and_restore(client, cast):
    published = cast.offerings_a.published
    login(client, cast, "coordinator")
    client.post(f"{LIST}{published.pk}/status/", {"step": "archive"})
    published.refresh_from_db()
    assert published.status == Offering.Status.ARCHIVED
    assert not published.versions.pending().exists()  # the pending change went with it
    client.post(f"{LIST}{published.pk}/status/", {"step": "restore"})
    published.refresh_from_db()
    assert published.status == Offering.Status.DRAFT
    response = client.post(f"{LIST}{published.pk}/status/", {"step": "restore"}, follow=True)
    assert "Das geht im Status „Entwurf“ nicht." in response.content.decode()


# Categories and settings -----------------------------------------------------------------------------

CATEGORIES = LIST + "kategorien/"


def test_categories_list_defaults_and_own_and_add_one(client, cast):
    login(client, cast, "coordinator")
    page = client.get(CATEGORIES).content.decode()
    assert "Berufsorientierung" in page and "Eigene Kategorie a" in page and "Eigene Kategorie b" not in page
    response = client.post(CATEGORIES, {"name": "Übergangscoaching", "position": "3"})
    assert response.status_code == 302
    category = Category.objects.get(tenant=cast.tenant_a, name="Übergangscoaching")
    assert category.code == "ubergangscoaching"
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CREATED, object_id=str(category.pk)).exists()


@pytest.mark.parametrize("code", ["eigene-a", "mentoring"])
def test_a_category_code_must_be_new_in_the_tenant(client, cast, code):
    login(client, cast, "coordinator")
    response = client.post(CATEGORIES, {"name": "Doppelt", "code": code, "position": "0"})
    assert f"Den Code „{code}“ gibt es schon." in response.content.decode()
    assert not Category.objects.filter(name="Doppelt").exists()


def test_the_same_code_may_exist_in_another_tenant(client, cast):
    login(client, cast, "coordinator")
    client.post(CATEGORIES, {"name": "Eigene B", "code": "eigene-b", "position": "0"})
    assert Category.objects.filter(tenant=cast.tenant_a, code="eigene-b").exists()


def test_own_categories_are_edited_defaults_and_others_are_not_found(client, cast):
    login(client, cast, "coordinator")
    own = cast.offerings_a.category
    response = client.post(
        f"{CATEGORIES}{own.pk}/", {"name": "Umbenannt", "code": "versucht", "position": "1"}
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.name == "Umbenannt" and own.code == "eigene-a"  # the code stays
    default = Category.objects.get(code="mentoring")
    assert client.get(f"{CATEGORIES}{default.pk}/").status_code == 404
    assert client.post(f"{CATEGORIES}{default.pk}/", {"name": "x", "position": "0"}).status_code == 404
    assert client.get(f"{CATEGORIES}{cast.offerings_b.category.pk}/").status_code == 404


@pytest.mark.parametrize("who", ["partner", "case_worker", "steering", "coordinator_b", "outsider"])
def test_only_coordinators_of_a_keep_categories_and_settings(client, cast, who):
    login(client, cast, who)
    assert client.get(CATEGORIES).status_code == 403
    assert client.post(CATEGORIES, {"name": "Neu", "position": "0"}).status_code == 403
    assert client.get(LIST + "einstellungen/").status_code == 403
    assert client.post(LIST + "einstellungen/", {"review_interval_months": "3"}).status_code == 403
    assert not CatalogueSettings.objects.exists()


def test_the_review_interval_is_saved_and_checked(client, cast):
    login(client, cast, "coordinator")
    url = LIST + "einstellungen/"
    assert 'value="12"' in client.get(url).content.decode()
    response = client.post(url, {"review_interval_months": "0"})
    assert "größer oder gleich 1" in response.content.decode()
    assert client.post(url, {"review_interval_months": "6"}).status_code == 302
    assert CatalogueSettings.of(cast.tenant_a).review_interval_months == 6
    assert CatalogueSettings.of(cast.tenant_b).review_interval_months == 12
