"""What the wellbeing app holds on a person, for the export of their own data.

Each part registers its own collector below. The rows stay with an anonymised account: the
answers belong to their associations and the rounds to the municipality.
"""

from django.utils.translation import gettext as _

from portal.models import User
from portal.privacy import Section, register, rows_of
from wellbeing.models import InputAnswer, InputRound, Quotation


def input_rounds_data(user: User) -> list[Section]:
    """The answers the person last edited, and the rounds and quotations they made."""
    return [
        rows_of(
            "wellbeing_answers_edited",
            _("Wellbeing report answers you last edited"),
            InputAnswer.objects.filter(updated_by=user).order_by("created_at", "pk"),
            ["association__name", "round__title", "status", "updated_at", "submitted_at"],
        ),
        rows_of(
            "wellbeing_rounds_created",
            _("Wellbeing input rounds you created"),
            InputRound.objects.filter(created_by=user).order_by("created_at", "pk"),
            ["title", "year", "status", "created_at"],
        ),
        rows_of(
            "wellbeing_quotations_marked",
            _("Quotations you marked for the wellbeing report"),
            Quotation.objects.filter(created_by=user).order_by("created_at", "pk"),
            ["text", "is_approved", "created_at"],
        ),
    ]


register("wellbeing_rounds", collect=input_rounds_data)


def followup_data(user: User) -> list[Section]:
    """The survey answers the person sent or last saved, and the officer's follow-up rows."""
    from django.db.models import Q

    from wellbeing.models import MarkFigure, SelfAssessment, Survey, SurveyResponse

    return [
        rows_of(
            "wellbeing_survey_answers",
            _("Association survey answers you sent or last saved"),
            SurveyResponse.objects.filter(Q(submitted_by=user) | Q(updated_by=user)).order_by(
                "created_at", "pk"
            ),
            ["association__name", "survey__year", "updated_at", "submitted_at"],
        ),
        rows_of(
            "wellbeing_followup_made",
            _("Self-assessments you made"),
            SelfAssessment.objects.filter(created_by=user).order_by("year"),
            ["year", "created_at"],
        ),
        rows_of(
            "wellbeing_surveys_made",
            _("Association surveys you made"),
            Survey.objects.filter(created_by=user).order_by("year"),
            ["year", "created_at"],
        ),
        rows_of(
            "wellbeing_mark_figures",
            _("Figures of the marks you entered"),
            MarkFigure.objects.filter(entered_by=user).order_by("year", "mark"),
            ["year", "mark", "figure", "entered_at"],
        ),
    ]


register("wellbeing_followup", collect=followup_data)
