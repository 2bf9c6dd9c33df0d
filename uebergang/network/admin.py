from __future__ import annotations

from django.contrib import admin

from .models import Body, BodyMembership, Contact, Decision, Meeting, Organisation, Task


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "tenant", "kind", "school_type", "is_active"]
    list_filter = ["tenant", "kind", "is_active"]
    search_fields = ["name", "short_name", "identifier"]
    inlines = [ContactInline]


class BodyMembershipInline(admin.TabularInline):
    model = BodyMembership
    extra = 0


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ["name", "tenant", "code", "level", "is_public"]
    list_filter = ["tenant", "level"]
    inlines = [BodyMembershipInline]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["__str__", "body", "starts_at"]
    list_filter = ["body__tenant"]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["reference", "body", "status"]
    list_filter = ["body__tenant", "status"]


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["title", "body", "due_date", "status"]
    list_filter = ["body__tenant", "status"]
