"""The steering cycle: annual work plans (priorities → goals → measures) and their indicators.

A measure carries a weight and a progress value; goals and priorities have no progress of their own,
it is rolled up from their measures (queries.progress_tree), so the tree can never contradict itself.
Indicators say how the plan's effect is measured: entered by hand with a source, or read from the
monitoring's suppressed figures (never from raw counts). Funding lines and staff positions are the
resources behind offerings and measures; a published report freezes the annual report as given.
"""

from .plan import (
    Goal,
    GoalQuerySet,
    Indicator,
    IndicatorValue,
    IndicatorValueQuerySet,
    Measure,
    MeasureQuerySet,
    PlanScopedQuerySet,
    Priority,
    WorkPlan,
)
from .reports import InterimReview, PublishedReport, ReportRun
from .resources import FundingAmount, FundingLine, StaffPosition, VolunteerProgramme

__all__ = [
    "FundingAmount",
    "FundingLine",
    "Goal",
    "GoalQuerySet",
    "Indicator",
    "IndicatorValue",
    "IndicatorValueQuerySet",
    "InterimReview",
    "Measure",
    "MeasureQuerySet",
    "PlanScopedQuerySet",
    "Priority",
    "PublishedReport",
    "ReportRun",
    "StaffPosition",
    "VolunteerProgramme",
    "WorkPlan",
]
