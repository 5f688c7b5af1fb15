"""Charts drawn on the server as SVG: crisp in the PDF, no JavaScript, figures in a table beside."""

from decimal import Decimal

from django import template

register = template.Library()

BAR_HEIGHT = 18
ROW_HEIGHT = 24
LABEL_WIDTH = 190
BAR_SPACE = 230


@register.inclusion_tag("includes/bar_chart.html")
def bar_chart(rows, title: str, unit: str = ""):
    """Horizontal bars for (label, value) pairs; the longest bar is the largest value."""
    values = [Decimal(value or 0) for _label, value in rows]
    largest = max(values, default=Decimal(0)) or Decimal(1)
    bars = [
        {
            "label": label,
            "value": value,
            "width": round(float(value / largest) * BAR_SPACE, 1),
            "y": index * ROW_HEIGHT,
            "text_y": index * ROW_HEIGHT + 13,
        }
        for index, ((label, _value), value) in enumerate(zip(rows, values, strict=True))
    ]
    return {
        "bars": bars,
        "title": title,
        "unit": unit,
        "height": len(bars) * ROW_HEIGHT,
        "bar_x": LABEL_WIDTH,
        "value_x": LABEL_WIDTH + 6,
        "bar_height": BAR_HEIGHT,
        "width": LABEL_WIDTH + BAR_SPACE + 90,
    }
