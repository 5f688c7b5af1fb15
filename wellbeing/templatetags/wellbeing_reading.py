"""The rows of a round's figures and the choices of its reading filter, written in Python.

Each row was a template loop's turn with a few lookups and filters; on the officer's page of
answers the loops over themes and target groups (two tables, two lists of choices) took about
as long as the queries behind them. Each tag writes what its loop wrote, byte for byte.
"""

from django import template
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

register = template.Library()


def _shown(value) -> str:
    """A value as {{ value }} shows it: localized, then escaped."""
    return conditional_escape(str(localize(value)))


@register.simple_tag
def theme_figure_rows(themes) -> SafeString:
    """The answers-by-theme table's rows, each theme linking to its answers."""
    return mark_safe(  # noqa: S308 (every value is escaped)
        "".join(
            f'<tr><td><a href="?teema={_shown(theme.slug)}">{_shown(theme.name)}</a></td>'
            f'<td class="num" data-testid="theme-count-{_shown(theme.slug)}">'
            f"{_shown(theme.answer_count)}</td></tr>"
            for theme in themes
        )
    )


@register.simple_tag
def group_figure_rows(groups) -> SafeString:
    """The answers-by-target-group table's rows (answers, people reached), or a row saying
    that none was given."""
    if not groups:
        none_given = conditional_escape(gettext("No target groups given yet."))
        return mark_safe(f'<tr><td colspan="3">{none_given}</td></tr>')  # noqa: S308 (escaped)
    return mark_safe(  # noqa: S308 (every value is escaped)
        "".join(
            f'<tr><td><a href="?kohderyhma={_shown(group.slug)}">{_shown(group.name)}</a></td>'
            f'<td class="num">{_shown(group.answer_count)}</td>'
            f'<td class="num" data-testid="group-people-{_shown(group.slug)}">'
            f"{_shown(group.people)}</td></tr>"
            for group in groups
        )
    )


@register.simple_tag
def filter_options(options, chosen) -> SafeString:
    """A filter's options by slug and name, the chosen one (or None) selected."""
    chosen_pk = chosen.pk if chosen else None
    return mark_safe(  # noqa: S308 (every value is escaped)
        "".join(
            f'<option value="{_shown(option.slug)}"'
            f"{' selected' if chosen_pk is not None and chosen_pk == option.pk else ''}>"
            f"{_shown(option.name)}</option>"
            for option in options
        )
    )
