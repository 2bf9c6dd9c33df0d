"""Which objects carry documents, and who may read them or add to them — told by the owning apps.

Each owning app registers its model in its AppConfig.ready() with two queries in its own permission
terms: the owners this person may read (their documents too) and those this person may add documents
to. The documents app serves every document through these, so it never decides access itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Model, QuerySet

Query = Callable[..., QuerySet]  # (tenant, membership) → owners


@dataclass(frozen=True)
class Owner:
    key: str  # in the upload URL, e.g. "sitzung"
    model: type[Model]
    readable: Query
    uploadable: Query
    page: Callable[[Model], str]  # the owner's page, where its documents are listed


OWNERS: dict[str, Owner] = {}


def register(owner: Owner) -> None:
    OWNERS[owner.key] = owner


def for_model(model: type[Model]) -> Owner | None:
    return next((owner for owner in OWNERS.values() if owner.model is model), None)
