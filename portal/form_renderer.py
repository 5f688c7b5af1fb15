"""Django's form renderer with its commonest widget templates built in Python.

Every filter form and edit form renders its inputs and selects through Django's widget
templates: an <input> is three templates (the widget's, input.html and attrs.html) and a select
one more per option. Built here, the markup is the same, byte for byte, at a fraction of the
cost; any other template, and any widget whose options use another template, still goes through
the templates. The templates themselves come from Django and are not overridden in the project.
"""

from collections.abc import Callable

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]

WIDGETS = "django/forms/widgets/"
SELECT_OPTION = f"{WIDGETS}select_option.html"
INPUT_OPTION_TEMPLATES = {f"{WIDGETS}checkbox_option.html", f"{WIDGETS}radio_option.html"}


def _shown(value) -> str:
    """`{{ value }}` in a template: localised, escaped unless it is marked safe."""
    return conditional_escape(localize(template_localtime(value)))


def _formatted(value) -> str:
    """`{{ value|stringformat:'s' }}`: the value as text, escaped unless it is marked safe."""
    if isinstance(value, SafeData):
        return str(value)
    return conditional_escape(str(value))


def attrs_html(attrs: dict) -> str:
    """attrs.html: ` name="value"`, a bare ` name` for True, nothing for False."""
    return "".join(
        f" {_shown(name)}" if value is True else f' {_shown(name)}="{_formatted(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def input_html(widget: dict) -> str:
    """input.html, without the newline that ends the file."""
    value = widget["value"]
    shown = "" if value is None else f' value="{_formatted(value)}"'
    return (
        f'<input type="{_shown(widget["type"])}" name="{_shown(widget["name"])}"'
        f"{shown}{attrs_html(widget['attrs'])}>"
    )


def _select_option(option: dict) -> str:
    return (
        f'<option value="{_formatted(option["value"])}"{attrs_html(option["attrs"])}>'
        f"{_shown(option['label'])}</option>\n"
    )


def _input_option(option: dict) -> str:
    field = input_html(option) + "\n"
    if not option["wrap_label"]:
        return field + "\n"
    label_id = option["attrs"].get("id")
    label_for = f' for="{_shown(label_id)}"' if label_id else ""
    return f"<label{label_for}>{field} {_shown(option['label'])}</label>\n"


def select_html(widget: dict) -> str | None:
    """select.html with select_option.html for each option; None when an option uses another
    template."""
    parts = [f'<select name="{_shown(widget["name"])}"{attrs_html(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_shown(group_name)}">')
        for option in options:
            if option["template_name"] != SELECT_OPTION:
                return None
            parts.append(f"\n  {_select_option(option)}")
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def multiple_input_html(widget: dict) -> str | None:
    """multiple_input.html (checkboxes, radio buttons) with input_option.html for each; None
    when an option uses another template."""
    widget_id, css_class = widget["attrs"].get("id"), widget["attrs"].get("class")
    parts = [
        "<div",
        f' id="{_shown(widget_id)}"' if widget_id else "",
        f' class="{_shown(css_class)}"' if css_class else "",
        ">",
    ]
    for group, options, _index in widget["optgroups"]:
        if group:
            parts.append(f"\n  <div><label>{_shown(group)}</label>")
        for option in options:
            if option["template_name"] not in INPUT_OPTION_TEMPLATES:
                return None
            # checkbox_option.html and radio_option.html add a newline to input_option.html.
            parts.append(f"<div>\n    {_input_option(option)}\n</div>")
        if group:
            parts.append("\n  </div>")
    parts.append("\n</div>")
    return "".join(parts)


def textarea_html(widget: dict) -> str:
    value = widget["value"]
    return (
        f'<textarea name="{_shown(widget["name"])}"{attrs_html(widget["attrs"])}>\n'
        f"{_shown(value) if value else ''}</textarea>"
    )


INPUT_TYPES = (
    *("input", "text", "number", "email", "url", "password", "hidden", "search", "tel"),
    *("date", "datetime", "time", "color", "checkbox", "file"),
)
BUILDERS: dict[str, Callable[[dict], str | None]] = {
    **{f"{WIDGETS}{name}.html": input_html for name in INPUT_TYPES},
    f"{WIDGETS}select.html": select_html,
    f"{WIDGETS}checkbox_select.html": multiple_input_html,
    f"{WIDGETS}radio.html": multiple_input_html,
    f"{WIDGETS}textarea.html": textarea_html,
}


class FormRenderer(DjangoTemplates):
    """Renders Django's own widget templates listed in BUILDERS in Python, the rest as usual."""

    def render(self, template_name, context, request=None):
        build, widget = BUILDERS.get(template_name), context.get("widget")
        html = build(widget) if build is not None and widget is not None else None
        if html is None:
            return super().render(template_name, context, request)
        return html
