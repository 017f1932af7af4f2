"""The server's SVG charts read at a phone's width: drawn at a natural width that CSS only
scales down, each row's label whole on lines of its own above a bar of the chart's width, in
text no smaller than 13 units."""

import re
from collections import Counter

from tandem.dashboards.charts import WIDTH, bar_chart
from tandem.dashboards.figures import LEVELS, Figure
from tandem.records.suppression import Row, Table, suppress

LONG = "Crispus Attucks Middle School of the Arts and Sciences"


def _figure():
    population = {
        LONG: Counter(exemplary=2, proficient=40, needs_improvement=9, unsatisfactory=3),
        "Annex": Counter(proficient=3),
    }
    rows = [Row(name, name, lambda key, name=name: key == name) for name in population]
    table = Table(name="ratings", rows=rows, columns=tuple(k for k, _label in LEVELS))
    shown = suppress(population, [table], aggregates_only=True)["ratings"]
    return Figure("ratings", "Summative ratings", "School", LEVELS, shown)


def test_a_chart_is_drawn_for_a_phone_and_scales_down_only():
    svg = str(bar_chart(_figure(), "summary-ratings"))
    assert re.search(rf'viewBox="0 0 {WIDTH} (\d+)" width="{WIDTH}" height="\1"', svg)
    assert 'aria-labelledby="summary-ratings"' in svg and 'role="img"' in svg
    sizes = [int(size) for size in re.findall(r'font-size="(\d+)"', svg)]
    assert sizes and min(sizes) >= 13
    bars = [
        float(w) for w in re.findall(r'<rect x="[\d.]+" y="\d+" width="([\d.]+)" height="24"', svg)
    ]
    assert abs(sum(bars) - WIDTH) < 1, "the shown row's bar spans the chart"


def test_a_long_label_wraps_whole_and_a_hidden_row_says_why():
    svg = str(bar_chart(_figure(), "summary-ratings"))
    lines = re.findall(r"<tspan[^>]*>([^<]*)</tspan>", svg)
    assert "…" not in "".join(lines)
    assert lines[0] != LONG and " ".join(lines[:2]) == LONG, "on two lines, whole"
    assert any(line.startswith("Not shown: fewer than 6 counted") for line in lines)
