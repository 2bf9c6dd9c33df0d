from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from uebergang.audit.models import AuditEvent

from . import actions

# Seconds between two writes of the "last seen" stamp: the idle timeout is this precise. Within this
# interval of the idle limit every request writes it, so a timeout shorter than the interval stays an
# idle timeout and does not end an active session as an absolute one would.
LAST_SEEN_RESOLUTION = 60


class SessionTimeoutMiddleware:
    """Ends a session after SESSION_IDLE_TIMEOUT idle seconds or SESSION_ABSOLUTE_TIMEOUT after login."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            session = request.session
            auth_at = session.setdefault("auth_at", now)
            last_seen = session.setdefault("last_seen", now)
            if (
                now - last_seen > settings.SESSION_IDLE_TIMEOUT
                or now - auth_at > settings.SESSION_ABSOLUTE_TIMEOUT
            ):
                actions.log_out(request=request, action=AuditEvent.Action.SESSION_EXPIRED)
                messages.info(request, _("Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an."))
            elif (
                now - last_seen >= LAST_SEEN_RESOLUTION
                or settings.SESSION_IDLE_TIMEOUT - (now - last_seen) < LAST_SEEN_RESOLUTION
            ):
                session["last_seen"] = now
        return self.get_response(request)


class MfaEnforcementMiddleware:
    """Sends users whose role requires MFA to the enrolment page until they have set it up."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(self._allowed_prefixes())
            and not user.has_mfa
            and user.mfa_required()
        ):
            messages.warning(
                request,
                _(
                    "Für Ihre Rolle ist die Anmeldung mit zweitem Faktor Pflicht. Bitte richten Sie sie jetzt ein."
                ),
            )
            return redirect("accounts:mfa_setup")
        return self.get_response(request)

    @staticmethod
    def _allowed_prefixes() -> tuple[str, ...]:
        return (
            reverse("accounts:mfa_setup"),
            reverse("accounts:logout"),
            reverse("set_language"),
            settings.STATIC_URL,
        )
