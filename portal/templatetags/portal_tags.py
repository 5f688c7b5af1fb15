import markdown as markdown_lib
import nh3
from django import template
from django.urls import translate_url
from django.utils.safestring import mark_safe

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


@register.simple_tag(takes_context=True)
def translated_url(context, language_code: str) -> str:
    """This page's address in another language, for the plain-link language switcher."""
    request = context["request"]
    url = translate_url(request.get_full_path(), language_code)
    return url
