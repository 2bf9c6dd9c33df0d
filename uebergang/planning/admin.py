"""Admin for support staff; the day-to-day edits belong in the workspace, where each one is audited."""

from __future__ import annotations

from django.contrib import admin

from .models import Goal, Indicator, IndicatorValue, Measure, Priority, WorkPlan


@admin.register(WorkPlan)
class WorkPlanAdmin(admin.ModelAdmin):
    list_display = ["title", "tenant", "year", "body"]
    list_filter = ["tenant", "year"]


@admin.register(Priority)
class PriorityAdmin(admin.ModelAdmin):
    list_display = ["title", "plan", "position"]


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ["title", "priority", "weight"]


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ["title", "goal", "status", "progress", "weight"]
    list_filter = ["status"]
    raw_id_fields = ["owner_organisation", "owner_person", "decisions", "tasks", "offerings", "bodies"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "plan", "kind", "monitoring_figure"]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(admin.ModelAdmin):
    list_display = ["indicator", "year", "value", "source"]
