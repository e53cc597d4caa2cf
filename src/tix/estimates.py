"""Estimates as people write them, in hours.

``2h``, ``4 h``, ``1.5 hours``, ``30 min``, ``3d``, ``2 days``, ``1 week``, and ranges
``2-3 hours`` / ``1-2 weeks``. A day is 8 hours and a week 5 days (40 hours); both are
settings of ``parse_estimate``. A range keeps both ends (``low``, ``high``); its ``hours`` is
the midpoint. A number without a unit is hours (``estimated_hours: 3``); parts add up
(``1h30m``, ``1d 4h``). An explicit number of hours in parentheses wins over the rest
(``2 days (12 hours)`` is 12 hours). Anything else (``Ongoing``, ``TBD``) is not an estimate:
``parse_estimate`` returns ``None`` and callers count it as unknown, never as zero.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_UNITS = {
    "m": 1 / 60, "min": 1 / 60, "mins": 1 / 60, "minute": 1 / 60, "minutes": 1 / 60,
    "h": 1.0, "hr": 1.0, "hrs": 1.0, "hour": 1.0, "hours": 1.0,
    "d": None, "day": None, "days": None,
    "w": None, "wk": None, "wks": None, "week": None, "weeks": None,
}  # fmt: skip
_NUMBER = r"(\d+(?:\.\d+)?)"
_ESTIMATE = re.compile(
    rf"^\s*~?\s*{_NUMBER}(?:\s*(?:-|–|—|to)\s*{_NUMBER})?\s*([a-z]+)?\.?\s*$", re.IGNORECASE
)
_PART = re.compile(rf"\s*{_NUMBER}\s*([a-z]+)\.?\s*", re.IGNORECASE)  # 1h30m, 1d 4h
_HOURS_IN_PARENTHESES = re.compile(rf"\(\s*~?{_NUMBER}\s*(?:h|hr|hrs|hours?)\s*\)", re.IGNORECASE)


@dataclass(frozen=True)
class Estimate:
    """An estimate in hours; ``low == high`` unless it was written as a range."""

    low: float
    high: float

    @property
    def hours(self) -> float:
        return (self.low + self.high) / 2

    @property
    def is_range(self) -> bool:
        return self.low != self.high


@lru_cache(maxsize=4096)  # a workspace writes a few dozen estimates over and over
def parse_estimate(
    text: str | None, *, hours_per_day: float = 8.0, days_per_week: float = 5.0
) -> Estimate | None:
    """The estimate ``text`` states, or ``None`` when it states none (``Estimate`` is frozen:
    one answer is shared by every ticket that writes the same text)."""
    if not text:
        return None
    explicit = _HOURS_IN_PARENTHESES.search(text)
    if explicit:
        hours = float(explicit.group(1))
        return Estimate(hours, hours)
    match = _ESTIMATE.match(text)
    if match is None:
        return _compound(text, hours_per_day, days_per_week)
    factor = _hours_in(match.group(3) or "h", hours_per_day, days_per_week)  # a number: hours
    if factor is None:
        return None
    low = float(match.group(1)) * factor
    high = float(match.group(2)) * factor if match.group(2) else low
    return Estimate(min(low, high), max(low, high))


def _hours_in(unit: str, hours_per_day: float, days_per_week: float) -> float | None:
    """How many hours one ``unit`` is; ``None`` for a word that is no unit of time."""
    unit = unit.lower()
    if unit not in _UNITS:
        return None
    factor = _UNITS[unit]
    if factor is None:
        factor = hours_per_day if unit.startswith("d") else hours_per_day * days_per_week
    return factor


def _compound(text: str, hours_per_day: float, days_per_week: float) -> Estimate | None:
    """``1h30m``, ``1h 30m``, ``1d 4h``: the sum of its parts, each with its unit."""
    total, position = 0.0, 0
    for part in _PART.finditer(text):
        if part.start() != position:
            return None
        factor = _hours_in(part.group(2), hours_per_day, days_per_week)
        if factor is None:
            return None
        total += float(part.group(1)) * factor
        position = part.end()
    if position == 0 or position != len(text):
        return None
    return Estimate(total, total)
