"""Read replica routing: dashboards and the public search read from a PostgreSQL streaming replica.

With `DATABASE_REPLICA_URL` set, the settings add the database alias `replica` (a hot standby of the
primary, kept by PostgreSQL's own replication — nothing here copies data). Most pages keep reading the
primary, so a person always sees what they have just saved. Only the views named in
`settings.REPLICA_READ_VIEWS` — read-only pages where a second of replication lag is harmless (the
monitoring dashboard and its exports, the public search and finder, the HSDS lists) — read from the
replica: `ReplicaMiddleware` marks the request, `ReplicaRouter` sends that request's reads there. Writes
always go to the primary, and the replica is never migrated (it is a copy). Without a replica, or for a
POST, nothing changes.
"""

from __future__ import annotations

from contextvars import ContextVar
from fnmatch import fnmatchcase

from django.conf import settings
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"

_reading_from_replica: ContextVar[bool] = ContextVar("reading_from_replica", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def reading_from_replica() -> bool:
    """Whether this request's reads go to the replica (which may lag behind the primary)."""
    return _reading_from_replica.get() and replica_configured()


def eligible(view_name: str | None) -> bool:
    """Whether a view reads from the replica (settings.REPLICA_READ_VIEWS, shell-style patterns)."""
    return bool(view_name) and any(fnmatchcase(view_name, pattern) for pattern in settings.REPLICA_READ_VIEWS)


class ReplicaRouter:
    """Reads of a marked request go to the replica; everything else to the primary."""

    def db_for_read(self, model, **hints) -> str | None:
        if _reading_from_replica.get() and replica_configured():
            return REPLICA
        return None

    def db_for_write(self, model, **hints) -> str:
        return "default"

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        # Both aliases hold the same data: objects read from either may be related.
        return True

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints) -> bool:
        return db != REPLICA


class ReplicaMiddleware:
    """Marks safe requests (GET/HEAD) to the views of REPLICA_READ_VIEWS for the replica."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            return self.get_response(request)
        finally:
            token = getattr(request, "_replica_token", None)
            if token is not None:  # set in process_view: a request never leaks the mark to the next
                _reading_from_replica.reset(token)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> None:
        match = request.resolver_match
        if request.method in ("GET", "HEAD") and replica_configured() and eligible(match and match.view_name):
            request._replica_token = _reading_from_replica.set(True)
