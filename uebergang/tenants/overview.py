"""The personal start page of the workspace: short lists of what each person has to do next.

Each panel reads at most PANEL_SIZE rows through the apps' own queries and permission rules (tasks
assigned to me or my organisation, review queue, staleness, funding ending, imports, protected
monitoring figures, the work plan's progress tree), so the page costs a fixed number of queries
however large the municipality is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from uebergang.accounts.models import Membership
from uebergang.accounts.permissions import has_permission, own_organisation_ids
from uebergang.monitoring import queries as monitoring
from uebergang.monitoring.models import ImportBatch
from uebergang.network.models import Meeting, Task
from uebergang.offerings import analysis, staleness
from uebergang.offerings.models import OfferingVersion
from uebergang.planning import queries as planning
from uebergang.planning.models import Measure, WorkPlan

from .models import Tenant

PANEL_SIZE = 5


@dataclass
class Item:
    label: str
    url: str
    meta: str = ""
    alert: str = ""  # e.g. "überfällig": shown in words, not by colour alone


@dataclass
class Panel:
    key: str  # the id of its heading
    title: str
    items: list[Item]
    empty: str
    more_url: str
    more_label: str = field(default="")


def _date(value) -> str:
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "d.m.Y, H:i")
    return date_format(value, "d.m.Y")


def _url(name: str, tenant: Tenant, **kwargs) -> str:
    return reverse(name, kwargs={"tenant": tenant, **kwargs})


def _tasks(tenant: Tenant, membership: Membership) -> Panel:
    today = timezone.localdate()
    tasks = (
        Task.objects.for_tenant(tenant)
        .open()
        .assigned_to(membership.user, own_organisation_ids(membership))
        .select_related("body")
        .order_by("due_date", "id")[:PANEL_SIZE]
    )
    items = [
        Item(
            task.title,
            _url("network:task_detail", tenant, task_id=task.pk),
            " · ".join(
                [task.body.name]
                + ([_("fällig am %(date)s") % {"date": _date(task.due_date)}] if task.due_date else [])
            ),
            _("überfällig") if task.is_overdue(today) else "",
        )
        for task in tasks
    ]
    return Panel(
        "aufgaben",
        _("Meine offenen Aufgaben"),
        items,
        _("Ihnen und Ihrer Organisation ist keine offene Aufgabe zugewiesen."),
        _url("network:my_tasks", tenant),
        _("alle Aufgaben anzeigen"),
    )


def _meetings(tenant: Tenant, membership: Membership) -> Panel:
    """Coordinators run every body's meetings; others see those of the bodies they or their
    organisation currently sit in (a delegated contact person with the user's e-mail counts as "I")."""
    today = timezone.localdate()
    meetings = Meeting.objects.for_tenant(tenant).filter(starts_at__gte=timezone.now())
    if membership.role != Membership.Role.COORDINATOR:
        seat = Q(body__memberships__organisation_id__in=own_organisation_ids(membership))
        if membership.user.email:
            seat |= Q(body__memberships__person__email__iexact=membership.user.email)
        current = Q(body__memberships__start__isnull=True) | Q(body__memberships__start__lte=today)
        current &= Q(body__memberships__end__isnull=True) | Q(body__memberships__end__gte=today)
        meetings = meetings.filter(seat & current).distinct()
    meetings = meetings.select_related("body").order_by("starts_at", "id")[:PANEL_SIZE]
    items = [
        Item(
            meeting.title or meeting.body.name,
            _url("network:meeting_detail", tenant, meeting_id=meeting.pk),
            " · ".join(filter(None, [_date(meeting.starts_at), meeting.body.name, meeting.place])),
        )
        for meeting in meetings
    ]
    return Panel(
        "sitzungen",
        _("Meine nächsten Sitzungen"),
        items,
        _("Keine Sitzung Ihrer Gremien ist geplant."),
        _url("network:meeting_list", tenant),
        _("alle Sitzungen anzeigen"),
    )


def _review(tenant: Tenant) -> Panel:
    versions = (
        OfferingVersion.objects.for_tenant(tenant)
        .pending()
        .select_related("offering__provider")
        .order_by("created_at", "pk")[:PANEL_SIZE]
    )
    items = [
        Item(
            version.offering.title,
            _url("offerings:review", tenant, version_id=version.pk),
            _("%(provider)s · eingereicht am %(date)s")
            % {"provider": version.offering.provider.name, "date": _date(version.created_at)},
        )
        for version in versions
    ]
    return Panel(
        "pruefung",
        _("Angebote, die auf Ihre Prüfung warten"),
        items,
        _("Keine Änderung wartet auf Prüfung."),
        _url("offerings:review_queue", tenant),
        _("alle Prüfungen anzeigen"),
    )


def _own_stale_offerings(tenant: Tenant, membership: Membership) -> Panel:
    organisation_ids = own_organisation_ids(membership)
    offerings = (
        staleness.stale_offerings(tenant)
        .filter(provider_id__in=organisation_ids)
        .order_by("last_checked", "title", "pk")[:PANEL_SIZE]
    )
    items = [
        Item(
            offering.title,
            _url("offerings:detail", tenant, offering_id=offering.pk),
            _("zuletzt geprüft am %(date)s") % {"date": _date(offering.last_checked)}
            if offering.last_checked
            else _("noch nie geprüft"),
        )
        for offering in offerings
    ]
    query = "?stale=on" + (f"&provider={organisation_ids[0]}" if organisation_ids else "")
    return Panel(
        "angebote",
        _("Angebote Ihrer Organisation, die geprüft werden sollten"),
        items,
        _("Alle Angebote Ihrer Organisation sind aktuell geprüft."),
        _url("offerings:list", tenant) + query,
        _("alle veralteten Angebote anzeigen"),
    )


def _referrals_waiting(tenant: Tenant, membership: Membership) -> Panel:
    """Referrals to the partner's organisation that wait for its answer (offering and date, no names)."""
    from uebergang.cases.models import Referral

    waiting = (
        Referral.objects.for_tenant(tenant)
        .for_provider(membership.organisation)
        .filter(status=Referral.Status.SENT)
        .select_related("offering")
        .order_by("sent_at", "pk")[:PANEL_SIZE]
    )
    items = [
        Item(
            referral.offering.title,
            _url("cases:provider_referral", tenant, referral_id=referral.pk),
            _("eingegangen am %(date)s") % {"date": _date(referral.sent_at.date())},
        )
        for referral in waiting
    ]
    return Panel(
        "ueberleitungen",
        _("Überleitungen, die auf Ihre Antwort warten"),
        items,
        _("Keine Überleitung wartet auf Antwort."),
        _url("cases:provider_inbox", tenant),
        _("alle Überleitungen anzeigen"),
    )


def _funding(tenant: Tenant) -> Panel:
    today = timezone.localdate()
    ends = analysis.funding_ending(tenant, today)[:PANEL_SIZE]
    items = [
        Item(
            end.offering.title,
            _url("offerings:detail", tenant, offering_id=end.offering.pk),
            (_("Förderung endete am %(date)s") if end.has_ended else _("Förderung endet am %(date)s"))
            % {"date": _date(end.offering.funding_end)},
            _("beendet") if end.has_ended else "",
        )
        for end in ends
    ]
    return Panel(
        "foerderung",
        _("Förderung endet bald"),
        items,
        _("In den nächsten sechs Monaten endet keine Förderung."),
        _url("offerings:funding_ending", tenant),
        _("alle auslaufenden Förderungen anzeigen"),
    )


def _latest_import(tenant: Tenant) -> Panel:
    batch = ImportBatch.objects.for_tenant(tenant).order_by("-created_at", "-pk").first()
    items = []
    if batch is not None:
        items.append(
            Item(
                batch.file_name,
                _url("monitoring:import_batch", tenant, batch_id=batch.pk),
                _("%(source)s · %(date)s · Stand: %(status)s")
                % {
                    "source": batch.source,
                    "date": _date(batch.created_at),
                    "status": batch.get_status_display(),
                },
            )
        )
    return Panel(
        "import",
        _("Letzter Import"),
        items,
        _("Es wurde noch nichts importiert."),
        _url("monitoring:import", tenant),
        _("zu den Importen"),
    )


def _my_cases(tenant: Tenant, membership: Membership) -> Panel:
    """The case worker's own open cases by deadline (reference and stage; names only on the case page)."""
    from uebergang.cases.models import Case

    today = timezone.localdate()
    cases = (
        Case.objects.for_tenant(tenant)
        .open()
        .filter(lead_worker=membership.user)
        .only("number", "deadline", "status")
        .order_by("deadline", "number")[:PANEL_SIZE]
    )
    items = [
        Item(
            case.reference,
            _url("cases:detail", tenant, case_id=case.pk),
            _("%(status)s · Frist %(date)s")
            % {"status": case.get_status_display(), "date": _date(case.deadline)},
            _("Frist überschritten") if case.deadline < today else "",
        )
        for case in cases
    ]
    return Panel(
        "faelle",
        _("Meine Fälle nach Frist"),
        items,
        _("Sie führen keinen offenen Fall."),
        _url("cases:queue", tenant),
        _("zur Fallliste"),
    )


def _my_conference_steps(tenant: Tenant, membership: Membership) -> Panel:
    from uebergang.cases.conferences import open_steps_of

    today = timezone.localdate()
    steps = open_steps_of(tenant, membership.user, own_organisation_ids(membership))[:PANEL_SIZE]
    items = [
        Item(
            step.title,
            _url("cases:conference", tenant, conference_id=step.case_conference_id),
            _("Fallkonferenz %(ref)s") % {"ref": step.case_conference.case.reference}
            + (f" · {_('fällig am')} {_date(step.due_date)}" if step.due_date else ""),
            _("überfällig") if step.due_date and step.due_date < today else "",
        )
        for step in steps
    ]
    return Panel(
        "schritte",
        _("Schritte aus Fallkonferenzen"),
        items,
        _("Keine offenen Schritte aus Fallkonferenzen."),
        _url("cases:conferences", tenant),
        _("alle Fallkonferenzen"),
    )


def _clearing_figures(tenant: Tenant) -> Panel:
    """Open cases by deadline for coordinators and steering: counts only, small ones hidden (".")."""
    from uebergang.cases.figures import open_cases
    from uebergang.monitoring import protected

    line = open_cases(tenant, timezone.localdate(), protected.effective_threshold(tenant))[1]
    url = _url("cases:figures", tenant)
    items = [Item(cell.label, url, cell.display) for cell in [*line.cells, line.total]]
    return Panel(
        "verbleibsklaerung",
        _("Offene Fälle der Verbleibsklärung"),
        items,
        "",
        url,
        _("alle Zahlen der Verbleibsklärung"),
    )


def _quality(tenant: Tenant, membership: Membership) -> Panel:
    """Partners: self-evaluations to fill in and reports due; coordinators: reviews to rate or close."""
    from uebergang.quality import queries as quality
    from uebergang.quality.models import Review

    today = timezone.localdate()
    reviews = quality.visible_reviews(tenant, membership).exclude(status=Review.Status.COMPLETED)
    if membership.role == Membership.Role.PARTNER:
        reviews = reviews.filter(status=Review.Status.OPEN, kind=Review.Kind.SELF)
    items = [
        Item(
            f"{review.standard.title}: {review.subject_name}",
            _url("quality:review", tenant, quality_review_id=review.pk),
            f"{review.get_status_display()} · {_('fällig am')} {_date(review.due_on)}",
            _("überfällig") if review.status == Review.Status.OPEN and review.due_on < today else "",
        )
        for review in reviews.order_by("due_on", "pk")[:PANEL_SIZE]
    ]
    for period, offering in quality.reports_due(tenant, membership, today)[: PANEL_SIZE - len(items)]:
        items.append(
            Item(
                _("Bericht %(period)s: %(title)s") % {"period": period.title, "title": offering.title},
                _url("quality:report", tenant, period_id=period.pk, offering_id=offering.pk),
                f"{_('Abgabe bis')} {_date(period.due_on)}",
                _("überfällig") if period.due_on < today else "",
            )
        )
    return Panel(
        "qualitaet",
        _("Überprüfungen und Berichte"),
        items,
        _("Nichts zu bewerten oder zu berichten."),
        _url("quality:overview", tenant),
        _("Qualität und Wirkung"),
    )


def panels(tenant: Tenant, membership: Membership) -> list[Panel]:
    """The start page's lists for this person, in the order they appear."""
    user = membership.user
    result = [_tasks(tenant, membership), _meetings(tenant, membership)]
    if has_permission(user, tenant, "cases.view"):
        result.insert(0, _my_cases(tenant, membership))
    if has_permission(user, tenant, "conferences.take_part"):
        result.append(_my_conference_steps(tenant, membership))
    if has_permission(user, tenant, "cases.figures") and not has_permission(user, tenant, "cases.view"):
        result.append(_clearing_figures(tenant))
    if has_permission(user, tenant, "offerings.review"):
        result.append(_review(tenant))
    elif has_permission(user, tenant, "offerings.edit") and own_organisation_ids(membership):
        result.append(_own_stale_offerings(tenant, membership))
    if has_permission(user, tenant, "referrals.respond") and membership.organisation_id:
        result.append(_referrals_waiting(tenant, membership))
    if has_permission(user, tenant, "quality.report"):
        result.append(_quality(tenant, membership))
    if has_permission(user, tenant, "offerings.analyse"):
        result.append(_funding(tenant))
    if has_permission(user, tenant, "monitoring.manage"):
        result.append(_latest_import(tenant))
    return result


@dataclass
class Steering:
    headline: dict | None  # the latest leaving year's protected headline figures
    plan: WorkPlan | None
    progress: int | None
    counts: list[tuple[str, int]]  # (status label, number of measures), statuses with none left out


def steering(tenant: Tenant) -> Steering:
    """The latest cohort's headline figures (suppressed as on the dashboard) and the current plan."""
    rows = monitoring.headline(tenant)
    year = timezone.localdate().year
    plans = WorkPlan.objects.for_tenant(tenant)
    plan = plans.filter(year__lte=year).order_by("-year").first() or plans.order_by("year").first()
    progress, counts = None, []
    if plan is not None:
        tree, progress = planning.progress_tree(plan)
        labels = dict(Measure.Status.choices)
        counts = [(labels[status], n) for status, n in planning.measure_counts(tree).items() if n]
    return Steering(rows[-1] if rows else None, plan, progress, counts)
