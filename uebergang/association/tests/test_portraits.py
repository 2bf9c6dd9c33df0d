"""Member portraits: kept by each member, every part public or for members only, a map and list on /."""

from __future__ import annotations

from decimal import Decimal

import pytest

from uebergang.association.models import Portrait, Practice
from uebergang.audit.models import AuditEvent
from uebergang.network.models import Body

pytestmark = pytest.mark.django_db

EDIT = "/kreis-a/intern/verbund/portraet/"


def unchanged(form) -> dict:
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, (list, tuple, set, frozenset)):
            data[name] = sorted(value)
        elif value is None:
            data[name] = ""
        elif value is True:
            data[name] = "on"
        elif value is False:
            continue
        else:
            data[name] = value
    return data


@pytest.fixture
def shown_b(cast):
    cast.tenant_b.office_address = "Rathausplatz 3\n69469 Weinheim"
    cast.tenant_b.save()
    return Portrait.objects.create(
        tenant=cast.tenant_b,
        coordinating_since=2009,
        organisation="Bildungsbüro im Amt für Bildung",
        staff_fte=Decimal("2.5"),
        public_fields=["size", "since", "organisation", "contact"],
        shown=True,
    )


def test_the_coordinator_keeps_the_portrait_and_an_unchanged_save_writes_nothing(client, cast):
    client.force_login(cast.coordinator)
    form = client.get(EDIT).context["form"]
    data = unchanged(form)
    data.update(
        coordinating_since="2011", staff_fte="1,5", organisation="Stabsstelle im Landratsamt", shown="on"
    )
    data["public_fields"] = ["size", "since", "organisation"]
    assert client.post(EDIT, data).status_code == 302
    portrait = Portrait.objects.get(tenant=cast.tenant_a)
    assert (portrait.coordinating_since, portrait.staff_fte, portrait.shown) == (2011, Decimal("1.5"), True)
    assert portrait.public_fields == {"size", "since", "organisation"}
    assert (
        AuditEvent.objects.filter(
            action=AuditEvent.Action.UPDATED, object_type="association.portrait"
        ).count()
        == 1
    )
    response = client.post(EDIT, unchanged(client.get(EDIT).context["form"]), follow=True)
    assert "Nichts geändert." in response.content.decode()
    assert (
        AuditEvent.objects.filter(
            action=AuditEvent.Action.UPDATED, object_type="association.portrait"
        ).count()
        == 1
    )


def test_a_bad_year_is_refused_in_german(client, cast):
    client.force_login(cast.coordinator)
    data = unchanged(client.get(EDIT).context["form"])
    data["coordinating_since"] = "1850"
    response = client.post(EDIT, data)
    assert response.status_code == 200 and "größer oder gleich 1990" in response.content.decode()


def test_members_read_every_part_the_public_only_the_public_ones(client, cast, shown_b):
    Body.objects.create(
        tenant=cast.tenant_b, name="Interner Lenkungskreis", kind=Body.Kind.STEERING_GROUP, is_public=False
    )
    Practice.objects.create(
        tenant=cast.tenant_b, title="Elterncafés", summary="s", problem="p", approach="a", status="published"
    )
    client.force_login(cast.partner)  # any member's staff
    page = client.get("/kreis-a/intern/verbund/mitglieder/").content.decode()
    assert "Stadt Beta" in page and "Koordinierung seit 2009" in page
    page = client.get(f"/kreis-a/intern/verbund/mitglieder/{shown_b.pk}/").content.decode()
    assert "2,5 Vollzeitstellen" in page and "nur Mitglieder" in page
    assert "Interner Lenkungskreis" in page and "Elterncafés" in page
    client.logout()
    page = client.get("/stadt-b/").content.decode()
    assert "Koordinierung im Überblick" in page and "Bildungsbüro im Amt für Bildung" in page
    assert "Vollzeitstellen" not in page and "Interner Lenkungskreis" not in page
    landing = client.get("/").content.decode()
    assert "Koordinierung seit 2009" in landing and "Sitz der Koordinierungsstellen" in landing
    assert "Rathausplatz 3, 69469 Weinheim" in landing  # the contact is public


def test_a_members_only_contact_stays_off_the_public_pages(client, cast, shown_b):
    shown_b.public_fields = ["size", "since"]
    shown_b.save()
    landing = client.get("/").content.decode()
    assert "Rathausplatz" not in landing and "69469" in landing  # the town's postcode only, for the map
    assert "Koordinierungsstelle</h2>" not in client.get("/stadt-b/").content.decode()


def test_a_portrait_not_shown_stays_with_its_municipality(client, cast, shown_b):
    shown_b.shown = False
    shown_b.save()
    client.force_login(cast.coordinator)
    page = client.get("/kreis-a/intern/verbund/mitglieder/").content.decode()
    assert f"/kreis-a/intern/verbund/mitglieder/{shown_b.pk}/" not in page  # neither card nor news
    assert client.get(f"/kreis-a/intern/verbund/mitglieder/{shown_b.pk}/").status_code == 404
    assert "Koordinierung seit 2009" not in client.get("/").content.decode()


def test_the_association_staff_read_the_directory(client, cast, shown_b):
    client.force_login(cast.association)
    page = client.get("/verbund/mitglieder/").content.decode()
    assert "Stadt Beta" in page
    assert "2,5 Vollzeitstellen" in client.get(f"/verbund/mitglieder/{shown_b.pk}/").content.decode()


@pytest.mark.parametrize("who", ["outsider", "coordinator_b"])
def test_outsiders_and_other_tenants_staff_cannot_use_a_tenants_pages(client, cast, shown_b, who):
    client.force_login(getattr(cast, who))
    assert client.get("/kreis-a/intern/verbund/mitglieder/").status_code in (403, 404)
    assert client.get(EDIT).status_code in (403, 404)
    assert client.get("/verbund/mitglieder/").status_code in (403, 404)


def test_only_coordinators_edit_the_portrait(client, cast):
    for user in (cast.partner, cast.steering, cast.case_worker):
        client.force_login(user)
        assert client.get(EDIT).status_code == 403


def test_the_directory_tells_what_is_new_and_what_comes(client, cast, shown_b):
    from datetime import timedelta

    from django.utils import timezone

    from uebergang.network.models import Meeting

    published = Practice.objects.create(
        tenant=cast.tenant_b,
        title="Sprachcafé im Betrieb",
        summary="s",
        problem="p",
        approach="a",
        status="published",
    )
    Practice.objects.create(
        tenant=cast.tenant_b, title="Halb fertiger Entwurf", summary="s", problem="p", approach="a"
    )
    public = Body.objects.create(
        tenant=cast.tenant_b, name="Steuerungskreis Beta", kind=Body.Kind.STEERING_GROUP
    )
    hidden = Body.objects.create(
        tenant=cast.tenant_b,
        name="Verschwiegene Runde",
        code="VR",
        kind=Body.Kind.WORKING_GROUP,
        is_public=False,
    )
    soon = timezone.now() + timedelta(days=10)
    for body in (public, hidden):
        Meeting.objects.create(
            body=body, title="1. Sitzung", starts_at=soon, ends_at=soon + timedelta(hours=2)
        )
    client.force_login(cast.coordinator)
    page = client.get("/kreis-a/intern/verbund/mitglieder/").content.decode()
    news = page.split('id="news-heading"')[1].split("</section>")[0]
    assert (
        f"/kreis-a/intern/verbund/praxisbeispiele/{published.pk}/" in news and "Sprachcafé im Betrieb" in news
    )
    assert "Halb fertiger Entwurf" not in page and "Porträt im Verbund" in news
    events = page.split('id="events-heading"')[1].split("</section>")[0]
    assert "Steuerungskreis Beta" in events and "Verschwiegene Runde" not in page
