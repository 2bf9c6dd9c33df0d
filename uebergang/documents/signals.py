"""A document row deleted (directly or with its owner) takes its file with it."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from .models import Document
from .storage import path_of


@receiver(post_delete, sender=Document)
def remove_file(sender, instance: Document, **kwargs) -> None:
    path = path_of(instance)
    transaction.on_commit(lambda: path.unlink(missing_ok=True))
