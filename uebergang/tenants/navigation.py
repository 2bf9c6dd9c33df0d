"""The workspace navigation: the sections a role may open, each link built once per process.

Every workspace page shows it, so its links are reversed and translated once per municipality, role,
language and script prefix and kept; a request only marks the section it is in (`aria-current`).
The permission of each entry is the same rule as the view's `permission_required`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.http import HttpRequest
from django.urls import get_script_prefix, reverse
from django.utils import translation
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from uebergang.accounts.permissions import memberships_of, roles_with


@dataclass(frozen=True)
class Entry:
    view_name: str
    label: str
    permission: str | None = None  # None: every member
    current_when: str = "view_name"  # which part of the resolved URL marks this entry as current …
    current_is: str = ""  # … and its value (default: the entry's own view name)


ENTRIES = (
    Entry("tenants:workspace", _("Übersicht")),
    Entry("cases:queue", _("Fälle"), "cases.view"),
    Entry("cases:provider_inbox", _("Überleitungen"), "referrals.respond"),
    Entry("cases:figures", _("Verbleibsklärung in Zahlen"), "cases.figures"),
    Entry("cases:conferences", _("Fallkonferenzen"), "conferences.take_part"),
    Entry("network:network", _("Netzwerk"), "network.view"),
    Entry("network:body_list", _("Gremien"), "network.view"),
    Entry("network:meeting_list", _("Sitzungen"), "network.view"),
    Entry("network:actors", _("Akteure"), "network.view"),
    Entry("network:my_tasks", _("Meine Aufgaben"), "network.view"),
    Entry("network:overdue_tasks", _("Überfällig"), "network.view"),
    Entry("network:calendar_feeds", _("Kalender"), "network.view"),
    Entry("offerings:list", _("Angebote"), "offerings.view"),
    Entry("monitoring:dashboard", _("Monitoring"), "monitoring.view"),
    Entry("monitoring:import", _("Importe"), "monitoring.manage"),
    Entry("planning:plans", _("Arbeitsplan"), "planning.view", "app_name", "planning"),
    Entry("quality:overview", _("Qualität"), "quality.view", "app_name", "quality"),
    Entry("association:member_library", _("Praxisbeispiele"), "practices.read", "app_name", "association"),
    Entry("accounts:team", _("Team"), "members.view", "url_name", "team"),
    Entry("audit:trail", _("Protokoll"), "audit.view"),
    Entry("tenants:edit", _("Porträt"), "tenant.edit"),
)


CURRENT = ' aria-current="page"'


def links(request: HttpRequest) -> SafeString:
    """The `<li>` entries of the workspace navigation for the request's tenant and membership."""
    membership = getattr(request, "membership", None)
    role = membership.role if membership is not None else None
    entries = _entries(request.tenant.slug, role, translation.get_language(), get_script_prefix())
    match = request.resolver_match
    html = []
    for href, label, current_when, current_is in entries:
        current = match is not None and getattr(match, current_when) == current_is
        html.append(f'<li><a href="{href}"{CURRENT if current else ""}>{label}</a></li>')
    return mark_safe("\n    ".join(html))  # noqa: S308 - reversed URLs and escaped labels


@lru_cache(maxsize=1024)
def _entries(
    slug: str, role: str | None, language: str, prefix: str
) -> tuple[tuple[str, str, str, str], ...]:
    return tuple(
        (
            escape(reverse(entry.view_name, kwargs={"tenant": slug})),
            escape(entry.label),
            entry.current_when,
            entry.current_is or entry.view_name,
        )
        for entry in ENTRIES
        if entry.permission is None or role in roles_with(entry.permission)
    )


def acting_as(request: HttpRequest, csrf_token) -> SafeString:
    """The header's working context: for whom and as what the person acts, and a switch to their other
    memberships (a form; `csrf_token(request)` gives its token)."""
    membership, tenant = getattr(request, "membership", None), getattr(request, "tenant", None)
    if membership is not None:
        text = gettext("Sie handeln für <strong>%(tenant)s</strong> als <strong>%(role)s</strong>.") % {
            "tenant": escape(membership.tenant.name if membership.tenant_id else gettext("Verbund")),
            "role": escape(membership.get_role_display()),
        }
    elif tenant is not None:
        text = gettext("Sie haben in <strong>%(tenant)s</strong> keine Rolle.") % {
            "tenant": escape(tenant.name)
        }
    else:
        text = gettext("Angemeldet als %(email)s.") % {"email": escape(request.user.email)}
    html = [
        format_html('<div class="acting-as" aria-label="{}" role="region">', gettext("Arbeitskontext")),
        f"\n  <p>\n    {text}\n  </p>\n",
    ]
    memberships = memberships_of(request.user)
    if len(memberships) > 1:
        options = []
        for other in memberships:
            if other.tenant_id is None:
                value, name = "verbund", gettext("Verbund")
            else:
                value, name = other.tenant.slug, other.tenant.name
            selected = " selected" if tenant is not None and other.tenant_id == tenant.pk else ""
            options.append(
                format_html(
                    '<option value="{}"{}>{} – {}</option>', value, selected, name, other.get_role_display()
                )
            )
        html.append(
            format_html(
                # Blanks between the parts, as in a template: where a narrow screen may break the line.
                '  <form class="inline-form" action="{}" method="post">\n'
                '    <input type="hidden" name="csrfmiddlewaretoken" value="{}">\n'
                '    <label for="tenant-switch">{}</label>\n'
                '    <select id="tenant-switch" name="tenant">{}</select>\n'
                '    <button type="submit" class="button-small">{}</button>\n'
                "  </form>\n",
                reverse("accounts:switch"),
                csrf_token(request),
                gettext("Wechseln zu"),
                mark_safe("".join(options)),  # noqa: S308 - built by format_html above
                gettext("Wechseln"),
            )
        )
    html.append("</div>")
    return mark_safe("".join(html))  # noqa: S308 - escaped above
