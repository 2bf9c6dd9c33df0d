from __future__ import annotations

from django.contrib import admin

from .models import AssociationSettings, Region, Tenant


class RegionInline(admin.TabularInline):
    model = Region
    extra = 0


@admin.register(Tenant)
class TenantAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "kind", "population", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [RegionInline]


@admin.register(AssociationSettings)
class AssociationSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "common_threshold"]

    def has_add_permission(self, request) -> bool:
        return not AssociationSettings.objects.exists()
