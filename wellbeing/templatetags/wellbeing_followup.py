"""Template tags of the yearly follow-up for the wellbeing index, the dashboard and the
officer's links."""

from django import template
from django.utils import timezone

from portal.tally import WAITING
from wellbeing import followup_services as services
from wellbeing.models import AssessmentAction, Survey, SurveyResponse
from wellbeing.permissions import can_manage_followup
from wellbeing.templatetags.wellbeing_rounds import each_open_with_answers

register = template.Library()


def _open_surveys(today):
    return Survey.objects.filter(opens_on__lte=today, closes_on__gte=today)


def _responses(survey_ids, association_ids):
    return SurveyResponse.objects.filter(
        survey_id__in=survey_ids, association_id__in=association_ids
    )


@register.simple_tag
def my_open_surveys(user):
    """(survey, association, response or None) for each open survey and represented
    association."""
    return each_open_with_answers(user, "surveys", _open_surveys, _responses, "survey_id")


def _open_actions():
    return AssessmentAction.objects.filter(done_on__isnull=True)


OPEN_ACTIONS = WAITING.count("open actions", _open_actions, shown_to=can_manage_followup)
LATE_ACTIONS = WAITING.count(
    "late actions",
    lambda today: _open_actions().filter(due_on__lt=today),
    values=lambda user: (timezone.localdate(),),
    shown_to=can_manage_followup,
)


@register.simple_tag(takes_context=True)
def followup_officer_counts(context):
    """The open and late actions, for the officer's links; None for anyone else."""
    request = context.request
    late = LATE_ACTIONS.read(request)
    return None if late is None else {"open": OPEN_ACTIONS.read(request), "late": late}


@register.simple_tag
def current_survey():
    return services.current_survey()
