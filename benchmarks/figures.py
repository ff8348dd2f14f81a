"""Figures and how they are printed: runs of one measurement, their median and range, a ratio
against a baseline measured in the same run, and whether a goal is met."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field


@dataclass
class Figure:
    """Several runs of one measurement, in seconds (or bytes, with `unit="MB"`)."""

    name: str
    values: list[float] = field(default_factory=list)
    unit: str = "s"
    counted: str = "runs"
    """What each value is one of (runs; presses of a key)."""
    failed: str = ""
    """Why some run gave no value (timed out, say): shown instead of hiding the run."""

    def add(self, value: float) -> None:
        self.values.append(value)

    @property
    def median(self) -> float | None:
        return statistics.median(self.values) if self.values else None

    def describe(self, baseline: Figure | None = None, goal: str = "") -> str:
        median = self.median
        if median is None:
            return f"  {self.name:<46} {'-':>9}  {self.failed or 'not measured'}"
        text = f"  {self.name:<46} {_show(median, self.unit):>9}  [{_show(min(self.values), self.unit)}"
        text += f"-{_show(max(self.values), self.unit)}, {len(self.values)} {self.counted}]"
        if baseline is not None and baseline.median:
            text += f"  {median / baseline.median:5.2f}x"
        if goal:
            text += f"  (goal {goal})"
        if self.failed:
            text += f"  ({self.failed})"
        return text


def _show(value: float, unit: str) -> str:
    if unit == "MB":
        return f"{value / 1024 / 1024:.0f} MB"
    if unit == "ms" or value < 1:
        return f"{value * 1000:.0f} ms"
    return f"{value:.2f} s"
