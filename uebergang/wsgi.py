from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "uebergang.settings")
application = get_wsgi_application()

from uebergang.accounts.checks import refuse_placeholder_key  # noqa: E402 — needs the set-up Django

refuse_placeholder_key()
