"""The sign-in backend: Django's model backend, loading the signed-in person with what every request asks.

Every request of a signed-in person loads the user from the session, and the MFA middleware then asks
whether a confirmed authenticator exists. Both come from one query here — the user row with
`mfa_confirmed` annotated, which `User.has_mfa` reads while it is there — and the result is kept in the
process while the content version holds (`uebergang.lib.kept`): a deactivated account, a new password
or a removed authenticator is a write, and the next request loads the person afresh.
"""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.db.models import Exists, OuterRef

from uebergang.lib.kept import kept

from .models import TotpDevice, User


class Backend(ModelBackend):
    def get_user(self, user_id):
        user = kept(("user", user_id), lambda: _load(user_id))
        return user if user is not None and self.user_can_authenticate(user) else None


def _load(user_id) -> User | None:
    confirmed = TotpDevice.objects.filter(user=OuterRef("pk"), confirmed_at__isnull=False)
    return User._default_manager.annotate(mfa_confirmed=Exists(confirmed)).filter(pk=user_id).first()
