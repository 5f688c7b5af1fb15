"""The survey's answers counted by the database's triggers (wellbeing.SurveyCount) must always
equal a count of the sent answers as they stand, in all and per category of association."""

import pytest
from django.db import connection
from django.db.models import F
from django.utils import timezone

from organizations.models import Association
from tests.factories import AssociationFactory, CategoryFactory
from tests.wellbeing.survey_factories import make_survey, submitted_response
from wellbeing.models import SurveyAnswer, SurveyCount, SurveyQuestion, SurveyResponse

pytestmark = pytest.mark.django_db

Key = tuple[int, int | None, int | None, bool, bool]


def kept() -> dict[Key, int]:
    return {
        (question, category, score, cant_say, written): count
        for question, category, score, cant_say, written, count in SurveyCount.objects.values_list(
            "question_id", "category_id", "score", "cant_say", "written", "count"
        )
        if count
    }


def counted() -> dict[Key, int]:
    """The same counts from the answers themselves, as the results once counted them."""
    counts: dict[Key, int] = {}
    answers = SurveyAnswer.objects.filter(response__submitted_at__isnull=False).values_list(
        "question_id", "response__association_id", "score", "cant_say", "text"
    )
    links: dict[int, list[int]] = {}
    for association, category in Association.categories.through.objects.values_list(
        "association_id", "category_id"
    ):
        links.setdefault(association, []).append(category)
    for question, association, score, cant_say, text in answers:
        for category in [None, *links.get(association, [])]:
            key = (question, category, score, cant_say, bool(text))
            counts[key] = counts.get(key, 0) + 1
    return counts


def test_the_kept_counts_follow_answers_responses_and_categories():
    survey = make_survey()
    sports, culture = CategoryFactory(name="Urheilu"), CategoryFactory(name="Kulttuuri")
    club, choir, village = AssociationFactory.create_batch(3)
    club.categories.add(sports, culture)
    choir.categories.add(culture)
    sent = submitted_response(survey, club, score=4, text="Lisää iltavuoroja")
    submitted_response(survey, village, cant_say=True)
    draft = SurveyResponse.objects.create(survey=survey, association=choir)
    SurveyAnswer.objects.bulk_create(
        SurveyAnswer(response=draft, question=question, score=2 if question.is_scale else None)
        for question in survey.questions.all()
    )
    assert kept() == counted()
    assert sum(count for (_q, category, *_rest), count in kept().items() if category) == 18

    # A draft counts once sent, an answer as it is changed, a sent answer no more once reopened.
    draft.submitted_at = timezone.now()
    draft.save()
    SurveyAnswer.objects.filter(response=sent, score=4).update(score=5)
    SurveyAnswer.objects.filter(response=sent).exclude(text="").update(text="")
    assert kept() == counted()
    sent.submitted_at = None
    sent.save()
    assert kept() == counted()

    # Categories linked and unlinked, a category removed, an association moved.
    village.categories.add(sports)
    choir.categories.remove(culture)
    sports.delete()
    moved_to = AssociationFactory()
    moved_to.categories.add(culture)
    SurveyResponse.objects.filter(association=village).update(association=moved_to)
    assert kept() == counted()

    # Answers removed, a question with them, a whole association.
    SurveyAnswer.objects.filter(question__kind=SurveyQuestion.Kind.TEXT).delete()
    survey.questions.filter(order=1).delete()
    choir.delete()
    assert kept() == counted()
    Association.objects.filter(pk__in=[club.pk, moved_to.pk]).delete()
    assert kept() == counted() == {}


def test_a_response_removed_before_its_answers_is_counted_out_once():
    survey = make_survey()
    association = AssociationFactory()
    association.categories.add(CategoryFactory())
    response = submitted_response(survey, association, score=3)
    submitted_response(survey, score=1)
    before = counted()

    # The foreign keys are checked at the commit, so the rows may go in either order.
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM wellbeing_surveyresponse WHERE id = %s", [response.pk])
        cursor.execute("DELETE FROM wellbeing_surveyanswer WHERE response_id = %s", [response.pk])

    assert kept() == counted() != before


def test_answers_given_again_over_a_draft_are_counted_as_they_end():
    survey = make_survey()
    response = submitted_response(survey, score=2)
    scale = [question for question in survey.questions.all() if question.is_scale]
    SurveyAnswer.objects.bulk_create(
        [SurveyAnswer(response=response, question=question, score=5) for question in scale],
        update_conflicts=True,
        unique_fields=["response", "question"],
        update_fields=["score", "cant_say", "text"],
    )
    SurveyAnswer.objects.filter(response=response).update(score=F("score"))

    assert kept() == counted()
    assert {key[2] for key in kept() if key[1] is None and key[2]} == {5}
