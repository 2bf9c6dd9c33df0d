"""Public pages and the heavy parts of workspace pages from the cache, retired exactly when data changes.

Public pages (the landing page, a municipality's page, the catalogue search, an offering, the finder,
the HSDS API, the legal pages …) are the same for every anonymous visitor. `PublicPageCacheMiddleware`
keeps their answers in the shared cache, keyed by

- the **content version**: one token for the whole installation (a file in SHARED_FILES_DIR), replaced
  at every write to a table of content (any table but the bookkeeping of sessions, sign-ins, the audit
  trail and the task queue) and again when its transaction commits. Every statement Django sends passes
  `track_writes` (a database execute wrapper), so ORM saves, bulk updates and raw SQL alike retire the
  cached pages; the one write outside Django's cursors, the monitoring import's binary `COPY`, calls
  `written()`.
- the hour (pages show what runs today and the next meeting), the language, the host and the full path
  with its query.

Only GET/HEAD requests without a session (so never a signed-in person's, never one with a message
waiting) for routes named in `CACHED_ROUTES` are served from the cache; a response is stored only when
it is a 200 that used neither a CSRF token nor the session nor set a cookie, so nothing of one visitor
reaches another. Public pages therefore carry no CSRF token: the language switch and "Fehler melden"
(an anonymous, rate-limited message) do without one.

Nothing read from a read replica is stored: a replica that lags behind a write would put the old data
under the new version. (With a replica, its views are served by the replica instead of the cache.)

Signed-in pages keep their frame (header, CSRF tokens, messages) fresh and take only their expensive main
part from the cache (`fragment`), keyed by person and membership as well.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.safestring import mark_safe

from . import replica

PAGE_SECONDS = 24 * 3600

# Tables whose writes change no public page and nothing kept in a process (lib/kept.py): sessions,
# sign-in bookkeeping, the audit trail, the queue. (Authenticators are not among them: whether a person
# has one is kept with the person.)
BOOKKEEPING = frozenset(
    {
        "django_session",
        "django_admin_log",
        "django_tasks_database_dbtaskresult",
        "accounts_loginthrottle",
        "accounts_passwordresetrequest",
        "accounts_recoverycode",
        "api_apitoken",
        "audit_auditevent",
        "notifications_pending",
        "uebergang_cache",  # the database cache of several hosts (settings.CACHES)
    }
)

# Route names (namespace:name) whose anonymous answers are kept; True where the page also depends on
# the Referer (an offering's "Zurück zu den Ergebnissen" leads back to the search the visitor came from).
CACHED_ROUTES = {
    "tenants:landing": False,
    "tenants:home": False,
    "offerings:public_search": False,
    "offerings:public_detail": True,
    "offerings:finder": False,
    "association:public_library": False,
    "association:public_practice": False,
    "legal:impressum": False,
    "legal:datenschutz": False,
    "legal:barrierefreiheit": False,
    "legal:installation_impressum": False,
    "legal:installation_datenschutz": False,
    "legal:installation_barrierefreiheit": False,
}
CACHED_NAMESPACES = frozenset({"api-hsds"})

_WRITE = re.compile(
    r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?|REPLACE\s+INTO)\s+"?(\w+)"?',
    re.IGNORECASE,
)


def _hour() -> str:
    """Pages say what runs today and which meeting comes next: no entry outlives the hour it was made in."""
    return timezone.localtime().strftime("%Y-%m-%dT%H")


def _version_file() -> Path:
    return Path(settings.SHARED_FILES_DIR) / "content-version"


def content_version() -> str:
    try:
        version = _version_file().read_text()
    except OSError:
        version = ""
    if not version:
        _handles.pop(str(_version_file()), None)  # removed under us: start a new file
        changed()
        version = _version_file().read_text()
    return version


# Path of the version file → a descriptor this process keeps open to write the next token.
_handles: dict[str, int] = {}


def changed() -> None:
    """Retire every cached page: a new token, so no older entry is ever read again.

    The token is a small file beside the uploads (SHARED_FILES_DIR, which every app host and the worker
    share), overwritten in place with one write of 32 bytes — about as cheap as a write can be, since it
    happens once per written statement (a cache entry would cost 5 ms in the file cache, which lists its
    folder on every set). A reader that met a half-written token only misses the cache.
    """
    path = str(_version_file())
    handle = _handles.get(path)
    if handle is None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        handle = _handles[path] = os.open(path, os.O_RDWR | os.O_CREAT, 0o640)
    os.pwrite(handle, uuid.uuid4().hex.encode(), 0)


def track_writes(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    match = _WRITE.match(sql) if isinstance(sql, str) else None
    if match and match.group(1).lower() not in BOOKKEEPING:
        written(context["connection"])
    return result


def written(connection) -> None:
    """Content was written on `connection`: retire the cached pages now and, in a transaction, once more
    when it commits (a page rendered meanwhile from the data before the commit is retired with it)."""
    changed()
    if connection.in_atomic_block and not any(
        callback is changed for _, callback, _ in connection.run_on_commit
    ):
        transaction.on_commit(changed, using=connection.alias)


def install(sender, connection, **kwargs) -> None:
    """`connection_created` receiver: every connection reports its writes."""
    if track_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(track_writes)


def fragment(request: HttpRequest, name: str, render: Callable[[], str]) -> str:
    """The rendered main part of a signed-in page, from the cache while the content version holds.

    Keyed by the person and their membership (so by municipality and role), the full path with its
    query, the language and the hour: one person's figures never reach another, whatever the rules
    beyond roles (a partner's own school) make of them. `render` runs only on a miss.
    """
    membership = getattr(request, "membership", None)
    who = f"{request.user.pk}:{getattr(membership, 'pk', '')}:{getattr(membership, 'role', '')}"
    key = _key("fragment", request, name, who)
    html = _nearby_get(key)
    if html is None:
        html = cache.get(key)
        if html is not None:
            _keep_nearby(key, html)
    if html is None:
        # A part that used the CSRF token is not kept: the token would outlive the person's next login.
        earlier = request.META.pop("CSRF_COOKIE_NEEDS_UPDATE", None)
        html = str(render())
        used_token = request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        if earlier and not used_token:
            request.META["CSRF_COOKIE_NEEDS_UPDATE"] = earlier
        if not used_token and not replica.reading_from_replica():
            cache.set(key, html, PAGE_SECONDS)
            _keep_nearby(key, html)
    return mark_safe(html)  # noqa: S308 - our own template's output, stored as rendered


# The fragments this process served last, by their key (which holds the content version and the hour, so
# an entry is never stale, only unused): a hit needs no file read, no decompression, no unpickling — a
# dashboard's main part is 200 KB. The least recently used go first past NEARBY_CHARACTERS.
NEARBY_CHARACTERS = 32 * 1024 * 1024
_nearby: OrderedDict[str, str] = OrderedDict()
_nearby_size = 0
_nearby_lock = threading.Lock()


def _nearby_get(key: str) -> str | None:
    with _nearby_lock:
        html = _nearby.get(key)
        if html is not None:
            _nearby.move_to_end(key)
        return html


def _keep_nearby(key: str, html: str) -> None:
    global _nearby_size
    with _nearby_lock:
        _nearby_size -= len(_nearby.pop(key, ""))
        _nearby[key] = html
        _nearby_size += len(html)
        while _nearby_size > NEARBY_CHARACTERS:
            _nearby_size -= len(_nearby.popitem(last=False)[1])


def _cacheable(request: HttpRequest) -> bool:
    """An anonymous visitor without a session (so without messages) asking for a cached route."""
    match = request.resolver_match
    if request.method not in ("GET", "HEAD") or match is None:
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return False
    return match.view_name in CACHED_ROUTES or bool(set(match.namespaces) & CACHED_NAMESPACES)


def _key(kind: str, request: HttpRequest, *parts: str) -> str:
    """`kind`, the content version, the hour, the language and a digest of host, full path and `parts`."""
    place = "\n".join([request.get_host(), request.get_full_path(), *parts])
    digest = hashlib.sha256(place.encode()).hexdigest()
    language = getattr(request, "LANGUAGE_CODE", "")
    return f"{kind}:{content_version()}:{_hour()}:{language}:{digest}"


class PublicPageCacheMiddleware:
    """The innermost middleware: answers a cached public page before its view runs."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        key = getattr(request, "_page_cache_key", None)
        if key and request.method == "GET" and self._storable(request, response):
            cache.set(key, (response.content, list(response.items())), PAGE_SECONDS)
        return response

    @staticmethod
    def _storable(request: HttpRequest, response: HttpResponse) -> bool:
        session = getattr(request, "session", None)
        return (
            not replica.reading_from_replica()
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not (
                session is not None and (session.modified or (session.accessed and not session.is_empty()))
            )
        )

    def process_view(self, request: HttpRequest, view, args, kwargs):
        if not _cacheable(request):
            return None
        referer = (
            request.META.get("HTTP_REFERER", "")
            if CACHED_ROUTES.get(request.resolver_match.view_name)
            else ""
        )
        key = _key("page", request, referer)
        hit = cache.get(key)
        if hit is None:
            request._page_cache_key = key
            return None
        content, headers = hit
        response = HttpResponse(content)
        for name, value in headers:
            response[name] = value
        return response
