from __future__ import annotations

from django.contrib import admin

from .models import Criterion, PartnerReport, ReportingPeriod, Review, Standard


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


@admin.register(Standard)
class StandardAdmin(admin.ModelAdmin):
    list_display = ["title", "tenant", "version", "status", "subject"]
    list_filter = ["tenant", "status"]
    inlines = [CriterionInline]


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["__str__", "tenant", "kind", "status", "due_on"]
    list_filter = ["tenant", "status", "kind"]


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ["title", "tenant", "start", "end", "due_on"]
    list_filter = ["tenant"]


@admin.register(PartnerReport)
class PartnerReportAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "participants", "submitted_at"]
    list_filter = ["status"]
