"""Template tags of the yearly follow-up for the wellbeing index, the dashboard and the
officer's links."""

from django import template
from django.db.models import Count, Q

from wellbeing import followup_services as services
from wellbeing.models import AssessmentAction
from wellbeing.permissions import can_manage_followup

register = template.Library()


@register.simple_tag
def my_open_surveys(user):
    """(survey, association, response or None) for each open survey and represented association."""
    return services.association_pending_surveys(user)


@register.simple_tag
def followup_officer_counts(user):
    """The open and late actions, for the officer's links; None for anyone else."""
    if not can_manage_followup(user):
        return None
    from django.utils import timezone

    return AssessmentAction.objects.filter(done_on__isnull=True).aggregate(
        open=Count("pk"), late=Count("pk", filter=Q(due_on__lt=timezone.localdate()))
    )


@register.simple_tag
def current_survey():
    return services.current_survey()
