"""Rows of the yearly follow-up for tests: surveys with the core questions, answers, the
self-assessment."""

from datetime import date, timedelta

from django.utils import timezone

from tests.factories import AssociationFactory, CategoryFactory, MembershipFactory
from wellbeing import followup_services as services
from wellbeing.models import (
    CORE_QUESTIONS,
    AreaAssessment,
    SelfAssessment,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
)


def make_survey(year: int | None = None, *, is_open: bool = True) -> Survey:
    """A survey with the core questions; open today unless told otherwise."""
    today = timezone.localdate()
    year = year or today.year
    if is_open:
        opens_on, closes_on = today - timedelta(days=5), today + timedelta(days=20)
    else:
        opens_on, closes_on = date(year, 3, 1), date(year, 3, 31)
    survey = Survey.objects.create(year=year, opens_on=opens_on, closes_on=closes_on)
    SurveyQuestion.objects.bulk_create(
        SurveyQuestion(
            survey=survey,
            code=core["code"],
            theme=core["theme"],
            kind=core["kind"],
            text=str(core["text"]),
            order=order,
        )
        for order, core in enumerate(CORE_QUESTIONS, start=1)
    )
    return survey


def submitted_response(survey, association=None, *, score=4, text="", cant_say=False):
    """A sent answer: every scale question gets `score` (or "can't say"), texts get `text`."""
    association = association or AssociationFactory()
    response = SurveyResponse.objects.create(
        survey=survey, association=association, submitted_at=timezone.now()
    )
    SurveyAnswer.objects.bulk_create(
        SurveyAnswer(
            response=response,
            question=question,
            score=None if cant_say or not question.is_scale else score,
            cant_say=cant_say and question.is_scale,
            text="" if question.is_scale else text,
        )
        for question in survey.questions.all()
    )
    return response


def answers_in_category(survey, count, category_name="Urheilu", score=4):
    category = CategoryFactory(name=category_name)
    responses = []
    for _n in range(count):
        association = AssociationFactory()
        association.categories.add(category)
        responses.append(submitted_response(survey, association, score=score))
    return responses


def make_assessment(year: int, scores: dict[int, int] | None = None, **kwargs) -> SelfAssessment:
    assessment = SelfAssessment.objects.create(year=year, **kwargs)
    for area, score in (scores or {}).items():
        AreaAssessment.objects.create(assessment=assessment, area=area, score=score)
    return assessment


def representative_of(association):
    return MembershipFactory(association=association).user


__all__ = [
    "answers_in_category",
    "make_assessment",
    "make_survey",
    "representative_of",
    "services",
    "submitted_response",
]
