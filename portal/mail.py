"""Rendering of the portal's plain-text e-mail.

Django escapes `<`, `&` and quotes for HTML in every template, which turns "Kylä & Seura ry"
into "Kylä &amp; Seura ry" in a subject or a text body. Every `.txt` mail template is therefore
rendered through these functions, which turn escaping off; HTML bodies keep using
render_to_string and stay escaped.
"""

from django.http import HttpRequest
from django.template import Engine
from django.template.context import make_context


def render_text(
    template_name: str, context: dict | None = None, request: HttpRequest | None = None
) -> str:
    """A plain-text mail template rendered as it reads, without HTML escaping."""
    template = Engine.get_default().get_template(template_name)
    return template.render(make_context(context, request, autoescape=False))


def render_subject(
    template_name: str, context: dict | None = None, request: HttpRequest | None = None
) -> str:
    """A subject line: plain text on one line, whatever line breaks the template has."""
    return " ".join(render_text(template_name, context, request).split())
