"""Review of offerings: a partner's change to a published offering waits for approval, the review queue,
the decision on a version, and the version history with comparison."""

from __future__ import annotations

import pytest

from uebergang.audit.models import AuditEvent
from uebergang.offerings import versions
from uebergang.offerings.models import Offering, OfferingVersion
from uebergang.test import create_organisation

from .test_workspace import LIST, current_locations, detail_url, edit_url, login, offering_post

QUEUE = LIST + "pruefung/"
Status = OfferingVersion.Status


def version_url(version) -> str:
    return f"{LIST}versionen/{version.pk}/"


def versions_url(offering) -> str:
    return f"{LIST}{offering.pk}/versionen/"


def propose(client, cast, offering, **changes):
    """The partner edits its published offering (as the form would post it)."""
    login(client, cast, "partner")
    data = offering_post(
        cast.network_a.organisation,
        locations=current_locations(offering),
        initial_locations=offering.locations.count(),
        **changes,
    )
    return client.post(edit_url(offering), data)


def public_titles(tenant) -> set[str]:
    """What the public catalogue shows: the published rows."""
    return set(Offering.objects.for_tenant(tenant).published().values_list("title", flat=True))


@pytest.fixture
def fresh(cast):
    """The published offering of A without the cast's pending change (a clean start for the flow)."""
    cast.offerings_a.version.delete()
    return cast.offerings_a.published


# The partner's change to a published offering --------------------------------------------------------


def test_a_partners_change_waits_for_approval_and_then_replaces_the_published_offering(client, cast, fresh):
    response = propose(client, cast, fresh, title="Bewerbungstraining kompakt", max_age="25")
    assert response.status_code == 302
    fresh.refresh_from_db()
    assert fresh.title == "Bewerbungstraining a" and fresh.max_age == 20  # the public row is unchanged
    assert public_titles(cast.tenant_a) == {"Bewerbungstraining a"}
    pending = fresh.versions.get(status=Status.IN_REVIEW)
    assert pending.author == cast.partner and pending.data["title"] == "Bewerbungstraining kompakt"
    login(client, cast, "case_worker")
    assert "Bewerbungstraining kompakt" not in client.get(detail_url(fresh)).content.decode()

    login(client, cast, "coordinator")
    page = client.get(version_url(pending)).content.decode()
    assert "Bewerbungstraining a" in page and "Bewerbungstraining kompakt" in page
    assert "Höchstalter" in page and "25" in page
    assert client.post(version_url(pending), {"action": "approve"}).status_code == 302
    fresh.refresh_from_db()
    pending.refresh_from_db()
    assert fresh.title == "Bewerbungstraining kompakt" and fresh.max_age == 25
    assert fresh.status == Offering.Status.PUBLISHED
    assert public_titles(cast.tenant_a) == {"Bewerbungstraining kompakt"}
    assert pending.status == Status.APPROVED and pending.reviewed_by == cast.coordinator
    assert fresh.locations.count() == 2  # the locations came through the review unchanged
    assert AuditEvent.objects.filter(object_id=str(fresh.pk), data__step="approved").exists()


def test_a_rejected_change_leaves_the_published_offering_as_it_was(client, cast, fresh):
    propose(client, cast, fresh, title="Schlechter Titel")
    pending = fresh.versions.get(status=Status.IN_REVIEW)
    login(client, cast, "coordinator")
    response = client.post(version_url(pending), {"action": "reject", "note": ""})
    assert "Bitte begründen Sie die Ablehnung" in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == Status.IN_REVIEW
    client.post(version_url(pending), {"action": "reject", "note": "Der Titel ist unklar."})
    pending.refresh_from_db()
    fresh.refresh_from_db()
    assert pending.status == Status.REJECTED and pending.review_note == "Der Titel ist unklar."
    assert fresh.title == "Bewerbungstraining a" and fresh.status == Offering.Status.PUBLISHED
    login(client, cast, "partner")
    assert "Der Titel ist unklar." in client.get(detail_url(fresh)).content.decode()


def test_a_second_edit_replaces_the_pending_proposal(client, cast, fresh):
    propose(client, cast, fresh, title="Erster Vorschlag")
    page = client.get(edit_url(fresh)).content.decode()
    assert 'value="Erster Vorschlag"' in page  # the partner continues its proposal
    assert "ersetzt Ihr neuer Stand diesen Vorschlag" in page
    propose(client, cast, fresh, title="Zweiter Vorschlag")
    pending = fresh.versions.get(status=Status.IN_REVIEW)
    assert pending.data["title"] == "Zweiter Vorschlag"
    assert fresh.versions.count() == 1


def test_the_author_withdraws_a_pending_change(client, cast, fresh):
    propose(client, cast, fresh, title="Doch nicht")
    pending = fresh.versions.get(status=Status.IN_REVIEW)
    page = client.get(version_url(pending)).content.decode()
    assert "Zurückziehen" in page and "Änderung freigeben" not in page
    assert client.post(version_url(pending), {"action": "approve"}).status_code == 403
    assert client.post(version_url(pending), {"action": "withdraw"}).status_code == 302
    pending.refresh_from_db()
    fresh.refresh_from_db()
    assert pending.status == Status.WITHDRAWN and fresh.title == "Bewerbungstraining a"


def test_a_decided_version_is_not_decided_again(client, cast):
    version = cast.offerings_a.version
    login(client, cast, "coordinator")
    client.post(version_url(version), {"action": "reject", "note": "Nein."})
    response = client.post(version_url(version), {"action": "approve"}, follow=True)
    assert "Über diese Version ist schon entschieden." in response.content.decode()
    cast.offerings_a.published.refresh_from_db()
    assert cast.offerings_a.published.title == "Bewerbungstraining a"


def test_editing_a_submitted_draft_updates_what_the_reviewer_sees(client, cast):
    draft = cast.offerings_a.draft
    login(client, cast, "partner")
    client.post(f"{LIST}{draft.pk}/einreichen/")
    client.post(edit_url(draft), offering_post(cast.network_a.organisation, title="Entwurf a, ergänzt"))
    draft.refresh_from_db()
    assert draft.title == "Entwurf a, ergänzt" and draft.status == Offering.Status.IN_REVIEW
    assert draft.versions.get(status=Status.IN_REVIEW).data["title"] == "Entwurf a, ergänzt"


# Queue -----------------------------------------------------------------------------------------------


def test_the_queue_lists_submissions_and_changes_oldest_first(client, cast):
    draft = cast.offerings_a.draft
    login(client, cast, "partner")
    client.post(f"{LIST}{draft.pk}/einreichen/")
    login(client, cast, "coordinator")
    page = client.get(QUEUE).content.decode()
    page = page[page.index("<table") :]  # after the message naming the submitted draft
    change, submission = page.index("Bewerbungstraining a"), page.index("Entwurf a")
    assert change < submission  # the cast's change is older
    assert "Änderung eines veröffentlichten Angebots" in page and "neues Angebot" in page
    assert "2 Versionen warten auf Prüfung" in page
    assert "Bewerbungstraining b" not in page


def test_offerings_in_review_without_a_version_are_listed_too(client, cast):
    imported = Offering.objects.create(
        tenant=cast.tenant_a,
        provider=cast.network_a.organisation,
        status=Offering.Status.IN_REVIEW,
        title="Importiert in Prüfung",
        short_description="x",
    )
    login(client, cast, "coordinator")
    assert "Importiert in Prüfung" in client.get(QUEUE).content.decode()
    client.post(f"{LIST}{imported.pk}/status/", {"step": "reject", "note": "Bitte ergänzen."})
    imported.refresh_from_db()
    assert imported.status == Offering.Status.DRAFT
    assert imported.versions.get().review_note == "Bitte ergänzen."


@pytest.mark.parametrize(
    "who", ["partner", "case_worker", "steering", "coordinator_b", "association", "outsider"]
)
def test_only_coordinators_of_a_see_the_queue(client, cast, who):
    login(client, cast, who)
    assert client.get(QUEUE).status_code == 403


# Who may see and decide a version --------------------------------------------------------------------


@pytest.mark.parametrize(
    "who, status", [("coordinator", 200), ("partner", 200), ("case_worker", 404), ("steering", 404)]
)
def test_a_version_is_read_by_the_coordinator_and_the_providers_partner(client, cast, who, status):
    login(client, cast, who)
    assert client.get(version_url(cast.offerings_a.version)).status_code == status
    assert client.get(versions_url(cast.offerings_a.published)).status_code == status


@pytest.mark.parametrize("who", ["coordinator_b", "association", "outsider"])
def test_others_are_refused_versions(client, cast, who):
    login(client, cast, who)
    assert client.get(version_url(cast.offerings_a.version)).status_code == 403
    assert client.post(version_url(cast.offerings_a.version), {"action": "approve"}).status_code == 403
    assert client.get(versions_url(cast.offerings_a.published)).status_code == 403
    cast.offerings_a.version.refresh_from_db()
    assert cast.offerings_a.version.status == Status.IN_REVIEW


def test_versions_of_b_are_not_found_under_a(client, cast):
    login(client, cast, "coordinator")
    version = cast.offerings_b.version
    assert client.get(version_url(version)).status_code == 404
    assert client.post(version_url(version), {"action": "approve"}).status_code == 404
    assert client.get(versions_url(cast.offerings_b.published)).status_code == 404
    version.refresh_from_db()
    assert version.status == Status.IN_REVIEW


def test_a_partner_cannot_read_another_organisations_versions(client, cast):
    stranger = create_organisation(cast.tenant_a, "Fremder Träger")
    theirs = Offering.objects.create(
        tenant=cast.tenant_a,
        provider=stranger,
        status=Offering.Status.PUBLISHED,
        title="Fremdes Angebot",
        short_description="x",
    )
    version = versions.record_version(
        theirs, {"title": "Geheimer Vorschlag"}, status=Status.IN_REVIEW, author=None
    )
    login(client, cast, "partner")
    assert client.get(version_url(version)).status_code == 404
    assert client.post(version_url(version), {"action": "withdraw"}).status_code == 404
    assert client.get(versions_url(theirs)).status_code == 404
    assert "Geheimer Vorschlag" not in client.get(detail_url(theirs)).content.decode()


# Version history -------------------------------------------------------------------------------------


def test_two_versions_are_compared_field_by_field(client, cast, fresh):
    login(client, cast, "coordinator")
    for title, places in [("Erste Fassung", "10"), ("Zweite Fassung", "12")]:
        client.post(
            edit_url(fresh),
            offering_post(
                cast.network_a.organisation,
                title=title,
                places_total=places,
                locations=current_locations(fresh),
                initial_locations=2,
            ),
        )
    first, second = fresh.versions.order_by("number")
    page = client.get(versions_url(fresh) + f"?a={first.number}&b={second.number}").content.decode()
    assert "Unterschiede zwischen Version 1 und Version 2" in page
    assert "Erste Fassung" in page and "Zweite Fassung" in page
    assert "Plätze insgesamt" in page
    assert "Kurzbeschreibung" not in page.split("Unterschiede zwischen")[1].split("</table>")[0]
    assert (
        "Bitte wählen Sie zwei vorhandene Versionen."
        in client.get(versions_url(fresh) + "?a=1&b=99").content.decode()
    )


def test_saving_a_published_offering_unchanged_only_confirms_it(client, cast, fresh):
    Offering.objects.filter(pk=fresh.pk).update(last_checked=None)
    fresh.locations.update(latitude=49.5, longitude=8.6)  # else the form places them by postcode
    fresh.refresh_from_db()
    response = propose(
        client,
        cast,
        fresh,
        title=fresh.title,
        short_description=fresh.short_description,
        description="",
        phases=["school_to_training"],
        min_age="14",
        max_age="20",
        languages=["de"],
        legal_sphere="",
        legal_basis="",
        categories=[cast.offerings_a.category.pk],
    )
    assert response.status_code == 302
    assert [v.data for v in fresh.versions.all()] == []
    fresh.refresh_from_db()
    assert fresh.last_checked is not None
    assert "Sie haben nichts geändert." in client.get(detail_url(fresh)).content.decode()


def test_the_reviewer_is_warned_when_the_offering_was_saved_after_the_proposal(client, cast, fresh):
    propose(client, cast, fresh, title="Vorschlag des Partners")
    pending = fresh.versions.get(status=Status.IN_REVIEW)
    login(client, cast, "coordinator")
    assert "nachdem diese Version eingereicht wurde" not in client.get(version_url(pending)).content.decode()
    client.post(
        edit_url(fresh),
        offering_post(
            cast.network_a.organisation,
            title="Fassung der Koordination",
            locations=current_locations(fresh),
            initial_locations=2,
        ),
    )
    page = client.get(version_url(pending)).content.decode()
    assert "nachdem diese Version eingereicht wurde" in page
    assert "Fassung der Koordination" in page and "Vorschlag des Partners" in page
