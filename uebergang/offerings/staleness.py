"""When an offering counts as stale: its last check is older than the tenant's review interval."""

from __future__ import annotations

import calendar
from datetime import date


def checked_before(today: date, months: int) -> date:
    """The date `months` months before `today` (the 31st becomes the month's last day)."""
    month_index = today.year * 12 + today.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    return date(year, month, min(today.day, calendar.monthrange(year, month)[1]))
