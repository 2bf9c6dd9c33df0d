from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from . import actions
from .models import Membership, User


class MembershipInline(admin.TabularInline):
    """Read-only here: role changes go through MembershipAdmin, which audits them."""

    model = Membership
    extra = 0
    can_delete = False
    readonly_fields = ["tenant", "role", "created_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_staff", "is_superuser", "is_demo"]
    search_fields = ["email", "full_name"]
    list_filter = ["is_active", "is_staff", "is_superuser", "is_demo"]
    fieldsets = [
        (None, {"fields": ["email", "password", "full_name"]}),
        (_("Rechte"), {"fields": ["is_active", "is_staff", "is_superuser", "is_demo"]}),
        (_("Daten"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]})
    ]
    filter_horizontal: list[str] = []
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "tenant", "role", "created_at"]
    list_filter = ["role", "tenant"]
    search_fields = ["user__email"]
    autocomplete_fields = ["user"]

    def save_model(self, request, obj, form, change):
        if change:
            fresh = Membership.objects.get(pk=obj.pk)
            actions.change_role(request=request, actor=request.user, membership=fresh, role=obj.role)
        elif obj.tenant_id is not None:
            obj.pk = actions.grant_role(
                request=request, actor=request.user, tenant=obj.tenant, user=obj.user, role=obj.role
            ).pk
        else:
            super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        actions.revoke_role(request=request, actor=request.user, membership=obj)

    def has_delete_permission(self, request, obj=None):
        # Bulk deletion would bypass the audit trail.
        return obj is not None and super().has_delete_permission(request, obj)
