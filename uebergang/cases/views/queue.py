"""The case worker's queue (their start page), the forms that open and edit a case, the Klärungsliste import."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from uebergang.accounts.permissions import permission_required
from uebergang.tenants.models import Tenant

from .. import actions, clearing_list, queries
from ..forms import CaseForm, ClearingListForm, QueueFilterForm
from ..models import CaseSettings

PAGE_SIZE = 50
# A name search is narrowed, not paged through: its matches are counted up to this many (at 100,000 cases
# a common name part matched thousands, and counting them all cost more than the page; bench/README.md).
SEARCH_COUNT_CAP = 1000


class SearchPaginator(Paginator):
    """Counts at most SEARCH_COUNT_CAP + 1 matches; `capped` says there are more than the cap."""

    @cached_property
    def count(self) -> int:
        return self.object_list[: SEARCH_COUNT_CAP + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > SEARCH_COUNT_CAP


@permission_required("cases.view")
def queue(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    form = QueueFilterForm(request.GET or None, tenant=tenant)
    today = timezone.localdate()
    filters = form.cleaned_data if form.is_valid() else {}
    cases = queries.queue(tenant, request.user, filters, today)
    paginator = SearchPaginator if filters.get("q") else Paginator
    page = paginator(cases, PAGE_SIZE).get_page(request.GET.get("seite"))
    query = request.GET.copy()
    query.pop("seite", None)
    view = filters.get("ansicht") or "meine"
    cases_path = reverse("cases:queue", kwargs={"tenant": tenant})
    return render(
        request,
        "cases/queue.html",
        {
            "tenant": tenant,
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "today": today,
            "count_cap": SEARCH_COUNT_CAP,
            "rows": queue_rows(page, today, cases_path),
            "view_label": QueueFilterForm.VIEWS[view],
            "views": [(key, label, key == view) for key, label in QueueFilterForm.VIEWS.items()],
        },
    )


def queue_rows(cases, today, cases_path: str) -> SafeString:
    """The rows of one queue page, written in Python: a template per cell of fifty rows was a third of
    the page's time (bench/cases_queue_bench.py)."""
    overdue = _("überschritten")

    def deadline(case) -> SafeString:
        day = date_format(case.deadline, "SHORT_DATE_FORMAT")
        if case.deadline < today and not case.is_closed:
            return format_html("<strong>{} ({})</strong>", day, overdue)
        return format_html("{}", day)

    def status(case) -> str:
        text = case.get_status_display()
        return f"{text}: {case.get_outcome_display()}" if case.outcome else text

    def worker(case) -> SafeString:
        team = format_html(' <span class="meta">({})</span>', case.team.name) if case.team_id else ""
        return format_html("{}{}", case.lead_worker or "–", team)

    return format_html_join(
        "\n",
        '<tr><td>{}</td><td><a href="{}{}/">{}</a></td><td>{}, {}</td><td>{}{}</td><td>{}</td><td>{}</td>'
        "<td>{}</td></tr>",
        (
            (
                deadline(case),
                cases_path,
                case.pk,
                case.reference,
                case.last_name,
                case.first_name,
                case.school.name if case.school_id else "–",
                f", {case.school_class}" if case.school_class else "",
                case.region.name if case.region_id else "–",
                status(case),
                worker(case),
            )
            for case in cases
        ),
    )


@permission_required("cases.work")
def case_create(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    form = CaseForm(request.POST or None, tenant=tenant, initial={"lead_worker": request.user})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "pupil_id"}
        try:
            case = actions.open_case(
                tenant=tenant,
                actor=request.user,
                data=data,
                pupil_id=form.cleaned_data["pupil_id"],
                request=request,
            )
        except actions.CaseError as error:
            form.add_error("pupil_id", str(error))
        else:
            messages.success(request, _("Der Fall %(ref)s ist angelegt.") % {"ref": case.reference})
            return redirect("cases:detail", tenant=tenant, case_id=case.pk)
    return render(
        request,
        "cases/form.html",
        {"tenant": tenant, "form": form, "title": _("Fall anlegen"), "submit": _("Fall anlegen")},
    )


@permission_required("cases.work")
def case_edit(request: HttpRequest, tenant: Tenant, case_id: int) -> HttpResponse:
    case = queries.case_for(tenant, case_id)
    form = CaseForm(request.POST or None, instance=case, tenant=tenant)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_case(
                case=form.instance, actor=request.user, changed=form.changed_data, request=request
            )
        except actions.CaseError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Die Angaben sind gespeichert."))
            return redirect("cases:detail", tenant=tenant, case_id=case.pk)
    elif request.method == "GET":
        actions.record_read(case=case, actor=request.user, request=request, what="edit")
    return render(
        request,
        "cases/form.html",
        {
            "tenant": tenant,
            "case": case,
            "form": form,
            "title": _("Fall %(ref)s bearbeiten") % {"ref": case.reference},
            "submit": _("Speichern"),
        },
    )


@permission_required("cases.work")
def clearing_list_import(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    """Import a Klärungsliste: only with the municipality's recorded legal basis; all rows or none."""
    settings = CaseSettings.of(tenant)
    allowed = bool(settings.import_legal_reference.strip())
    form = ClearingListForm(request.POST or None, request.FILES or None, tenant=tenant)
    report = None
    if request.method == "POST" and allowed and form.is_valid():
        upload = form.cleaned_data["file"]
        report = clearing_list.check(tenant, upload.read(), upload.name)
        if report.all_valid:
            try:
                cases = clearing_list.import_cases(
                    tenant=tenant,
                    actor=request.user,
                    report=report,
                    team=form.cleaned_data["team"],
                    request=request,
                )
            except actions.CaseError as error:
                report.file_problem = str(error)
            else:
                messages.success(
                    request, _("%(n)s Fälle aus der Klärungsliste sind angelegt.") % {"n": len(cases)}
                )
                return redirect(f"{reverse('cases:queue', kwargs={'tenant': tenant})}?ansicht=alle")
    return render(
        request,
        "cases/clearing_list.html",
        {"tenant": tenant, "form": form, "report": report, "settings": settings, "allowed": allowed},
    )
