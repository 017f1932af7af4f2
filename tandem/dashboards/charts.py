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
# Drawn for a phone first: each row's label on its own lines above a bar of the full width, at
# the chart's natural size on a wide screen and scaled down to a phone's (CSS: max-width
# 100 %), where a 14-unit label is still about 12 px.
WIDTH, BAR_HEIGHT, LINE, GAP, FONT = 400, 24, 17, 12, 14
WRAP = 50  # characters on a line of 14-unit text across the chart
MIN_LABELLED = 9  # percent: narrower segments carry no text (the table has it)


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


def _lines(text, limit=WRAP, most=2) -> list[str]:
    """The text broken between words into at most ``most`` lines of ``limit`` characters, the
    last cut short with an ellipsis if it still does not fit (the table has it whole)."""
    lines: list[str] = []
    for word in str(text).split():
        if lines and len(lines[-1]) + 1 + len(word) <= limit:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > most:
        lines = [*lines[: most - 1], " ".join(lines[most - 1 :])]
    return [line if len(line) <= limit else line[: limit - 1] + "…" for line in lines] or [""]


def _text(x, y, lines, **style) -> SafeString:
    """Lines of text from (x, y) down, one ``<tspan>`` a line."""
    attributes = format_html_join(
        " ", '{}="{}"', ((k.replace("_", "-"), v) for k, v in style.items())
    )
    return format_html(
        '<text x="{}" y="{}" {}>{}</text>',
        x,
        y,
        attributes,
        format_html_join(
            "",
            '<tspan x="{}" dy="{}">{}</tspan>',
            ((x, 0 if n == 0 else LINE, line) for n, line in enumerate(lines)),
        ),
    )


def bar_chart(figure, summary_id: str) -> SafeString:
    """The figure as stacked bars, described by the element ``summary_id``."""
    name = f"chart-{figure.name}"
    parts = []
    y = 4
    for row in figure.rows:
        label = _lines(row.label)
        parts.append(_text(0, y + FONT, label, font_size=FONT, font_weight="bold", fill="#1b1b1b"))
        y += len(label) * LINE + 4
        if row.hidden or not row.total:
            words = _("Not shown: %(why)s") % {"why": row.reason} if row.hidden else _("None")
            lines = _lines(words)
            parts.append(
                _text(0, y + FONT, lines, font_size=FONT, font_style="italic", fill="#1b1b1b")
            )
            y += len(lines) * LINE + GAP
            continue
        x = 0.0
        for i, (count, share) in enumerate(row.cells):
            if not count:
                continue
            w = WIDTH * count / row.total
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="url(#{}-p{})" '
                    'stroke="#fff"/>',
                    f"{x:.1f}",
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
                        '<text x="{}" y="{}" text-anchor="middle" font-size="13" font-weight="bold" fill="#fff" stroke="#1b1b1b" stroke-width="3" paint-order="stroke">'
                        "{}%</text>",
                        f"{x + w / 2:.1f}",
                        y + 17,
                        f"{share:.0f}",
                    )
                )
            x += w
        y += BAR_HEIGHT + GAP
    y += 4
    for i, (_key, label) in enumerate(figure.columns):
        lines = _lines(label, limit=WRAP - 4)
        parts.append(
            format_html(
                '<rect x="0" y="{}" width="16" height="16" fill="url(#{}-p{})" stroke="#1b1b1b"/>',
                y,
                name,
                i,
            )
        )
        parts.append(_text(24, y + 13, lines, font_size=FONT, fill="#1b1b1b"))
        y += len(lines) * LINE + 6
    return format_html(
        '<svg class="dashboard-chart" role="img" aria-labelledby="{}" viewBox="0 0 {} {}" '
        'width="{}" height="{}" preserveAspectRatio="xMinYMin meet" '
        'xmlns="http://www.w3.org/2000/svg"><defs>{}</defs>{}</svg>',
        summary_id,
        WIDTH,
        y,
        WIDTH,
        y,
        _defs(name, len(figure.columns)),
        mark_safe("".join(parts)),  # noqa: S308 - each part built by format_html
    )
