"""An input answer as a card: on its own page, and ten to a page where the officer reads a round.

Written in Python: through a template include per card, the dozen fields, translated words and
filters of ten cards took most of the time of the officer's page of answers."""

from django import template
from django.template.defaultfilters import date, linebreaksbr
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext, ngettext

from portal.links import Urls
from wellbeing.models import InputAnswer, Structure

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
        _Words(),
    )
    return mark_safe(card)  # noqa: S308 (the card escapes every value)


@register.simple_tag
def answer_cards(cards) -> SafeString:
    """A page of answers to read, each given with its themes, target groups reached and number
    of quotations (wellbeing.services.reading_cards); the association's name links to the
    answer's page."""
    words = _Words()
    return mark_safe(  # noqa: S308 (the cards escape every value)
        "".join(
            f"\n        {_card(answer, 'h3', themes, reached, quotations, words)}\n      "
            for answer, themes, reached, quotations in cards
        )
    )


class _Words:
    """What every card says alike, in the reader's language, worked out once per page."""

    def __init__(self):
        # Each heading a call of its own, where makemessages finds it.
        self.headings = (
            gettext("Themes the work touches"),
            gettext("Target groups and people reached"),
            gettext("Needs and changes seen among the people they work with"),
            gettext("Own actions"),
            gettext("Proposals to the municipality"),
            gettext("What the association needs"),
            gettext("Structures taken part in"),
        )
        self.needs = (gettext("premises"), gettext("funding"), gettext("cooperation"))
        self.sent = gettext("sent %(day)s")
        draft = gettext("draft, not sent")
        self.draft = f"<strong>{draft}</strong>"
        self.structures = {code: conditional_escape(label) for code, label in Structure.choices}
        self.address = Urls("wellbeing:answer_detail")


def _card(
    answer: InputAnswer, heading: str, themes, reached, quotations: int, words: _Words
) -> str:
    pk = answer.pk
    name = conditional_escape(answer.association.name)
    if heading == "h3":
        title = f'<h3 id="answer-title-{pk}"><a href="{words.address(pk)}">{name}</a></h3>'
    else:
        title = f'<h2 id="answer-title-{pk}">{name}</h2>'
    theme_tags = "".join(
        f'<span class="tag">{conditional_escape(theme.name)}</span> ' for theme in themes
    )
    groups = ", ".join(
        f"{conditional_escape(row.target_group.name)}: {row.people_reached}" for row in reached
    )
    values = (
        theme_tags or "–",
        groups or "–",
        linebreaksbr(answer.observed_needs) or "–",
        linebreaksbr(answer.own_actions) or "–",
        linebreaksbr(answer.proposals) or "–",
        _needs(answer, words),
        _structures(answer, words),
    )
    terms = "".join(
        f"    <dt>{heading}</dt>\n    <dd>{value}</dd>\n"
        for heading, value in zip(words.headings, values, strict=True)
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
        f'  <p class="muted">{_status(answer, words)}\n</p>\n'
        f"  <dl>\n{terms}  </dl>\n"
        f"  {quoted}\n"
        "</article>\n"
    )


def _status(answer: InputAnswer, words: _Words) -> str:
    if answer.is_submitted:
        sent = answer.submitted_at
        day = date(localtime(sent), "j.n.Y") if sent else ""
        return words.sent % {"day": conditional_escape(day)}
    return words.draft


def _needs(answer: InputAnswer, words: _Words) -> str:
    tags = "".join(
        f'<span class="tag">{word}</span> '
        for word, needed in zip(
            words.needs,
            (answer.needs_premises, answer.needs_funding, answer.needs_cooperation),
            strict=True,
        )
        if needed
    )
    return f"{tags}{linebreaksbr(answer.needs_text)}" or "–"


def _structures(answer: InputAnswer, words: _Words) -> str:
    # As InputAnswer.structure_labels: a code no longer among the choices is shown as it is.
    given = [words.structures.get(code) or conditional_escape(code) for code in answer.structures]
    if answer.structures_other:
        given.append(conditional_escape(answer.structures_other))
    return ", ".join(given) or "–"
