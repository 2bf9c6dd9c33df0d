"""The shared test cast: tenant A with one person per role, tenant B, an association member, an outsider.

Plain `create_*` helpers; every view test uses the cast to prove that tenant B and the outsider
are refused.
"""

from __future__ import annotations

from .base import *  # noqa: F403
from .cast import *  # noqa: F403
from .objects import *  # noqa: F403
from .steering import *  # noqa: F403
