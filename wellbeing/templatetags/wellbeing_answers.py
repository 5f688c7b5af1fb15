"""An input answer as a card: on its own page, and ten to a page where the officer reads a round.

Written in Python: through a template include per card, the dozen fields, translated words and
filters of ten cards took most of the time of the officer's page of answers."""

from django import template
from django.template.defaultfilters import date, linebreaksbr
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext, ngettext

from wellbeing.models import InputAnswer

register = template.Library()


@register.simple_tag
def answer_card(answer: InputAnswer) -> SafeString:
    """The answer on its own page, with its themes, target groups and quotations prefetched
    (InputAnswerQuerySet.with_list_data)."""
    card = _card(
        answer,
        "h2",
        answer.themes.all(),
        answer.reached_groups.all(),
        len(answer.quotations.all()),
    )
    return mark_safe(card)  # noqa: S308 (the card escapes every value)


@register.simple_tag
def answer_cards(cards) -> SafeString:
    """A page of answers to read, each given with its themes, target groups reached and number
    of quotations (wellbeing.services.reading_cards); the association's name links to the
    answer's page."""
    return mark_safe(  # noqa: S308 (the cards escape every value)
        "".join(f"\n        {_card(answer, 'h3', *details)}\n      " for answer, *details in cards)
    )


def _card(answer: InputAnswer, heading: str, themes, reached, quotations: int) -> str:
    pk = answer.pk
    name = conditional_escape(answer.association.name)
    if heading == "h3":
        title = f'<h3 id="answer-title-{pk}"><a href="{answer.get_absolute_url()}">{name}</a></h3>'
    else:
        title = f'<h2 id="answer-title-{pk}">{name}</h2>'
    theme_tags = "".join(
        f'<span class="tag">{conditional_escape(theme.name)}</span> ' for theme in themes
    )
    groups = ", ".join(
        f"{conditional_escape(row.target_group.name)}: {row.people_reached}" for row in reached
    )
    # Each heading a call of its own, outside the f-string, where makemessages finds it.
    headings = (
        gettext("Themes the work touches"),
        gettext("Target groups and people reached"),
        gettext("Needs and changes seen among the people they work with"),
        gettext("Own actions"),
        gettext("Proposals to the municipality"),
        gettext("What the association needs"),
        gettext("Structures taken part in"),
    )
    values = (
        theme_tags or "–",
        groups or "–",
        linebreaksbr(answer.observed_needs) or "–",
        linebreaksbr(answer.own_actions) or "–",
        linebreaksbr(answer.proposals) or "–",
        _needs(answer),
        _structures(answer),
    )
    terms = "".join(
        f"    <dt>{heading}</dt>\n    <dd>{value}</dd>\n"
        for heading, value in zip(headings, values, strict=True)
    )
    quoted = ""
    if quotations:
        marked = ngettext(
            "%(counter)s quotation marked", "%(counter)s quotations marked", quotations
        )
        quoted = f'<p class="muted">{marked % {"counter": quotations}}</p>'
    return (
        f'\n<article class="card" data-testid="answer-{pk}" aria-labelledby="answer-title-{pk}">\n'
        f"  {title}\n"
        f'  <p class="muted">{_status(answer)}\n</p>\n'
        f"  <dl>\n{terms}  </dl>\n"
        f"  {quoted}\n"
        "</article>\n"
    )


def _status(answer: InputAnswer) -> str:
    if answer.is_submitted:
        sent = answer.submitted_at
        day = date(localtime(sent), "j.n.Y") if sent else ""
        return gettext("sent %(day)s") % {"day": conditional_escape(day)}
    draft = gettext("draft, not sent")
    return f"<strong>{draft}</strong>"


def _needs(answer: InputAnswer) -> str:
    tags = "".join(
        f'<span class="tag">{word}</span> '
        for word, needed in (
            (gettext("premises"), answer.needs_premises),
            (gettext("funding"), answer.needs_funding),
            (gettext("cooperation"), answer.needs_cooperation),
        )
        if needed
    )
    return f"{tags}{linebreaksbr(answer.needs_text)}" or "–"


def _structures(answer: InputAnswer) -> str:
    given = [conditional_escape(label) for label in answer.structure_labels()]
    if answer.structures_other:
        given.append(conditional_escape(answer.structures_other))
    return ", ".join(given) or "–"
