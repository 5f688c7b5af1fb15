"""Small bar charts drawn on the server as SVG, so that they need no script and print well.

Every chart has a <title> and a <desc> that say what it shows; the pages put the same figures in
a table beside it, which is what screen readers and the regional body read.
"""

import itertools
from collections.abc import Sequence

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

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
    shapes = []
    for index, (label, value) in enumerate(bars):
        centre = slot * index + slot / 2
        shapes.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle" font-size="12">{}</text>',
                f"{centre:.1f}",
                HEIGHT - 6,
                label,
            )
        )
        if value is None:
            continue
        height = plot_height * max(0.0, min(float(value), max_value)) / max_value
        top = PADDING_TOP + plot_height - height
        shapes.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"></rect>'
                '<text x="{}" y="{}" text-anchor="middle" font-size="12">{}</text>',
                f"{centre - bar_width / 2:.1f}",
                f"{top:.1f}",
                f"{bar_width:.1f}",
                f"{height:.1f}",
                BAR_COLOUR,
                f"{centre:.1f}",
                f"{top - 4:.1f}",
                number_format(value, decimal_pos=decimals),
            )
        )
    baseline = PADDING_TOP + plot_height
    return format_html(
        '<svg class="chart" role="img" viewBox="0 0 {} {}" aria-labelledby="{} {}" '
        'xmlns="http://www.w3.org/2000/svg">'
        '<title id="{}">{}</title><desc id="{}">{}</desc>'
        '<line x1="0" y1="{}" x2="{}" y2="{}" stroke="currentColor"></line>{}</svg>',
        WIDTH,
        HEIGHT,
        title_id,
        desc_id,
        title_id,
        title,
        desc_id,
        description,
        baseline,
        WIDTH,
        baseline,
        format_html_join("", "{}", ((shape,) for shape in shapes)),
    )
