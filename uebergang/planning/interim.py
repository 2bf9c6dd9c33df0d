"""Interim review (Zwischenbilanz) of a body or the whole network over a period, computed from the data.

Kreis Offenbach reviews its network after 18 months: were the meetings held, who came, what was decided
and done, are the measures on track? The figures are computed here from meetings, attendance, decisions,
tasks and work-plan measures and frozen with the review (later changes of the data do not rewrite a
review the network has discussed); the coordinator adds the assessment. The figures concern
organisations and bodies, not persons, so no small-number protection applies.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time

from django.db.models import Q
from django.utils import timezone

from uebergang.network.models import Attendance, Body, Decision, Meeting, Task
from uebergang.tenants.models import Tenant

from .models import Measure


def _moment(day: date, end: bool = False) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.max if end else time.min))


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def compute(tenant: Tenant, body: Body | None, start: date, end: date, today: date | None = None) -> dict:
    """The review's figures as JSON-ready data (dates as ISO strings)."""
    today = today or timezone.localdate()
    bodies = Body.objects.for_tenant(tenant)
    if body is not None:
        bodies = bodies.filter(pk=body.pk)
    meetings = Meeting.objects.filter(
        body__in=bodies, starts_at__gte=_moment(start), starts_at__lte=_moment(end, end=True)
    )
    held = meetings.filter(cancelled_at__isnull=True, starts_at__lte=timezone.now())
    attendance: dict[str, dict[str, int]] = defaultdict(lambda: {"invited": 0, "present": 0, "excused": 0})
    for name, status in Attendance.objects.filter(meeting__in=held).values_list(
        "membership__organisation__name", "status"
    ):
        row = attendance[name]
        row["invited"] += 1
        if status in (Attendance.Status.PRESENT, Attendance.Status.EXCUSED):
            row[status] += 1
    decisions = Decision.objects.filter(meeting__in=meetings)
    tasks = Task.objects.filter(body__in=bodies).filter(
        Q(due_date__gte=start, due_date__lte=end) | Q(meeting__in=meetings)
    )
    measures = Measure.objects.for_tenant(tenant).filter(
        Q(start__isnull=True) | Q(start__lte=end), Q(end__isnull=True) | Q(end__gte=start)
    )
    if body is not None:
        measures = measures.filter(bodies=body)
    by_status = {value: measures.filter(status=value).count() for value in Measure.Status.values}
    running = sum(by_status[s] for s in ("planned", "in_progress", "at_risk", "done"))
    open_tasks = tasks.exclude(status=Task.Status.DONE)
    return {
        "period": [start.isoformat(), end.isoformat()],
        "body": body.name if body else None,
        "meetings": {
            "planned": meetings.count(),
            "held": held.count(),
            "cancelled": meetings.filter(cancelled_at__isnull=False).count(),
        },
        "attendance": [
            {
                "organisation": name,
                **row,
                "rate": _share(row["present"], row["invited"]),
            }
            for name, row in sorted(attendance.items(), key=lambda item: item[0] or "")
        ],
        "decisions": {
            "taken": decisions.count(),
            "implemented": decisions.filter(status=Decision.Status.IMPLEMENTED).count(),
            "dropped": decisions.filter(status=Decision.Status.DROPPED).count(),
        },
        "tasks": {
            "total": tasks.count(),
            "done": tasks.filter(status=Task.Status.DONE).count(),
            "overdue": open_tasks.filter(due_date__lt=today).count(),
            "open": open_tasks.filter(Q(due_date__gte=today) | Q(due_date__isnull=True)).count(),
        },
        "measures": {
            "total": running,
            "on_track": by_status["in_progress"] + by_status["done"],
            "at_risk": by_status["at_risk"],
            "planned": by_status["planned"],
            "done": by_status["done"],
            "dropped": by_status["dropped"],
        },
    }
