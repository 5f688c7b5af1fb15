import functools

import markdown as markdown_lib
import nh3
from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, translate_url
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _

register = template.Library()

ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "a", "blockquote", "br", "hr",
    "table", "thead", "tbody", "tr", "th", "td", "code",
}  # fmt: skip


@register.filter
def markdown(text: str) -> str:
    """Markdown written by the officer, as sanitised HTML (no scripts, no raw HTML tricks)."""
    html = markdown_lib.markdown(text or "", extensions=["tables", "sane_lists"])
    # The page has one h1 (its title), so the text's headings start at h2.
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    return mark_safe(nh3.clean(html, tags=ALLOWED_TAGS))  # noqa: S308  (sanitised just above)


@functools.lru_cache(maxsize=4096)
def _translated_path(path: str, language_code: str, *_resolved_under) -> str:
    return translate_url(path, language_code)


@register.simple_tag(takes_context=True)
def language_switcher(context) -> SafeString:
    """The language switcher's items: the page's language as text, each other language as a
    link to this page in it, every name in its own language.

    Its address is this page's resolved in the other language, which costs a tenth of a small
    page on every page: each worker keeps the latest few thousand, per path and under what
    resolved it (the active language, the URL configuration and the script prefix); the query
    string is added back as it is. Built in Python: through the template language the three
    items took a twentieth of a calendar page."""
    current = get_language()
    path, mark, query = context["request"].get_full_path().partition("?")
    items = []
    for code, _name in settings.LANGUAGES:
        name = escape(get_language_info(code)["name_local"])
        if code == current:
            items.append(f'<li><span aria-current="true" lang="{code}">{name}</span></li>')
            continue
        translated = _translated_path(path, code, current, get_urlconf(), get_script_prefix())
        href = escape(f"{translated}{mark}{query}")
        items.append(f'<li><a href="{href}" lang="{code}" hreflang="{code}">{name}</a></li>')
    return mark_safe("\n".join(items))  # noqa: S308 - the names and addresses are escaped


# Fields whose widget is a group of inputs: a fieldset with a legend rather than a label.
GROUPED_WIDGETS = {"checkboxselectmultiple", "radioselect"}


@register.simple_tag
def form_fields(form) -> SafeString:
    """The form's hidden fields, then each visible field in a <div class="field"> with its
    label (a legend for a group of inputs), "(required)", help text and errors; the help
    and errors carry the ids that Django's widgets name in aria-describedby.

    Built in Python rather than a template loop: every form page, the calendar's filters
    among them, renders its fields this way."""
    required_word = escape(_("required"))
    required = f' <span class="required">({required_word})</span>'
    parts = [str(field) for field in form.hidden_fields()]
    for field in form.visible_fields():
        errors = field.errors
        label = conditional_escape(field.label)
        mark = required if field.field.required else ""
        widget_type = field.widget_type
        if widget_type == "checkbox":
            body = f'{field} <label for="{escape(field.id_for_label)}">{label}</label>'
        elif widget_type in GROUPED_WIDGETS:
            body = f"<fieldset>\n<legend>{label}{mark}</legend>\n{field}\n</fieldset>"
        else:
            body = f'<label for="{escape(field.id_for_label)}">{label}{mark}</label>\n{field}'
        auto_id = escape(field.auto_id)
        if field.help_text:
            body += f'\n<p class="help" id="{auto_id}_helptext">'
            body += f"{conditional_escape(field.help_text)}</p>"
        for error in errors:
            body += f'\n<p class="error" id="{auto_id}_error">{conditional_escape(error)}</p>'
        parts.append(f'<div class="field{" field-error" if errors else ""}">\n{body}\n</div>')
    return mark_safe("\n".join(parts))  # noqa: S308 - every value is escaped above


# The frame's main navigation and footer per template, language, section of the site and
# whether the reader is signed in. They hold links and translated words only, no data, and
# cost most of rendering the frame; each worker renders them once. A signed-in reader's
# navigation has a form to log out, whose CSRF token is put in on every request.
_frame_parts: dict[tuple, SafeString] = {}
CSRF_STAND_IN = "csrf-token-of-the-request"


@register.simple_tag(takes_context=True)
def frame_part(context, template_name: str) -> SafeString:
    """A part of the frame rendered with the page's context: once per language, section and
    whether the reader is signed in, with each request's own CSRF token."""
    template = context.template.engine.get_template(template_name)
    request, user = context.get("request"), context.get("user")
    if request is None or user is None:
        return SafeString(template.render(context))
    match = request.resolver_match
    key = (
        template_name,
        get_language(),
        match.namespace if match else None,
        user.is_authenticated,
        settings.MUNICIPALITY_NAME,
        get_script_prefix(),
        get_urlconf(),
    )
    part = _frame_parts.get(key)
    if part is None:
        with context.push(csrf_token=CSRF_STAND_IN):
            part = _frame_parts[key] = SafeString(template.render(context))
    if CSRF_STAND_IN not in part:
        return part
    # Read only here: reading the token has the response set the CSRF cookie, as the tag does.
    token = context.get("csrf_token")
    if token is None or str(token) == "NOTPROVIDED":
        return SafeString(template.render(context))
    return SafeString(part.replace(CSRF_STAND_IN, escape(str(token))))
