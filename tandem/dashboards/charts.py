"""Charts drawn on the server as SVG: no script, nothing fetched, the same in the PDF.

A figure is a stack of 100 % bars, a bar per row: each column is a segment with a pattern
of its own (and a colour), labelled with its share when there is room, so colour is never
the only cue; the legend repeats the patterns. A hidden row is a line of text saying why.
The SVG is an image (``role="img"``) named by the figure's text summary.
"""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

# A fill and a pattern for each column, darkest to lightest, high contrast with white text.
FILLS = ["#1a4480", "#00687d", "#8b5e00", "#b50909", "#4d3c8a", "#3d4551", "#005ea2", "#216e1f"]
PATTERNS = [
    "",  # solid
    '<path d="M0 8 L8 0" stroke="#fff" stroke-width="1.5"/>',
    '<circle cx="4" cy="4" r="1.5" fill="#fff"/>',
    '<path d="M0 4 H8 M4 0 V8" stroke="#fff" stroke-width="1.5"/>',
    '<path d="M0 0 L8 8" stroke="#fff" stroke-width="1.5"/>',
    '<path d="M0 4 H8" stroke="#fff" stroke-width="1.5"/>',
    '<path d="M4 0 V8" stroke="#fff" stroke-width="1.5"/>',
    '<path d="M0 0 L8 8 M0 8 L8 0" stroke="#fff" stroke-width="1"/>',
]
LABEL_WIDTH, BAR_WIDTH, BAR_HEIGHT, GAP = 200, 400, 22, 8
MIN_LABELLED = 7  # percent: narrower segments carry no text (the table has it)


def _defs(name: str, count: int) -> SafeString:
    return format_html_join(
        "",
        '<pattern id="{}-p{}" width="8" height="8" patternUnits="userSpaceOnUse">'
        '<rect width="8" height="8" fill="{}"/>{}</pattern>',
        (
            (name, i, FILLS[i % len(FILLS)], mark_safe(PATTERNS[i % len(PATTERNS)]))  # noqa: S308 - our constants
            for i in range(count)
        ),
    )


def _short(text, limit=30) -> str:
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bar_chart(figure, summary_id: str) -> SafeString:
    """The figure as stacked bars, described by the element ``summary_id``."""
    name = f"chart-{figure.name}"
    rows = figure.rows
    legend_rows = (len(figure.columns) + 1) // 2
    height = len(rows) * (BAR_HEIGHT + GAP) + legend_rows * 20 + 16
    width = LABEL_WIDTH + BAR_WIDTH + 10
    parts = []
    for n, row in enumerate(rows):
        y = n * (BAR_HEIGHT + GAP)
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" font-size="12" fill="#1b1b1b">{}</text>',
                LABEL_WIDTH - 6,
                y + 15,
                _short(row.label),
            )
        )
        if row.hidden:
            parts.append(
                format_html(
                    '<text x="{}" y="{}" font-size="12" font-style="italic" fill="#1b1b1b">{}</text>',
                    LABEL_WIDTH,
                    y + 15,
                    _("Not shown: %(why)s") % {"why": row.reason},
                )
            )
            continue
        if not row.total:
            parts.append(
                format_html(
                    '<text x="{}" y="{}" font-size="12" font-style="italic" fill="#1b1b1b">{}</text>',
                    LABEL_WIDTH,
                    y + 15,
                    _("None"),
                )
            )
            continue
        x = 0.0
        for i, (count, share) in enumerate(row.cells):
            if not count:
                continue
            w = BAR_WIDTH * count / row.total
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="url(#{}-p{})" '
                    'stroke="#fff"/>',
                    f"{LABEL_WIDTH + x:.1f}",
                    y,
                    f"{w:.1f}",
                    BAR_HEIGHT,
                    name,
                    i,
                )
            )
            if share >= MIN_LABELLED:
                parts.append(
                    format_html(
                        '<text x="{}" y="{}" text-anchor="middle" font-size="11" font-weight="bold" fill="#fff" stroke="#1b1b1b" stroke-width="3" paint-order="stroke">'
                        "{}%</text>",
                        f"{LABEL_WIDTH + x + w / 2:.1f}",
                        y + 15,
                        f"{share:.0f}",
                    )
                )
            x += w
    top = len(rows) * (BAR_HEIGHT + GAP) + 6
    for i, (_key, label) in enumerate(figure.columns):
        lx = (i % 2) * (width // 2)
        ly = top + (i // 2) * 20
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="14" height="14" fill="url(#{}-p{})" stroke="#1b1b1b"/>'
                '<text x="{}" y="{}" font-size="12" fill="#1b1b1b">{}</text>',
                lx,
                ly,
                name,
                i,
                lx + 20,
                ly + 12,
                _short(label, 40),
            )
        )
    return format_html(
        '<svg class="dashboard-chart" role="img" aria-labelledby="{}" viewBox="0 0 {} {}" '
        'width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">'
        "<defs>{}</defs>{}</svg>",
        summary_id,
        width,
        height,
        _defs(name, len(figure.columns)),
        mark_safe("".join(parts)),  # noqa: S308 - each part built by format_html
    )
