"""Calendar feeds: a page to manage one's secret feed addresses, and the feeds themselves."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST, require_safe

from uebergang.accounts.permissions import has_permission, membership_for, permission_required
from uebergang.tenants.models import Tenant

from .. import ical
from ..actions import calendar as actions
from ..models import CalendarFeed


class CalendarFeedForm(forms.Form):
    body = forms.ModelChoiceField(
        label=gettext_lazy("Inhalt"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("Mein Kalender: Sitzungen meiner Gremien und meine Aufgaben"),
        error_messages={
            "invalid_choice": gettext_lazy("Dieses Gremium gibt es nicht oder Sie dürfen es nicht sehen."),
        },
    )

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies
        self.fields["body"].label_from_instance = lambda body: _("Sitzungen: %(body)s") % {"body": body.name}


def _my_feeds(request: HttpRequest, tenant: Tenant):
    return (
        CalendarFeed.objects.for_tenant(tenant)
        .filter(user=request.user, revoked_at__isnull=True)
        .select_related("body")
        .order_by("-created_at", "-pk")
    )


def _subscribe_urls(request: HttpRequest, tenant: Tenant, feed: CalendarFeed) -> tuple[str, str]:
    url = request.build_absolute_uri(
        reverse("network:calendar_feed", kwargs={"tenant": tenant, "token": feed.token})
    )
    return url, "webcal://" + url.split("://", 1)[1]


def _feeds_page(
    request: HttpRequest, tenant: Tenant, form: CalendarFeedForm, status: int = 200
) -> HttpResponse:
    feeds = [(feed, *_subscribe_urls(request, tenant, feed)) for feed in _my_feeds(request, tenant)]
    return render(
        request,
        "network/calendar/feeds.html",
        {
            "tenant": tenant,
            "feeds": feeds,
            "form": form,
            "has_organisation": request.membership.organisation_id,
        },
        status=status,
    )


@permission_required("network.view")
@require_GET
def calendar_feeds(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    form = CalendarFeedForm(bodies=ical.visible_bodies(tenant, request.membership))
    return _feeds_page(request, tenant, form)


@permission_required("network.view")
@require_POST
def calendar_feed_create(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    form = CalendarFeedForm(request.POST, bodies=ical.visible_bodies(tenant, request.membership))
    if not form.is_valid():
        return _feeds_page(request, tenant, form, status=400)
    body = form.cleaned_data["body"]
    actions.create_calendar_feed(request=request, tenant=tenant, user=request.user, body=body)
    messages.success(
        request,
        _(
            "Das Kalender-Abonnement für %(body)s ist angelegt. Tragen Sie die Adresse in Ihr Kalenderprogramm ein."
        )
        % {"body": body.name if body else _("Ihren persönlichen Kalender")},
    )
    return redirect("network:calendar_feeds", tenant=tenant)


@permission_required("network.view")
@require_POST
def calendar_feed_revoke(request: HttpRequest, tenant: Tenant, token: str) -> HttpResponse:
    feed = get_object_or_404(_my_feeds(request, tenant), token=token)
    actions.revoke_calendar_feed(request=request, tenant=tenant, feed=feed)
    messages.success(
        request, _("Das Kalender-Abonnement ist widerrufen; seine Adresse funktioniert nicht mehr.")
    )
    return redirect("network:calendar_feeds", tenant=tenant)


def _page_url(request: HttpRequest, name: str, **kwargs) -> str:
    return request.build_absolute_uri(reverse(name, kwargs=kwargs))


@require_safe
def calendar_feed(request: HttpRequest, tenant: Tenant, token: str) -> HttpResponse:
    """The feed for calendar programs: no login, the secret token in the address is the credential."""
    feed = (
        CalendarFeed.objects.for_tenant(tenant)
        .filter(token=token, revoked_at__isnull=True, user__is_active=True)
        .select_related("tenant", "user", "body")
        .first()
    )
    if feed is None or not has_permission(feed.user, tenant, "network.view"):
        raise Http404
    contents = ical.feed_contents(feed, membership_for(feed.user, tenant))
    if contents is None:
        raise Http404
    document = ical.calendar_document(
        contents,
        host=request.get_host().split(":", 1)[0],
        meeting_url=lambda meeting: _page_url(
            request, "network:meeting_detail", tenant=tenant, meeting_id=meeting.pk
        ),
        task_url=lambda task: _page_url(request, "network:task_detail", tenant=tenant, task_id=task.pk),
    )
    response = HttpResponse(document, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="kalender.ics"'
    response["Cache-Control"] = "private, max-age=300"
    # The address is the credential: it must not travel on as a referrer.
    response["Referrer-Policy"] = "no-referrer"
    return response
