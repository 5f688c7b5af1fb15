"""A submitted survey answer, made through the models looked up by name."""

from datetime import date

from django.apps import apps
from django.utils import timezone


def answered_survey(association, year: int):
    survey_model = apps.get_model("wellbeing", "Survey")
    response_model = apps.get_model("wellbeing", "SurveyResponse")
    survey, _created = survey_model.objects.get_or_create(
        year=year, defaults={"opens_on": date(year, 1, 1), "closes_on": date(year, 12, 31)}
    )
    return response_model.objects.create(
        survey=survey, association=association, submitted_at=timezone.now()
    )
