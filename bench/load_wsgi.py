"""The WSGI application of the load benchmark: the product's own, with the bare baseline view added.

`bench/load_bench.py` starts gunicorn on this module, so the baseline `/bench/bare/` runs in the same
server, workers, middleware and template engine as the pages it is set beside.
"""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "uebergang.settings")

import django
from django.conf import settings

django.setup()
settings.ROOT_URLCONF = "bench.bare_view"

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
