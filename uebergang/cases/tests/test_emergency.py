"""Break the glass: coordinators read a case only with a reason, for an hour, on the record."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from uebergang.audit.models import AuditEvent
from uebergang.cases.models import EmergencyAccess

REASON = "Fallbegleitung krank, Schule meldet akute Gefährdung"


def test_the_coordinator_sees_a_case_only_after_giving_a_reason_and_the_case_worker_sees_the_access(
    client, cast
):
    case = cast.cases_a.case
    url = f"/kreis-a/intern/notfallzugriff/{case.pk}/"
    client.force_login(cast.coordinator)
    lookup = client.get("/kreis-a/intern/notfallzugriff/", {"reference": case.reference})
    assert lookup.url == url
    page = client.get(url).content.decode()
    assert "Grund des Notfallzugriffs" in page and case.full_name not in page
    short = client.post(url, {"reason": "weil"}).content.decode()
    assert "mindestens 20 Zeichen" in short
    assert not EmergencyAccess.objects.exists()
    client.post(url, {"reason": REASON})
    page = client.get(url).content.decode()
    assert case.full_name in page and "nur lesen" in page and "Kontakt erfassen" not in page
    grant = AuditEvent.objects.get(action="case.emergency_access")
    assert grant.data["reason"] == REASON and grant.actor == cast.coordinator
    assert AuditEvent.objects.filter(action="case.read", data__view="emergency").count() == 1
    assert client.get(f"/kreis-a/intern/faelle/{case.pk}/").status_code == 403  # no routine access
    client.force_login(cast.case_worker)
    assert REASON in client.get(f"/kreis-a/intern/faelle/{case.pk}/").content.decode()


def test_the_access_ends_after_an_hour(client, cast):
    case = cast.cases_a.case
    client.force_login(cast.coordinator)
    url = f"/kreis-a/intern/notfallzugriff/{case.pk}/"
    client.post(url, {"reason": REASON})
    an_hour_ago = timezone.now() - timedelta(hours=1)
    EmergencyAccess.objects.update(granted_at=an_hour_ago - timedelta(minutes=1), expires_at=an_hour_ago)
    assert case.full_name not in client.get(url).content.decode()


def test_others_get_no_emergency_access(client, cast):
    url = f"/kreis-a/intern/notfallzugriff/{cast.cases_a.case.pk}/"
    for user in (
        cast.case_worker,
        cast.partner,
        cast.steering,
        cast.coordinator_b,
        cast.outsider,
        cast.association,
    ):
        client.force_login(user)
        assert client.post(url, {"reason": REASON}).status_code == 403
        assert client.get("/kreis-a/intern/notfallzugriff/").status_code == 403
    client.force_login(cast.coordinator)
    assert client.get(f"/kreis-a/intern/notfallzugriff/{cast.cases_b.case.pk}/").status_code == 404
    assert not EmergencyAccess.objects.exists()
