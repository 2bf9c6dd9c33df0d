"""The municipality's case rules, kept by coordinators."""

from __future__ import annotations

from uebergang.audit.models import AuditEvent
from uebergang.cases.models import CaseSettings

URL = "/kreis-a/intern/verbleibsklaerung/einstellungen/"
FORM = {
    "deadline_day": "30",
    "deadline_month": "9",
    "contact_attempts_required": "4",
    "retention_months": "12",
    "import_legal_reference": "§ 31a SGB III",
    "import_legal_text": "",
}


def test_only_the_coordinator_of_the_tenant_keeps_the_case_rules(client, cast):
    for user in (
        cast.case_worker,
        cast.partner,
        cast.steering,
        cast.coordinator_b,
        cast.outsider,
        cast.association,
    ):
        client.force_login(user)
        assert client.get(URL).status_code == 403
        assert client.post(URL, FORM).status_code == 403
    assert not CaseSettings.objects.filter(tenant=cast.tenant_a, retention_months=12).exists()
    client.force_login(cast.coordinator)
    assert client.post(URL, FORM).status_code == 302
    settings = CaseSettings.objects.get(tenant=cast.tenant_a)
    assert (settings.deadline_for(2026).isoformat(), settings.contact_attempts_required) == ("2026-09-30", 4)
    assert "retention_months" in AuditEvent.objects.get(action="cases.settings_updated").data["fields"]


def test_a_day_the_month_lacks_and_zero_attempts_get_clear_messages(client, cast):
    client.force_login(cast.coordinator)
    page = client.post(URL, {**FORM, "deadline_day": "31", "contact_attempts_required": "0"}).content.decode()
    assert "Diesen Tag gibt es in dem Monat nicht." in page and "Mindestens ein Kontaktversuch." in page
    assert CaseSettings.of(cast.tenant_a).deadline_month == 10
