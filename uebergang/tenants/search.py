"""One search across the workspace: organisations and their contact persons, bodies, meetings (title,
agenda and — where the person may read them — minutes), decisions (also by number, "SG-2026-03"), tasks
and offerings, grouped by kind.

German as in the catalogue: query and texts are folded and stemmed with `offerings.german`, and every
word of the query must begin a word of the hit ("Ausbildungsplätze" finds "Ausbildungsplatz"). A
municipality's workspace holds hundreds to a few thousand such rows, so they are matched here rather
than in a database index, the same on SQLite and PostgreSQL. What a person may see decides what is
searched: the same rules as the pages the hits link to.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _

from uebergang.accounts.models import Membership
from uebergang.accounts.permissions import bodies_with_internal_access, has_permission
from uebergang.network.models import AgendaItem, Body, Contact, Decision, Meeting, Organisation, Task
from uebergang.offerings.german import fold, stem, words
from uebergang.offerings.queries import visible_offerings

from .models import Tenant

LIMIT = 20  # hits shown per kind
REFERENCE = re.compile(r"^\s*([A-Za-z0-9ÄÖÜäöü]+)-(\d{4})-(\d{1,3})\s*$")


@dataclass
class Hit:
    label: str
    url: str
    meta: str = ""


@dataclass
class Group:
    key: str
    title: str
    hits: list[Hit] = field(default_factory=list)
    more: bool = False  # more than LIMIT matched


def _stems(text: str) -> list[str]:
    return [stem(word) for word in words(fold(text))]


def _matches(terms: list[str], *texts: str) -> bool:
    found = [s for text in texts if text for s in _stems(text)]
    return all(any(candidate.startswith(term) for candidate in found) for term in terms)


def _group(key: str, title: str, hits: Iterable[Hit]) -> Group:
    hits = list(hits)
    return Group(key, title, hits[:LIMIT], len(hits) > LIMIT)


def search(tenant: Tenant, membership: Membership, text: str) -> list[Group]:
    terms = _stems(text)
    if not terms:
        return []
    user = membership.user
    groups: list[Group] = []
    if has_permission(user, tenant, "network.view"):
        groups += _network(tenant, membership, text, terms)
    if has_permission(user, tenant, "offerings.view"):
        offerings = visible_offerings(tenant, membership).only("pk", "title", "short_description", "status")
        groups.append(
            _group(
                "angebote",
                _("Angebote"),
                (
                    Hit(
                        o.title,
                        reverse("offerings:detail", kwargs={"tenant": tenant, "offering_id": o.pk}),
                        o.get_status_display(),
                    )
                    for o in offerings.order_by("title", "pk")
                    if _matches(terms, o.title, o.short_description)
                ),
            )
        )
    return [group for group in groups if group.hits]


def _network(tenant: Tenant, membership: Membership, text: str, terms: list[str]) -> list[Group]:
    def url(name: str, **kwargs) -> str:
        return reverse(f"network:{name}", kwargs={"tenant": tenant, **kwargs})

    organisations = Organisation.objects.for_tenant(tenant).only("pk", "name", "short_name", "city", "kind")
    contacts = Contact.objects.for_tenant(tenant).select_related("organisation")
    bodies = Body.objects.for_tenant(tenant).only("pk", "name", "code", "mandate")
    readable_minutes = set(bodies_with_internal_access(tenant, membership).values_list("pk", flat=True))
    meetings = (
        Meeting.objects.for_tenant(tenant)
        .select_related("body")
        .prefetch_related(Prefetch("agenda", queryset=AgendaItem.objects.only("meeting_id", "title")))
        .order_by("-starts_at", "-pk")
    )
    decisions = (
        Decision.objects.for_tenant(tenant).select_related("body", "meeting").order_by("-year", "-number")
    )
    reference = REFERENCE.match(text)
    if reference:
        code, year, number = reference.group(1).upper(), int(reference.group(2)), int(reference.group(3))
        found_decisions = [
            d for d in decisions if d.body.code.upper() == code and d.year == year and d.number == number
        ]
    else:
        found_decisions = [d for d in decisions if _matches(terms, d.text, d.reference)]
    tasks = Task.objects.for_tenant(tenant).select_related("body").order_by("due_date", "pk")
    return [
        _group(
            "akteure",
            _("Akteure"),
            (
                Hit(o.name, url("actor_detail", organisation_id=o.pk), o.get_kind_display())
                for o in organisations.order_by("name", "pk")
                if _matches(terms, o.name, o.short_name, o.city)
            ),
        ),
        _group(
            "personen",
            _("Ansprechpersonen"),
            (
                Hit(
                    c.name,
                    url("actor_detail", organisation_id=c.organisation_id),
                    f"{c.function} · {c.organisation.name}".strip(" ·"),
                )
                for c in contacts.order_by("name", "pk")
                if _matches(terms, c.name, c.function)
            ),
        ),
        _group(
            "gremien",
            _("Gremien"),
            (
                Hit(b.name, url("body_detail", body_id=b.pk), b.code)
                for b in bodies.order_by("name", "pk")
                if _matches(terms, b.name, b.code, b.mandate)
            ),
        ),
        _group(
            "sitzungen",
            _("Sitzungen"),
            (
                Hit(str(m), url("meeting_detail", meeting_id=m.pk), m.body.name)
                for m in meetings
                if _matches(
                    terms,
                    m.title,
                    m.body.name,
                    " ".join(item.title for item in m.agenda.all()),
                    m.minutes if m.body_id in readable_minutes else "",
                )
            ),
        ),
        _group(
            "beschluesse",
            _("Beschlüsse"),
            (
                Hit(
                    f"{d.reference}: {d.text[:120]}",
                    url("meeting_detail", meeting_id=d.meeting_id),
                    d.get_status_display(),
                )
                for d in found_decisions
            ),
        ),
        _group(
            "aufgaben",
            _("Aufgaben"),
            (
                Hit(t.title, url("task_detail", task_id=t.pk), f"{t.body.name} · {t.get_status_display()}")
                for t in tasks
                if _matches(terms, t.title, t.description)
            ),
        ),
    ]
