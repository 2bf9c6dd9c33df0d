"""The secret key that signs sessions, password-reset links and CSRF tokens must not be the placeholder.

The placeholder in settings.py is long enough for Django's own deploy check, so without this a
production installation that forgot SECRET_KEY would start and sign with a key anyone can read in
the repository. With DEBUG off the WSGI and ASGI entry points refuse to start (`refuse_placeholder_key`)
and `manage.py check --deploy` reports an error; tests and `make demo` (DEBUG=1) keep the placeholder.
"""

from __future__ import annotations

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

MESSAGE = "SECRET_KEY is not set: the placeholder from settings.py must not sign sessions in production."
HINT = (
    "Set the environment variable SECRET_KEY to a long random value (README, 'Betrieb'), or DEBUG=1 locally."
)


def uses_placeholder_key() -> bool:
    return not settings.DEBUG and settings.SECRET_KEY == settings.PLACEHOLDER_SECRET_KEY


def refuse_placeholder_key() -> None:
    """Called by uebergang/wsgi.py and asgi.py once Django is set up."""
    if uses_placeholder_key():
        raise ImproperlyConfigured(f"{MESSAGE} {HINT}")


@checks.register(checks.Tags.security, deploy=True)
def check_secret_key(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    if uses_placeholder_key():
        return [checks.Error(MESSAGE, hint=HINT, id="uebergang.E001")]
    return []
