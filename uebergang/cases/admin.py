"""Admin for the case app's settings and teams only.

Cases, contacts, consents and referrals are deliberately not registered: their personal data are read
in the workspace, where every read is audited and only case workers of the tenant get in.
"""

from __future__ import annotations

from django.contrib import admin

from .models import CaseSettings, CaseTeam


@admin.register(CaseSettings)
class CaseSettingsAdmin(admin.ModelAdmin):
    list_display = [
        "tenant",
        "deadline_day",
        "deadline_month",
        "contact_attempts_required",
        "retention_months",
    ]


@admin.register(CaseTeam)
class CaseTeamAdmin(admin.ModelAdmin):
    list_display = ["name", "tenant"]
    list_filter = ["tenant"]
    filter_horizontal = ["members"]
