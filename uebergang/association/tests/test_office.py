"""The association's own office: a workspace for the members' working groups (network bodies, meetings,
tasks), with the association's staff, member representatives and guests as roles there. It is no member:
it is neither listed nor compared."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from uebergang.accounts.models import Membership
from uebergang.network.models import Body, BodyMembership, Meeting, Organisation, Task
from uebergang.tenants.models import Tenant
from uebergang.test import create_membership, create_tenant, create_user, enrol_totp

pytestmark = pytest.mark.django_db
Role = Membership.Role


@pytest.fixture
def office(cast):
    office = create_tenant("ag-test", "AG Test – Geschäftsstelle", kind=Tenant.Kind.ASSOCIATION)
    alpha = Organisation.objects.create(
        tenant=office, name="Koordinierung Kreis Alpha", kind="municipal_admin"
    )
    beta = Organisation.objects.create(tenant=office, name="Koordinierung Stadt Beta", kind="municipal_admin")
    guest = Organisation.objects.create(tenant=office, name="Landesinstitut", kind="other")
    group = Body.objects.create(
        tenant=office,
        name="AG Verbleibsklärung",
        code="AGV",
        kind=Body.Kind.WORKING_GROUP,
        level="operational",
        is_public=False,
    )
    BodyMembership.objects.create(body=group, organisation=alpha, role="chair")
    BodyMembership.objects.create(body=group, organisation=guest, role="guest")
    start = timezone.now() - timedelta(days=30)
    meeting = Meeting.objects.create(
        body=group,
        title="1. Sitzung",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        minutes="Vertrauliche Runde",
    )
    Task.objects.create(
        body=group,
        meeting=meeting,
        title="Checkliste entwerfen",
        responsible_organisation=alpha,
        due_date=timezone.localdate() + timedelta(days=20),
    )
    # The association's staff coordinate; Kreis Alpha's coordinator represents Alpha, a guest the institute;
    # Stadt Beta's coordinator represents Beta, which is not in the working group.
    create_membership(cast.association, office, Role.COORDINATOR)
    enrol_totp(cast.association)  # coordinators sign in with a second factor
    Membership.objects.create(user=cast.coordinator, tenant=office, role=Role.PARTNER, organisation=alpha)
    Membership.objects.create(user=cast.coordinator_b, tenant=office, role=Role.PARTNER, organisation=beta)
    visitor = create_user("gast@landesinstitut.example.org", full_name="Gast")
    Membership.objects.create(user=visitor, tenant=office, role=Role.PARTNER, organisation=guest)
    return office, meeting, visitor


def test_the_office_is_no_member(client, cast, office):
    assert "AG Test" not in client.get("/").content.decode()
    # No public municipality pages for it: no portrait page, catalogue or finder.
    for path in ("/ag-test/", "/ag-test/angebote/", "/ag-test/angebotsfinder/", "/ag-test/netzwerk/"):
        assert client.get(path).status_code == 404, path
    from uebergang.monitoring.comparison import association_comparison

    assert all(entry["tenant"].kind != Tenant.Kind.ASSOCIATION for entry in association_comparison(2025))


def test_representatives_and_guests_read_their_working_group(client, cast, office):
    _office, meeting, visitor = office
    url = f"/ag-test/intern/sitzungen/{meeting.pk}/"
    for user in (cast.coordinator, visitor, cast.association):
        client.force_login(user)
        page = client.get(url).content.decode()
        assert "Vertrauliche Runde" in page, user
    client.force_login(cast.coordinator)
    assert "Checkliste entwerfen" in client.get("/ag-test/intern/").content.decode()  # Alpha's task
    # Beta's representative is no member of the group: no minutes for it.
    client.force_login(cast.coordinator_b)
    assert "Vertrauliche Runde" not in client.get(url).content.decode()


def test_outsiders_and_members_without_a_role_there_are_refused(client, cast, office):
    _office, meeting, _visitor = office
    for user in (cast.outsider, cast.steering):
        client.force_login(user)
        assert client.get(f"/ag-test/intern/sitzungen/{meeting.pk}/").status_code in (403, 404)


def test_the_members_directory_leads_a_representative_to_the_working_groups(client, cast, office):
    client.force_login(cast.coordinator)
    page = client.get("/kreis-a/intern/verbund/mitglieder/").content.decode()
    assert "/ag-test/intern/netzwerk/" in page
    client.force_login(cast.steering)  # no role in the office
    assert (
        "/ag-test/intern/netzwerk/" not in client.get("/kreis-a/intern/verbund/mitglieder/").content.decode()
    )
