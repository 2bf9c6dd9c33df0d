"""“Fehler melden”: anyone who reads an offering can tell its provider and the coordination office
that something on the page is wrong.

The report goes out as mail to the offering's contact address and the office's (never back to the
sender, whose address is only a Reply-To if given), sent by the task worker, not in the request. No
record is kept beyond the mail. A hidden honeypot field and a limit per client address and hour keep
scripts from using the form to send mail.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from uebergang.lib.client_ip import client_ip
from uebergang.lib.forms import Textarea

from .models import Offering

REPORTS_PER_HOUR = 5


class CorrectionForm(forms.Form):
    message = forms.CharField(
        label=gettext_lazy("Was stimmt nicht?"),
        max_length=2000,
        widget=Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "z. B. eine geänderte Telefonnummer, ein neuer Ort oder ein Angebot, das es nicht mehr gibt"
        ),
    )
    email = forms.EmailField(
        label=gettext_lazy("Deine E-Mail-Adresse (freiwillig, für Rückfragen)"), required=False
    )
    # A field people do not see (hidden by CSS and from assistive technology); scripts fill it in.
    website = forms.CharField(
        required=False,
        label=gettext_lazy("Bitte leer lassen"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("website"):
            raise forms.ValidationError(_("Die Meldung konnte nicht gesendet werden."))
        return data


def admit(request: HttpRequest) -> bool:
    """Counts a report for the client; False once it sent REPORTS_PER_HOUR within the hour."""
    key = f"offering-correction:{client_ip(request) or 'unknown'}"
    cache.add(key, 0, timeout=3600)
    try:
        return cache.incr(key) <= REPORTS_PER_HOUR
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=3600)
        return True


def recipients(offering: Offering) -> list[str]:
    found = [offering.contact_email, offering.tenant.office_email]
    return sorted({address for address in found if address})


@task()
def send_correction(offering_id: int, message: str, reply_to: str, page_url: str) -> int:
    offering = Offering.objects.select_related("tenant").get(pk=offering_id)
    to = recipients(offering)
    if not to:
        return 0
    body = _(
        "Auf der öffentlichen Seite des Angebots „%(title)s“ wurde ein Fehler gemeldet:\n\n%(message)s\n\n"
        "Seite: %(url)s\n\nBitte prüfen Sie die Angaben und ändern Sie sie im Arbeitsbereich, falls nötig. "
        "Diese Nachricht wurde über das Formular „Fehler melden“ gesendet."
    ) % {"title": offering.title, "message": message, "url": page_url}
    mail = EmailMessage(
        subject=_("Fehler gemeldet: %(title)s") % {"title": offering.title},
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        reply_to=[reply_to] if reply_to else None,
    )
    return mail.send()


def report(request: HttpRequest, offering: Offering, form: CorrectionForm) -> None:
    page = request.build_absolute_uri(
        reverse("offerings:public_detail", kwargs={"tenant": offering.tenant, "offering_id": offering.pk})
    )
    send_correction.enqueue(offering.pk, form.cleaned_data["message"], form.cleaned_data["email"], page)
