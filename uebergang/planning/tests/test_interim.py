"""Interim reviews: figures computed from meetings, attendance, decisions, tasks and measures, frozen with
the review; the coordinator's assessment; who may read and write."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from uebergang.audit.models import AuditEvent
from uebergang.network.models import Attendance, BodyMembership, Decision, Meeting, Task
from uebergang.planning.interim import compute
from uebergang.planning.models import InterimReview, Measure
from uebergang.test import create_organisation

URL = "/kreis-a/intern/zwischenbilanzen/"


@pytest.fixture
def year_of_meetings(cast):
    network = cast.network_a
    body = network.body
    other = BodyMembership.objects.create(
        body=body, organisation=create_organisation(cast.tenant_a, "Jugendamt")
    )
    now = timezone.now()
    for weeks, (first, second) in enumerate(
        [("present", "absent"), ("present", "excused"), ("present", "present")]
    ):
        meeting = Meeting.objects.create(body=body, starts_at=now - timedelta(weeks=10 * (weeks + 1)))
        Attendance.objects.create(meeting=meeting, membership=network.body_membership, status=first)
        Attendance.objects.create(meeting=meeting, membership=other, status=second)
        Decision.objects.create(
            meeting=meeting,
            body=body,
            year=2026,
            number=10 + weeks,
            text="B",
            status="implemented" if weeks else "adopted",
        )
    Meeting.objects.create(
        body=body, starts_at=now - timedelta(weeks=5), cancelled_at=now - timedelta(weeks=6)
    )
    Task.objects.create(body=body, title="überfällig", due_date=timezone.localdate() - timedelta(days=3))
    Task.objects.create(
        body=body, title="erledigt", due_date=timezone.localdate() - timedelta(days=30), status="done"
    )
    return body


def test_the_figures_count_meetings_attendance_decisions_tasks_and_measures(cast, year_of_meetings):
    today = timezone.localdate()
    figures = compute(cast.tenant_a, year_of_meetings, today - timedelta(days=365), today)
    assert figures["meetings"] == {"planned": 5, "held": 4, "cancelled": 1}  # the cast's meeting too
    rates = {row["organisation"]: row for row in figures["attendance"]}
    assert rates["Jugendamt"]["invited"] == 3 and rates["Jugendamt"]["present"] == 1
    assert rates["Jugendamt"]["rate"] == 33.3 and rates["Jugendamt"]["excused"] == 1
    assert figures["decisions"]["taken"] == 4 and figures["decisions"]["implemented"] == 2
    assert figures["tasks"]["overdue"] >= 1 and figures["tasks"]["done"] == 1
    measure = Measure.objects.for_tenant(cast.tenant_a).get()
    measure.bodies.add(year_of_meetings)
    Measure.objects.filter(pk=measure.pk).update(status="at_risk", start=None, end=None)
    figures = compute(cast.tenant_a, year_of_meetings, today - timedelta(days=365), today)
    assert figures["measures"]["at_risk"] == 1 and figures["measures"]["total"] == 1


def test_a_coordinator_creates_a_review_that_stays_as_it_was(client, cast, year_of_meetings):
    client.force_login(cast.coordinator)
    today = timezone.localdate()
    response = client.post(
        f"{URL}neu/",
        {
            "body": year_of_meetings.pk,
            "start": (today - timedelta(days=365)).isoformat(),
            "end": today.isoformat(),
        },
    )
    review = InterimReview.objects.for_tenant(cast.tenant_a).latest("id")
    assert response.status_code == 302 and response.url == f"{URL}{review.pk}/"
    assert AuditEvent.objects.filter(object_id=str(review.pk), action=AuditEvent.Action.CREATED).exists()
    Attendance.objects.filter(
        meeting__body=year_of_meetings
    ).delete()  # the data move on; the review does not
    page = client.get(response.url).content.decode()
    assert "4 abgehalten von 5" in page and "Jugendamt" in page and "33,3 %" in page
    client.post(response.url, {"assessment": "Die Beteiligung des Jugendamts stärken."})
    review.refresh_from_db()
    assert review.assessment == "Die Beteiligung des Jugendamts stärken."


def test_a_period_ending_before_it_starts_is_refused(client, cast):
    client.force_login(cast.coordinator)
    response = client.post(f"{URL}neu/", {"start": "2026-06-01", "end": "2026-01-01"})
    assert "Das Ende des Zeitraums darf nicht vor dem Beginn liegen." in response.content.decode()
    assert InterimReview.objects.for_tenant(cast.tenant_a).count() == 1  # only the cast's


@pytest.mark.parametrize(
    ("who", "read", "write"),
    [
        ("coordinator", 200, 200),
        ("steering", 200, 403),
        ("partner", 200, 403),
        ("case_worker", 403, 403),
        ("coordinator_b", 403, 403),
        ("outsider", 403, 403),
    ],
)
def test_who_reads_and_who_writes(client, cast, who, read, write):
    review = InterimReview.objects.for_tenant(cast.tenant_a).get()
    client.force_login(getattr(cast, who))
    assert client.get(f"{URL}{review.pk}/").status_code == read
    assert client.get(f"{URL}neu/").status_code == write
    before = review.assessment
    client.post(f"{URL}{review.pk}/", {"assessment": "überschrieben"})
    review.refresh_from_db()
    assert review.assessment == ("überschrieben" if who == "coordinator" else before)
