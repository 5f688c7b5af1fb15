"""The survey results page's questions as HTML, written in Python.

Each scale question has three tables of figures and a chart: rendered through template loops
and tags, the figures and the words around them took most of an uncached page. The words are
the page's messages, translated in the reader's language.
"""

import html

from django.utils.formats import get_format
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from wellbeing import charts
from wellbeing.followup_services import Distribution, QuestionResult, SurveyResults

# A category too small to show is marked for the tests.
HIDDEN_CATEGORY = ' data-testid="hidden-category"'


def questions_html(results: SurveyResults, *, may_read: bool) -> SafeString:
    """Every question of the results, numbered, in a section of its own."""
    words = _Words()
    year = results.survey.year
    sections = "".join(
        _question(number, result, year, may_read, words)
        for number, result in enumerate(results.questions, start=1)
    )
    return mark_safe(f"\n      {sections}\n")  # noqa: S308 (every value is escaped)


class _Words:
    """The page's fixed words in the reader's language, each translated once per page."""

    def __init__(self):
        self.decimal_separator = get_format("DECIMAL_SEPARATOR")
        self.hidden = gettext("fewer than five answers; not shown")
        self.answers, self.mean = gettext("Answers"), gettext("Mean")
        # A template's words have their percent signs doubled in the message.
        self.agree = gettext("Agree (4–5), %%").replace("%%", "%")
        self.overall_hidden = gettext("Fewer than five answers; not shown.")
        self.caption = gettext("Answers %(year)s (n = %(count)s)")
        self.mean_line = gettext("Mean %(mean)s on a scale of 1–5.")
        self.answer, self.associations = gettext("Answer"), gettext("Associations")
        self.year_over_year, self.each_year = gettext("Year over year"), gettext("Mean each year")
        self.year, self.category = gettext("Year"), gettext("Category")
        self.by_category = gettext("By category of association")


def _question(number: int, result: QuestionResult, year: int, may_read: bool, words: _Words) -> str:
    question = result.question
    pk = question.pk
    body = _scale(result, year, words) if question.is_scale else _texts(result, may_read)
    return (
        f'\n        <section class="survey-question" aria-labelledby="question-{pk}" '
        f'data-testid="question-{conditional_escape(question.code) or pk}">\n'
        f'          <h2 id="question-{pk}">{number}. {conditional_escape(question.label)}</h2>\n'
        f'          <p class="muted">{conditional_escape(question.get_theme_display())}</p>\n'
        f"          {body}\n        </section>\n      "
    )


def _scale(result: QuestionResult, year: int, words: _Words) -> str:
    overall = result.overall
    if overall.hidden:
        distribution = (
            '\n              <p data-testid="hidden-overall">'
            f"{words.overall_hidden}</p>\n            "
        )
    else:
        distribution = _distribution(result, year, words)
    earlier = _earlier(result, year, words) if result.earlier else ""
    by_category = _by_category(result, words) if result.by_category else ""
    indent = "\n            "
    return f"{indent}{distribution}{indent}{earlier}{indent}{by_category}\n          "


def _distribution(result: QuestionResult, year: int, words: _Words) -> str:
    overall = result.overall
    pk = result.question.pk
    caption = words.caption % {"year": year, "count": overall.answers}
    mean = words.mean_line % {"mean": _mean(overall, words)}
    rows = "".join(
        f'<tr><th scope="row">{conditional_escape(bar["label"])}</th>'
        f"<td>{bar['count']}</td><td>{bar['percent']}</td></tr>"
        for bar in overall.bars()
    )
    return (
        '\n              <div class="table-scroll" role="region" tabindex="0" '
        f'aria-labelledby="dist-{pk}">\n                <table>\n'
        f'                  <caption id="dist-{pk}">{caption}</caption>\n'
        f'                  <thead><tr><th scope="col">{words.answer}</th>'
        f'<th scope="col">{words.associations}</th><th scope="col">%</th></tr></thead>\n'
        f"                  <tbody>\n                    {rows}\n                  </tbody>\n"
        "                </table>\n              </div>\n"
        f'              <p data-testid="mean">{mean}</p>\n            '
    )


def _earlier(result: QuestionResult, year: int, words: _Words) -> str:
    rows = "".join(
        f'<tr><th scope="row">{earlier_year}</th>{_cells(dist, "", words)}</tr>'
        for earlier_year, dist in result.earlier
    )
    this_year = f'<tr><th scope="row">{year}</th>{_cells(result.overall, "", words)}</tr>'
    return (
        f"\n              <h3>{words.year_over_year}</h3>\n"
        f"              {_chart(result, year)}\n"
        '              <div class="table-scroll" role="region" tabindex="0" '
        f'aria-label="{words.each_year}">\n'
        '                <table class="compact">\n'
        f"                  {_head(words.year, words)}\n"
        f"                  <tbody>\n                    {rows}\n                    {this_year}\n"
        "                  </tbody>\n                </table>\n              </div>\n            "
    )


def _by_category(result: QuestionResult, words: _Words) -> str:
    rows = "".join(
        f'<tr data-testid="category-row"><th scope="row">{conditional_escape(name)}</th>'
        f"{_cells(dist, HIDDEN_CATEGORY, words)}</tr>"
        for name, dist in result.by_category
    )
    title = words.by_category
    return (
        f"\n              <h3>{title}</h3>\n"
        '              <div class="table-scroll" role="region" tabindex="0" '
        f'aria-label="{title}">\n'
        '                <table class="compact">\n'
        f"                  {_head(words.category, words)}\n"
        f"                  <tbody>\n                    {rows}\n"
        "                  </tbody>\n                </table>\n              </div>\n            "
    )


def _head(first: str, words: _Words) -> str:
    return (
        f'<thead><tr><th scope="col">{first}</th><th scope="col">{words.answers}</th>'
        f'<th scope="col">{words.mean}</th><th scope="col">{words.agree}</th></tr></thead>'
    )


def _cells(dist: Distribution, hidden_attributes: str, words: _Words) -> str:
    """A group's answers, mean and share agreeing, or a note that the group is too small."""
    if dist.hidden:
        return f'<td colspan="3"{hidden_attributes}>{words.hidden}</td>'
    agree = dist.agree_percent
    return (
        f"<td>{dist.answers}</td><td>{_mean(dist, words)}</td>"
        f"<td>{'' if agree is None else agree}</td>"
    )


def _mean(dist: Distribution, words: _Words) -> str:
    """The mean as the page shows it: two decimals, "3,45" in Finnish."""
    mean = dist.mean
    return "" if mean is None else f"{mean:.2f}".replace(".", words.decimal_separator)


def _chart(result: QuestionResult, year: int) -> str:
    """The mean of each year as bars, beside the table that gives the same figures."""
    bars = [(str(earlier_year), dist.mean) for earlier_year, dist in result.earlier]
    bars.append((str(year), result.overall.mean))
    return charts.bar_chart(
        title=gettext("Mean each year, scale 1–5: %(question)s")
        % {"question": result.question.label},
        description=", ".join(f"{y}: {m if m is not None else '–'}" for y, m in bars),
        bars=[(label, float(mean) if mean is not None else None) for label, mean in bars],
        max_value=5,
        decimals=1,
    )


def _texts(result: QuestionResult, may_read: bool) -> str:
    count = ngettext(
        "%(counter)s written answer.", "%(counter)s written answers.", result.text_count
    ) % {"counter": result.text_count}
    if not may_read:
        readers = gettext("The written answers are read by the liaison officer and the council.")
        shown = f'\n              <p class="muted">{readers}</p>\n            '
    elif result.texts:
        # Hundreds of texts: escaped as Django's escape() does, without its wrappers.
        texts = "".join(f"<li>{html.escape(text)}</li>" for text in result.texts)
        shown = (
            '\n              \n                <ul class="free-texts" data-testid="free-texts">\n'
            f"                  {texts}\n                </ul>\n              \n            "
        )
    else:
        shown = "\n              \n            "
    return f"\n            <p>{count}</p>\n            {shown}\n          "
