"""URLs of the case app: the case workspace (`intern/faelle/…`) and the provider's referrals."""

from __future__ import annotations

from django.urls import path

from .views import case, conference, emergency, figures, provider, queue, report, settings

app_name = "cases"

CASE = "<tenant:tenant>/intern/faelle/<int:case_id>/"
CONFERENCES = "<tenant:tenant>/intern/fallkonferenzen/"

urlpatterns = [
    path("<tenant:tenant>/intern/faelle/", queue.queue, name="queue"),
    path("<tenant:tenant>/intern/faelle/neu/", queue.case_create, name="create"),
    path("<tenant:tenant>/intern/faelle/klaerungsliste/", queue.clearing_list_import, name="clearing_list"),
    path(CASE, case.detail, name="detail"),
    path(CASE + "bearbeiten/", queue.case_edit, name="edit"),
    path(CASE + "kontakt/", case.contact_create, name="contact_create"),
    path(CASE + "einwilligung/", case.consent_create, name="consent_create"),
    path(CASE + "rechtsgrundlage/", case.legal_basis_create, name="legal_basis_create"),
    path(CASE + "ueberleitung/", case.referral_create, name="referral_create"),
    path(CASE + "abschluss/", case.close, name="close"),
    path(CASE + "auskunft.json", case.export, name="export"),
    path(CASE + "auskunft/", case.disclosure, name="disclosure"),
    path(CASE + "fallkonferenz/", conference.conference_create, name="conference_create"),
    path(CONFERENCES, conference.conference_list, name="conferences"),
    path(CONFERENCES + "<int:conference_id>/", conference.conference, name="conference"),
    path(
        CONFERENCES + "<int:conference_id>/schritte/<int:step_id>/",
        conference.step_status,
        name="conference_step",
    ),
    path(
        "<tenant:tenant>/intern/einwilligungen/<int:consent_id>/widerruf/",
        case.consent_withdraw,
        name="consent_withdraw",
    ),
    path(
        "<tenant:tenant>/intern/rechtsgrundlagen/<int:legal_basis_id>/widerspruch/",
        case.legal_basis_object,
        name="legal_basis_object",
    ),
    path(
        "<tenant:tenant>/intern/ueberleitungen/<int:referral_id>/zurueckziehen/",
        case.referral_revoke,
        name="referral_revoke",
    ),
    path("<tenant:tenant>/intern/ueberleitungen/", provider.inbox, name="provider_inbox"),
    path("<tenant:tenant>/intern/faelle/melden/", report.partner_report, name="report"),
    path("<tenant:tenant>/intern/verbleibsklaerung/zahlen/", figures.case_figures, name="figures"),
    path("<tenant:tenant>/intern/verbleibsklaerung/einstellungen/", settings.case_settings, name="settings"),
    path("<tenant:tenant>/intern/notfallzugriff/", emergency.emergency_lookup, name="emergency_lookup"),
    path("<tenant:tenant>/intern/notfallzugriff/<int:case_id>/", emergency.emergency, name="emergency"),
    path(
        "<tenant:tenant>/intern/ueberleitungen/<int:referral_id>/",
        provider.referral_detail,
        name="provider_referral",
    ),
]
