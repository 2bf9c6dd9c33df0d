"""The sign-in backend: Django's model backend, loading the signed-in person with what every request asks.

Every request of a signed-in person loads the user from the session, and the MFA middleware then asks
whether a confirmed authenticator exists. Both come from one query here: the user row with
`mfa_confirmed` annotated, which `User.has_mfa` reads while it is there.
"""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.db.models import Exists, OuterRef

from .models import TotpDevice, User


class Backend(ModelBackend):
    def get_user(self, user_id):
        confirmed = TotpDevice.objects.filter(user=OuterRef("pk"), confirmed_at__isnull=False)
        try:
            user = User._default_manager.annotate(mfa_confirmed=Exists(confirmed)).get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
