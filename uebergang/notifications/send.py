"""`notify(user, subject, text, path)`: tell someone about something assigned to them, as they chose.

At once: one mail, sent by the task worker. Daily: kept for `manage.py send_digest`, which the daily
timer runs (README, production). Off: nothing. Mail goes through Django's mail framework.
"""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from .models import Pending, Preference


def mode_of(user, kind: str | None = None) -> str:
    preference = Preference.objects.filter(user=user).first()
    return preference.mode_for(kind) if preference else Preference.Mode.IMMEDIATE


def notify(user, subject: str, text: str, path: str, *, kind: str | None = None) -> None:
    """`kind` (one of Preference.KINDS) lets the person choose per kind; without it their default holds."""
    if user is None or not user.is_active or not user.email:
        return
    mode = mode_of(user, kind)
    if mode == Preference.Mode.OFF:
        return
    if mode == Preference.Mode.DAILY:
        Pending.objects.create(user=user, subject=subject, text=text, url=path)
        return
    send_now.enqueue(user.pk, subject, text, path)


def _link(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _footer() -> str:
    return _("Wie Sie benachrichtigt werden, legen Sie in Ihrem Konto fest: %(url)s") % {
        "url": _link("/konto/benachrichtigungen/")
    }


@task()
def send_now(user_id: int, subject: str, text: str, path: str) -> int:
    from uebergang.accounts.models import User

    user = User.objects.get(pk=user_id)
    body = f"{text}\n\n{_link(path)}\n\n{_footer()}"
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]).send()


@transaction.atomic
def send_digest() -> int:
    """One mail per person with everything that waits for them; returns the number of mails."""
    waiting = Pending.objects.select_for_update().filter(sent_at__isnull=True).select_related("user")
    by_user = defaultdict(list)
    for item in waiting.order_by("created_at", "pk"):
        by_user[item.user].append(item)
    messages = []
    for user, items in by_user.items():
        if not user.is_active or not user.email or mode_of(user) == Preference.Mode.OFF:
            continue
        lines = [_("Ihre Benachrichtigungen seit der letzten Zusammenfassung:"), ""]
        for item in items:
            lines += [f"– {item.subject}", f"  {item.text}", f"  {_link(item.url)}", ""]
        lines.append(_footer())
        subject = _("Übergang: %(n)s neue Benachrichtigungen") % {"n": len(items)}
        messages.append(EmailMessage(subject, "\n".join(lines), settings.DEFAULT_FROM_EMAIL, [user.email]))
    sent = 0
    if messages:
        with get_connection() as connection:
            sent = connection.send_messages(messages)
    waiting.update(sent_at=timezone.now())
    return sent
