from __future__ import annotations

from django.contrib import admin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: nobody edits or deletes audit events, superusers included."""

    list_display = ["created_at", "tenant", "actor_email", "action", "object_repr", "ip_address"]
    list_filter = ["action", "tenant"]
    search_fields = ["actor_email", "object_repr"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
