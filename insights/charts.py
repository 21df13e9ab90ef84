"""The geometry of the Insights charts, computed here and drawn by templates as inline SVG.

The daily chart's plot stretches to the width it is given (preserveAspectRatio="none"), so
its labels are HTML beside it rather than SVG text that would shrink on a phone. Its scale
runs from 0 to a round number in four equal steps, so the labels sit at fixed quarters.
"""

import math
from dataclasses import dataclass, field

# The plot's own units: each day is DAY_WIDTH wide, the plot PLOT_HEIGHT high.
DAY_WIDTH = 10
BAR_WIDTH = 7
PLOT_HEIGHT = 100
STEPS = 4

SPARK_WIDTH = 240
SPARK_HEIGHT = 40


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str


@dataclass
class DailyChart:
    width: int
    height: int = PLOT_HEIGHT
    bars: list = field(default_factory=list)
    line: str = ""
    gridlines: list = field(default_factory=list)
    scale: list = field(default_factory=list)
    dates: list = field(default_factory=list)
    is_empty: bool = True


def nice_step(largest, steps=STEPS):
    """Return a whole, round step (1, 2, 2.5 or 5 times a power of ten) such that `steps`
    of them reach `largest`."""
    if largest <= steps:
        return 1
    raw = largest / steps
    power = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 2.5, 5, 10):
        step = multiple * power
        # Views are whole numbers, and so is every label of the scale.
        if step >= raw and step == int(step):
            return int(step)
    return int(10 * power)  # pragma: no cover - the loop always returns


def daily_chart(days):
    """Return the chart of a list of insights.reports.Day: views as bars, visitors as a line."""
    chart = DailyChart(width=max(len(days), 1) * DAY_WIDTH)
    if not days:
        return chart
    chart.is_empty = not any(day.views or day.visitors for day in days)
    step = nice_step(max(max(day.views, day.visitors) for day in days))
    top = step * STEPS

    def y(value):
        return round(PLOT_HEIGHT - PLOT_HEIGHT * value / top, 2)

    points = []
    for index, day in enumerate(days):
        left = index * DAY_WIDTH + (DAY_WIDTH - BAR_WIDTH) / 2
        chart.bars.append(
            Bar(
                x=left,
                y=y(day.views),
                width=BAR_WIDTH,
                height=round(PLOT_HEIGHT - y(day.views), 2),
                label=f"{day.day:%a} {day.day.day} {day.day:%b}: {day.views:,} views, "
                f"{day.visitors:,} visitors",
            )
        )
        points.append(f"{index * DAY_WIDTH + DAY_WIDTH / 2:g},{y(day.visitors):g}")
    chart.line = " ".join(points)
    chart.gridlines = [PLOT_HEIGHT * step_number / STEPS for step_number in range(STEPS + 1)]
    # Top to bottom, as they are read beside the plot.
    chart.scale = [f"{step * step_number:,}" for step_number in range(STEPS, -1, -1)]
    chart.dates = sorted({days[0].day, days[len(days) // 2].day, days[-1].day})
    return chart


@dataclass
class Sparkline:
    width: int = SPARK_WIDTH
    height: int = SPARK_HEIGHT
    line: str = ""
    dots: list = field(default_factory=list)


def sparkline(values, marks):
    """Return a small line of `values` (one a day) with a dot on each day whose `marks` count
    is more than 0 (the days readers subscribed)."""
    spark = Sparkline()
    if not values:
        return spark
    top = max(max(values), 1)
    step = (SPARK_WIDTH - 8) / max(len(values) - 1, 1)
    points = []
    for index, value in enumerate(values):
        x = round(4 + index * step, 2)
        y = round(SPARK_HEIGHT - 4 - (SPARK_HEIGHT - 8) * value / top, 2)
        points.append((x, y))
        if marks[index]:
            spark.dots.append({"x": x, "y": y})
    spark.line = " ".join(f"{x:g},{y:g}" for x, y in points)
    return spark
