"""The geometry of the Insights page's daily chart (insights/charts.py)."""

import datetime

import pytest

from insights import charts
from insights.reports import Day

MONDAY = datetime.date(2026, 11, 30)


def days(*counts):
    return [
        Day(MONDAY + datetime.timedelta(days=index), views, visitors)
        for index, (views, visitors) in enumerate(counts)
    ]


@pytest.mark.parametrize(
    ("largest", "step"),
    [(0, 1), (4, 1), (7, 2), (9, 5), (40, 10), (90, 25), (401, 200), (14_778, 5000)],
)
def test_the_scale_rises_in_four_whole_round_steps_to_at_least_the_largest(largest, step):
    assert charts.nice_step(largest) == step
    assert charts.nice_step(largest) * charts.STEPS >= largest


def test_each_day_has_a_bar_as_high_as_its_views_and_a_point_of_the_visitors_line():
    chart = charts.daily_chart(days((40, 20), (0, 0), (10, 5)))

    assert chart.width == 30
    assert [(bar.x, bar.y, bar.height) for bar in chart.bars] == [
        (1.5, 0.0, 100.0),
        (11.5, 100.0, 0.0),
        (21.5, 75.0, 25.0),
    ]
    assert chart.line == "5,50 15,100 25,87.5"


def test_the_scale_is_labelled_from_the_top_and_the_dates_first_middle_last():
    chart = charts.daily_chart(days((400, 20), (300, 5), (100, 1)))

    assert chart.scale == ["400", "300", "200", "100", "0"]
    assert chart.dates == [
        MONDAY,
        MONDAY + datetime.timedelta(days=1),
        MONDAY + datetime.timedelta(days=2),
    ]


def test_each_bar_says_its_day_and_numbers_on_hover():
    [bar] = charts.daily_chart(days((1234, 567))).bars

    assert bar.label == "Mon 30 Nov: 1,234 views, 567 visitors"


def test_a_period_with_nothing_counted_is_an_empty_chart():
    assert charts.daily_chart(days((0, 0), (0, 0))).is_empty
