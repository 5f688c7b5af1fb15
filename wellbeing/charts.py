"""Small bar charts drawn on the server as SVG, so that they need no script and print well.

Every chart has a <title> and a <desc> that say what it shows; the pages put the same figures in
a table beside it, which is what screen readers and the regional body read.
"""

import itertools
from collections.abc import Sequence

from django.utils.formats import number_format
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

WIDTH = 320
HEIGHT = 160
PADDING_TOP = 18
PADDING_BOTTOM = 24
BAR_COLOUR = "#1f5f8b"  # 7:1 against white; the labels are the page's text colour
_ids = itertools.count(1)


def bar_chart(
    *,
    title: str,
    description: str,
    bars: Sequence[tuple[str, float | None]],
    max_value: float,
    decimals: int = 0,
) -> SafeString:
    """Vertical bars, one per (label, value); a missing value leaves its place empty."""
    number = next(_ids)
    title_id, desc_id = f"chart-{number}-title", f"chart-{number}-desc"
    slot = WIDTH / max(len(bars), 1)
    bar_width = min(48.0, slot * 0.6)
    plot_height = HEIGHT - PADDING_TOP - PADDING_BOTTOM
    # Written with f-strings, escaping only the words: a page of survey results draws a chart
    # for each question, and format_html() escaped every number as well.
    shapes = []
    for index, (label, value) in enumerate(bars):
        centre = slot * index + slot / 2
        shapes.append(
            f'<text x="{centre:.1f}" y="{HEIGHT - 6}" text-anchor="middle" font-size="12">'
            f"{conditional_escape(label)}</text>"
        )
        if value is None:
            continue
        height = plot_height * max(0.0, min(float(value), max_value)) / max_value
        top = PADDING_TOP + plot_height - height
        shapes.append(
            f'<rect x="{centre - bar_width / 2:.1f}" y="{top:.1f}" width="{bar_width:.1f}" '
            f'height="{height:.1f}" fill="{BAR_COLOUR}"></rect>'
            f'<text x="{centre:.1f}" y="{top - 4:.1f}" text-anchor="middle" font-size="12">'
            f"{conditional_escape(number_format(value, decimal_pos=decimals))}</text>"
        )
    baseline = PADDING_TOP + plot_height
    return mark_safe(  # noqa: S308 (the words are escaped above and below)
        f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'aria-labelledby="{title_id} {desc_id}" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{title_id}">{conditional_escape(title)}</title>'
        f'<desc id="{desc_id}">{conditional_escape(description)}</desc>'
        f'<line x1="0" y1="{baseline}" x2="{WIDTH}" y2="{baseline}" stroke="currentColor"></line>'
        f"{''.join(shapes)}</svg>"
    )
