"""The actor registry: staff list and detail, editing, contacts, public pages, the partner's organisation."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from uebergang.accounts.models import Membership
from uebergang.audit.models import AuditEvent
from uebergang.network.models import Contact, Organisation, OrganisationLegalSphere
from uebergang.test import create_organisation

Action = AuditEvent.Action
LIST = "/kreis-a/intern/akteure/"
STAFF = ["coordinator", "partner", "case_worker", "steering"]


def detail_url(organisation) -> str:
    return f"{LIST}{organisation.pk}/"


def login(client, cast, who):
    user = cast.members_a.get(who) or getattr(cast, who)
    client.force_login(user)
    return user


def organisation_data(**overrides) -> dict:
    data = {
        "name": "Realschule am Park",
        "short_name": "RSP",
        "kind": "school",
        "school_type": "realschule",
        "legal_spheres": ["school"],
        "funding_sources": ["state", "municipal"],
        "street": "Parkweg 3",
        "postcode": "12345",
        "city": "Musterstadt",
        "website": "rsp.example.org",
        "email": "info@rsp.example.org",
        "phone": "01234 5678",
        "identifier": "04100001",
        "is_active": "on",
    }
    data.update(overrides)
    return data


# List -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", STAFF)
def test_staff_of_a_see_the_list_of_actors(client, cast, who):
    login(client, cast, who)
    page = client.get(LIST).content.decode()
    assert cast.network_a.organisation.name in page
    assert cast.network_b.organisation.name not in page
    assert "1 Akteur" in page


@pytest.mark.parametrize("who", ["coordinator_b", "association", "outsider"])
def test_others_are_refused_the_list(client, cast, who):
    login(client, cast, who)
    assert client.get(LIST).status_code == 403
    assert client.get(detail_url(cast.network_a.organisation)).status_code == 403


def test_anonymous_visitors_are_sent_to_login(client, cast):
    response = client.get(LIST)
    assert response.status_code == 302 and response.url.startswith("/konto/anmelden/")


def test_search_and_filters(client, cast):
    tenant = cast.tenant_a
    school = create_organisation(
        tenant, "Gemeinschaftsschule Nord", kind="school", school_type="gemeinschaftsschule", city="Nordheim"
    )
    OrganisationLegalSphere.objects.create(organisation=school, code="school")
    jobcenter = create_organisation(
        tenant, "Jobcenter Kreis", kind="jobcenter", identifier="JC-77", region=cast.region_a
    )
    OrganisationLegalSphere.objects.create(organisation=jobcenter, code="sgb2")
    create_organisation(tenant, "Alter Verein", kind="volunteer", is_active=False, short_name="AV")
    login(client, cast, "coordinator")

    def names(query: str) -> set[str]:
        page = client.get(LIST + "?" + query).context["page"]
        return {organisation.name for organisation in page}

    assert names("q=nordheim") == {"Gemeinschaftsschule Nord"}
    assert names("q=JC-77") == {"Jobcenter Kreis"}
    assert names("q=AV") >= {"Alter Verein"}
    assert names("kind=jobcenter") == {"Jobcenter Kreis"}
    assert names("legal_sphere=sgb2") == {"Jobcenter Kreis"}
    assert names(f"region={cast.region_a.pk}") == {"Jobcenter Kreis"}
    assert names("active=nein") == {"Alter Verein"}
    assert "Alter Verein" not in names("active=ja")
    page = client.get(LIST + "?kind=jobcenter").content.decode()
    assert "1 Akteur" in page and "SGB II" in page


def test_the_list_needs_the_same_queries_for_few_and_many_actors(client, cast, django_assert_max_num_queries):
    login(client, cast, "coordinator")
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for number in range(30):
        organisation = create_organisation(cast.tenant_a, f"Träger {number:02d}", region=cast.region_a)
        OrganisationLegalSphere.objects.create(organisation=organisation, code="sgb3")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(LIST).content.decode()
    assert "31 Akteure" in page and "Träger 29" in page


def test_the_list_is_paginated(client, cast):
    Organisation.objects.bulk_create(
        Organisation(tenant=cast.tenant_a, name=f"Betrieb {n:03d}", kind="company") for n in range(60)
    )
    login(client, cast, "coordinator")
    page = client.get(LIST).content.decode()
    assert "61 Akteure" in page and "Seite 1 von 2" in page
    second = client.get(LIST + "?seite=2").content.decode()
    assert "Betrieb 059" in second


# Detail ---------------------------------------------------------------------------------------------


def test_detail_shows_everything_staff_need(client, cast):
    network = cast.network_a
    parent = create_organisation(cast.tenant_a, "Dachverband Bildung", kind="welfare")
    child = create_organisation(cast.tenant_a, "Außenstelle Süd", parent=network.organisation)
    Organisation.objects.filter(pk=network.organisation.pk).update(parent=parent, identifier="DV-1")
    OrganisationLegalSphere.objects.create(organisation=network.organisation, code="sgb3")
    login(client, cast, "steering")
    page = client.get(detail_url(network.organisation)).content.decode()
    for text in (
        network.organisation.name,
        network.organisation.email,
        "DV-1",
        "SGB III",
        parent.name,
        child.name,
        network.contact.name,
        network.private_contact.name,
        network.private_contact.email,
        "intern – nicht öffentlich",
        network.body.name,
        "Mitglied",
        network.task.title,
    ):
        assert text in page, text
    assert "bearbeiten/" not in page  # steering may not edit


def test_detail_offers_editing_to_coordinator_and_own_partner_only(client, cast):
    own = cast.network_a.organisation
    other = create_organisation(cast.tenant_a, "Fremder Träger")
    login(client, cast, "partner")
    assert f"{detail_url(own)}bearbeiten/" in client.get(detail_url(own)).content.decode()
    assert "bearbeiten/" not in client.get(detail_url(other)).content.decode()
    login(client, cast, "coordinator")
    assert f"{detail_url(other)}bearbeiten/" in client.get(detail_url(other)).content.decode()


def test_detail_of_another_tenants_actor_is_not_found(client, cast):
    login(client, cast, "coordinator")
    assert client.get(detail_url(cast.network_b.organisation)).status_code == 404


# Create and edit ------------------------------------------------------------------------------------


def test_coordinator_creates_an_actor_and_it_is_audited(client, cast):
    parent = cast.network_a.organisation
    login(client, cast, "coordinator")
    response = client.post(LIST + "neu/", organisation_data(region=cast.region_a.pk, parent=parent.pk))
    organisation = Organisation.objects.get(name="Realschule am Park")
    assert response.status_code == 302 and response.url == detail_url(organisation)
    assert organisation.tenant == cast.tenant_a and organisation.parent == parent
    assert organisation.website == "https://rsp.example.org"
    assert organisation.legal_sphere_codes == ["school"]
    assert organisation.funding_sources == {"state", "municipal"}
    event = AuditEvent.objects.get(action=Action.CREATED, object_id=str(organisation.pk))
    assert event.tenant == cast.tenant_a and event.actor == cast.coordinator


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"kind": "jobcenter"}, "school_type", "Eine Schulart gibt es nur bei der Art „Schule“."),
        ({"postcode": "1234a"}, "postcode", "Die PLZ besteht aus fünf Ziffern."),
        ({"name": "bildungswerk a"}, "name", "Einen Akteur mit diesem Namen gibt es schon."),
        ({"email": "keine-adresse"}, "email", "gültige E-Mail-Adresse"),
    ],
)
def test_bad_input_gets_a_german_form_error_and_nothing_is_saved(client, cast, overrides, field, message):
    login(client, cast, "coordinator")
    response = client.post(LIST + "neu/", organisation_data(**overrides))
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert not Organisation.objects.filter(
        name=organisation_data(**overrides)["name"], kind=overrides.get("kind", "school")
    ).exists()
    assert not AuditEvent.objects.filter(action=Action.CREATED).exists()


def test_region_and_parent_of_another_tenant_are_refused(client, cast):
    login(client, cast, "coordinator")
    response = client.post(
        LIST + "neu/",
        organisation_data(region=cast.region_b.pk, parent=cast.network_b.organisation.pk),
    )
    form = response.context["form"]
    assert "region" in form.errors and "parent" in form.errors
    assert not Organisation.objects.filter(name="Realschule am Park").exists()


@pytest.mark.parametrize("who", ["partner", "case_worker", "steering"])
def test_only_the_coordinator_creates_actors(client, cast, who):
    login(client, cast, who)
    assert client.post(LIST + "neu/", organisation_data()).status_code == 403
    assert not Organisation.objects.filter(name="Realschule am Park").exists()


def test_partner_edits_their_own_organisation(client, cast):
    own = cast.network_a.organisation
    login(client, cast, "partner")
    assert client.get(detail_url(own) + "bearbeiten/").status_code == 200
    response = client.post(
        detail_url(own) + "bearbeiten/",
        {"name": own.name, "kind": "training_provider", "city": "Neustadt", "legal_spheres": ["sgb3"]},
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.city == "Neustadt" and own.legal_sphere_codes == ["sgb3"] and not own.is_active
    event = AuditEvent.objects.get(action=Action.UPDATED, object_id=str(own.pk))
    assert "city" in event.data["changed"] and "legal_spheres" in event.data["changed"]
    assert event.actor == cast.partner


def test_partner_cannot_edit_other_organisations(client, cast):
    other = create_organisation(cast.tenant_a, "Fremder Träger")
    login(client, cast, "partner")
    assert client.get(detail_url(other) + "bearbeiten/").status_code == 404
    assert (
        client.post(detail_url(other) + "bearbeiten/", {"name": "Gekapert", "kind": "other"}).status_code
        == 404
    )
    assert client.post(detail_url(other) + "kontakte/neu/", {"name": "Eindringling"}).status_code == 404
    other.refresh_from_db()
    assert other.name == "Fremder Träger" and not other.contacts.exists()


@pytest.mark.parametrize("who", ["coordinator_b", "outsider", "case_worker", "steering"])
def test_edit_is_refused_to_others(client, cast, who):
    own = cast.network_a.organisation
    login(client, cast, who)
    assert (
        client.post(detail_url(own) + "bearbeiten/", {"name": "Gekapert", "kind": "other"}).status_code == 403
    )
    own.refresh_from_db()
    assert own.name == "Bildungswerk a"


def test_coordinator_of_a_cannot_edit_an_actor_of_b(client, cast):
    login(client, cast, "coordinator")
    url = detail_url(cast.network_b.organisation) + "bearbeiten/"
    assert client.post(url, {"name": "Gekapert", "kind": "other"}).status_code == 404


def test_an_organisation_cannot_be_placed_below_its_own_child(client, cast):
    own = cast.network_a.organisation
    child = create_organisation(cast.tenant_a, "Tochter", parent=own)
    login(client, cast, "coordinator")
    response = client.post(
        detail_url(own) + "bearbeiten/", {"name": own.name, "kind": own.kind, "parent": child.pk}
    )
    assert "parent" in response.context["form"].errors


# Contacts -------------------------------------------------------------------------------------------


def test_partner_adds_edits_and_deletes_contacts_of_their_organisation(client, cast):
    own = cast.network_a.organisation
    login(client, cast, "partner")
    response = client.post(
        detail_url(own) + "kontakte/neu/",
        {
            "name": "Neue Beraterin",
            "function": "Beratung",
            "email": "beratung@example.org",
            "is_public": "on",
        },
    )
    assert response.status_code == 302
    contact = Contact.objects.get(name="Neue Beraterin")
    assert contact.organisation == own and contact.is_public
    url = f"/kreis-a/intern/kontakte/{contact.pk}/"
    assert client.post(url, {"name": "Neue Beraterin", "function": "Leitung"}).status_code == 302
    contact.refresh_from_db()
    assert contact.function == "Leitung" and not contact.is_public
    assert client.post(url, {"action": "delete"}).status_code == 302
    assert not Contact.objects.filter(pk=contact.pk).exists()
    actions = list(
        AuditEvent.objects.filter(object_type="network.contact", object_id=str(contact.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [Action.CREATED, Action.UPDATED, Action.DELETED]


def test_contact_form_errors_are_german(client, cast):
    login(client, cast, "coordinator")
    response = client.post(
        detail_url(cast.network_a.organisation) + "kontakte/neu/", {"name": "", "email": "kaputt"}
    )
    errors = response.context["form"].errors
    assert "name" in errors and "gültige E-Mail-Adresse" in errors["email"][0]


def test_contacts_of_other_organisations_and_tenants_are_not_found(client, cast):
    foreign = Contact.objects.create(
        organisation=create_organisation(cast.tenant_a, "Fremd"), name="Fremde Person"
    )
    login(client, cast, "partner")
    assert client.get(f"/kreis-a/intern/kontakte/{foreign.pk}/").status_code == 404
    assert client.post(f"/kreis-a/intern/kontakte/{foreign.pk}/", {"action": "delete"}).status_code == 404
    login(client, cast, "coordinator")
    contact_b = cast.network_b.private_contact
    assert client.post(f"/kreis-a/intern/kontakte/{contact_b.pk}/", {"action": "delete"}).status_code == 404
    assert Contact.objects.filter(pk__in=[foreign.pk, contact_b.pk]).count() == 2


@pytest.mark.parametrize("who", ["coordinator_b", "outsider", "steering"])
def test_contact_edit_is_refused_to_others(client, cast, who):
    contact = cast.network_a.private_contact
    login(client, cast, who)
    assert client.post(f"/kreis-a/intern/kontakte/{contact.pk}/", {"action": "delete"}).status_code == 403
    assert Contact.objects.filter(pk=contact.pk).exists()


# Public pages ---------------------------------------------------------------------------------------


def test_public_list_shows_active_actors_without_login(client, cast):
    create_organisation(cast.tenant_a, "Geschlossener Betrieb", kind="company", is_active=False)
    create_organisation(
        cast.tenant_a, "Kreishandwerkerschaft", kind="crafts_guild", website="https://khs.example.org"
    )
    page = client.get("/kreis-a/akteure/").content.decode()
    assert cast.network_a.organisation.name in page and "Kreishandwerkerschaft" in page
    assert "https://khs.example.org" in page
    assert "Geschlossener Betrieb" not in page and cast.network_b.organisation.name not in page
    filtered = client.get("/kreis-a/akteure/?kind=crafts_guild&q=handwerk").content.decode()
    assert "Kreishandwerkerschaft" in filtered and cast.network_a.organisation.name not in filtered


def test_public_list_needs_constant_queries(client, cast, django_assert_max_num_queries):
    with CaptureQueriesContext(connection) as few:
        client.get("/kreis-a/akteure/")
    for number in range(20):
        create_organisation(cast.tenant_a, f"Betrieb {number}", kind="company")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert "21 Akteure" in client.get("/kreis-a/akteure/").content.decode()


@pytest.mark.parametrize("who", [None, "coordinator", "partner", "coordinator_b", "outsider"])
def test_internal_contacts_never_appear_on_public_pages(client, cast, who):
    if who:
        login(client, cast, who)
    network = cast.network_a
    Contact.objects.filter(pk=network.contact.pk).update(email="oeffentlich@example.org")
    pages = [
        client.get("/kreis-a/akteure/").content.decode(),
        client.get(f"/kreis-a/akteure/{network.organisation.pk}/").content.decode(),
    ]
    for page in pages:
        assert network.private_contact.name not in page
        assert network.private_contact.email not in page
    assert network.contact.name in pages[1] and "oeffentlich@example.org" in pages[1]


def test_public_detail_shows_public_bodies_only(client, cast):
    network = cast.network_a
    page = client.get(f"/kreis-a/akteure/{network.organisation.pk}/").content.decode()
    assert network.body.name in page
    network.body.is_public = False
    network.body.save(update_fields=["is_public"])
    page = client.get(f"/kreis-a/akteure/{network.organisation.pk}/").content.decode()
    assert network.body.name not in page
    assert network.meeting.minutes not in page


def test_public_detail_links_published_offerings_of_the_organisation_only(client, cast):
    offerings = cast.offerings_a
    page = client.get(f"/kreis-a/akteure/{cast.network_a.organisation.pk}/").content.decode()
    assert f'href="/kreis-a/angebote/{offerings.published.pk}/"' in page
    assert offerings.published.title in page
    assert offerings.draft.title not in page


def test_public_detail_hides_inactive_and_foreign_actors(client, cast):
    inactive = create_organisation(cast.tenant_a, "Geschlossen", is_active=False)
    assert client.get(f"/kreis-a/akteure/{inactive.pk}/").status_code == 404
    assert client.get(f"/kreis-a/akteure/{cast.network_b.organisation.pk}/").status_code == 404


# The organisation a team member acts for --------------------------------------------------------------


def test_coordinator_chooses_the_organisation_a_partner_acts_for(client, cast):
    other = create_organisation(cast.tenant_a, "Jugendberufshilfe Mitte", kind="youth_vocational_aid")
    login(client, cast, "coordinator")
    response = client.post(
        "/kreis-a/intern/team/neu/",
        {"email": "neu@a.example.org", "full_name": "Neu", "role": "partner", "organisation": other.pk},
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user__email="neu@a.example.org")
    assert membership.organisation == other
    partner_membership = Membership.objects.get(user=cast.partner, tenant=cast.tenant_a)
    url = f"/kreis-a/intern/team/{partner_membership.pk}/"
    assert f'value="{cast.network_a.organisation.pk}" selected' in client.get(url).content.decode()
    assert (
        client.post(url, {"action": "change", "role": "partner", "organisation": other.pk}).status_code == 302
    )
    partner_membership.refresh_from_db()
    assert partner_membership.organisation == other
    event = AuditEvent.objects.filter(object_type="accounts.membership", action=Action.UPDATED).latest("pk")
    assert event.data["organisation"] == {"from": cast.network_a.organisation.pk, "to": other.pk}


def test_the_organisation_must_belong_to_the_tenant(client, cast):
    login(client, cast, "coordinator")
    partner_membership = Membership.objects.get(user=cast.partner, tenant=cast.tenant_a)
    response = client.post(
        f"/kreis-a/intern/team/{partner_membership.pk}/",
        {"action": "change", "role": "partner", "organisation": cast.network_b.organisation.pk},
    )
    assert response.status_code == 200 and "organisation" in response.context["form"].errors
    response = client.post(
        "/kreis-a/intern/team/neu/",
        {"email": "neu@a.example.org", "role": "partner", "organisation": cast.network_b.organisation.pk},
    )
    assert response.status_code == 200 and "organisation" in response.context["form"].errors
    assert not Membership.objects.filter(user__email="neu@a.example.org").exists()
    partner_membership.refresh_from_db()
    assert partner_membership.organisation == cast.network_a.organisation
