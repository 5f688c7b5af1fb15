"""The wellbeing app's sections of the council's reports (portal/council.py gathers them).

- `annual_sections(year)`: the app's sections of the annual report; each part of the app adds
  a function `(year) -> Section` to ANNUAL_SECTIONS.
- `rounds_for_council()` and `round_sections(pk)`: the report on one closed input round.
"""

from collections.abc import Callable

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from wellbeing.models import InputRound
from wellbeing.services import approved_quotations, round_figures

CLOSED = [InputRound.Status.CLOSED, InputRound.Status.PUBLISHED]


def rounds_for_council():
    """The input rounds a council report may be about: those closed, newest first."""
    return InputRound.objects.filter(status__in=CLOSED).order_by("-year", "-deadline", "-pk")


def years_with_data() -> set[int]:
    return set(rounds_for_council().values_list("year", flat=True))


def input_rounds_figures(year: int) -> list[dict]:
    """Each closed round of the report year: its answers per theme and target group."""
    rounds = rounds_for_council().filter(year=year).order_by("deadline", "pk")
    return [{"round": input_round, **round_figures(input_round)} for input_round in rounds]


def input_rounds_section(year: int):
    """The input rounds' section of the annual report."""
    from portal.council import Section

    anchor, title = "wellbeing-rounds-summary", _("Associations' input to the wellbeing report")
    context = {"anchor": anchor, "title": title, "rounds": input_rounds_figures(year)}
    return Section(
        anchor=anchor,
        title=title,
        html=render_to_string("wellbeing/pdf/council_rounds.html", context),
    )


ANNUAL_SECTIONS: list[Callable] = [input_rounds_section]


def annual_sections(year: int) -> list:
    return [section(year) for section in ANNUAL_SECTIONS]


def round_sections(round_pk: int) -> list:
    """The report on one closed round: its figures, and the summary with its quotations."""
    from portal.council import Section

    input_round = rounds_for_council().get(pk=round_pk)
    figures = {"round": input_round, **round_figures(input_round)}
    quotations = approved_quotations(input_round)
    anchor, title = "wellbeing-round-figures", _("Answers by theme and target group")
    context = {"anchor": anchor, "title": title, "rounds": [figures]}
    return [
        Section(
            anchor=anchor,
            title=title,
            html=render_to_string("wellbeing/pdf/council_rounds.html", context),
        ),
        Section(
            anchor="wellbeing-round-summary",
            title=_("Summary and quotations"),
            html=render_to_string(
                "wellbeing/pdf/council_round_summary.html",
                {"round": input_round, "quotations": quotations},
            ),
        ),
    ]


def followup_section(year: int):
    """The yearly follow-up's section of the annual report: the seven marks, the
    self-assessment's scores and open actions, and the survey's means."""
    from portal.council import Section
    from wellbeing.followup_services import survey_results
    from wellbeing.marks import marks_for
    from wellbeing.models import SelfAssessment, Survey

    anchor, title = "wellbeing-followup", _("How association-friendly the municipality is")
    assessment = SelfAssessment.objects.filter(year=year).prefetch_related("areas").first()
    survey = Survey.objects.filter(year=year).first()
    context = {
        "anchor": anchor,
        "title": title,
        "year": year,
        "marks": marks_for(year),
        "assessment": assessment,
        "areas": list(assessment.areas.all()) if assessment else [],
        "open_actions": list(assessment.actions.filter(done_on__isnull=True)) if assessment else [],
        "results": survey_results(survey, years_back=1) if survey else None,
    }
    return Section(
        anchor=anchor,
        title=title,
        html=render_to_string("wellbeing/pdf/council_followup.html", context),
    )


ANNUAL_SECTIONS.append(followup_section)
