from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from organizations.models import Association
from portal.models import AuditEvent
from tests.factories import AssociationFactory
from tests.wellbeing.survey_factories import (
    answers_in_category,
    make_survey,
    submitted_response,
)
from wellbeing import followup_services as services
from wellbeing.followup_services import Given
from wellbeing.models import SurveyAnswer, SurveyReminder, SurveyResponse

pytestmark = pytest.mark.django_db


def _answers(survey, score=4, text="Hyvää yhteistyötä"):
    return {
        question.pk: Given(score=score) if question.is_scale else Given(text=text)
        for question in survey.questions.all()
    }


def test_officer_creates_a_survey_with_the_core_questions(liaison_officer):
    today = timezone.localdate()

    survey = services.create_survey(
        year=today.year, opens_on=today, closes_on=today, intro="", by=liaison_officer
    )

    codes = list(survey.questions.values_list("code", flat=True))
    assert "premises" in codes
    assert "grants" in codes
    assert "heard" in codes
    assert AuditEvent.objects.filter(action="wellbeing.survey_created").count() == 1


def test_a_second_survey_for_the_same_year_is_refused(liaison_officer):
    survey = make_survey()

    with pytest.raises(ValidationError):
        services.create_survey(
            year=survey.year,
            opens_on=survey.opens_on,
            closes_on=survey.closes_on,
            intro="",
            by=liaison_officer,
        )


def test_representative_cannot_create_a_survey(association_rep):
    today = timezone.localdate()

    with pytest.raises(PermissionDenied):
        services.create_survey(
            year=today.year, opens_on=today, closes_on=today, intro="", by=association_rep
        )


def test_a_draft_is_kept_and_then_sent_once(association, association_rep):
    survey = make_survey()

    services.save_response(
        survey=survey,
        association=association,
        answers=_answers(survey),
        submit=False,
        by=association_rep,
    )
    response = SurveyResponse.objects.get(survey=survey, association=association)
    assert response.submitted_at is None
    services.save_response(
        survey=survey,
        association=association,
        answers=_answers(survey, score=5),
        submit=True,
        by=association_rep,
    )

    response.refresh_from_db()
    assert response.submitted_at is not None
    assert set(response.answers.exclude(score=None).values_list("score", flat=True)) == {5}
    with pytest.raises(ValidationError):
        services.save_response(
            survey=survey,
            association=association,
            answers=_answers(survey, score=1),
            submit=True,
            by=association_rep,
        )
    assert set(response.answers.exclude(score=None).values_list("score", flat=True)) == {5}


def test_sending_without_every_scale_answer_is_refused_and_changes_nothing(
    association, association_rep
):
    survey = make_survey()
    answers = _answers(survey)
    first_scale = next(q for q in survey.questions.all() if q.is_scale)
    answers[first_scale.pk] = Given()

    with pytest.raises(ValidationError) as error:
        services.save_response(
            survey=survey,
            association=association,
            answers=answers,
            submit=True,
            by=association_rep,
        )

    assert error.value.code == "incomplete"
    assert not SurveyAnswer.objects.exists()
    assert not SurveyResponse.objects.filter(submitted_at__isnull=False).exists()


def test_cant_say_counts_as_an_answer(association, association_rep):
    survey = make_survey()
    answers = {
        q.pk: Given(cant_say=True) if q.is_scale else Given() for q in survey.questions.all()
    }

    response = services.save_response(
        survey=survey, association=association, answers=answers, submit=True, by=association_rep
    )

    assert response.is_submitted


def test_a_score_outside_the_scale_is_refused(association, association_rep):
    survey = make_survey()
    answers = _answers(survey, score=6)

    with pytest.raises(ValidationError):
        services.save_response(
            survey=survey,
            association=association,
            answers=answers,
            submit=False,
            by=association_rep,
        )
    assert not SurveyAnswer.objects.exists()


def test_representative_cannot_answer_for_another_association(other_association, association_rep):
    survey = make_survey()

    with pytest.raises(PermissionDenied):
        services.save_response(
            survey=survey,
            association=other_association,
            answers=_answers(survey),
            submit=False,
            by=association_rep,
        )
    assert not SurveyResponse.objects.exists()


def test_a_closed_survey_takes_no_answers(association, association_rep):
    survey = make_survey(timezone.localdate().year - 1, is_open=False)

    with pytest.raises(ValidationError):
        services.save_response(
            survey=survey,
            association=association,
            answers=_answers(survey),
            submit=False,
            by=association_rep,
        )


def test_results_with_four_answers_are_not_shown():
    survey = make_survey()
    for _n in range(4):
        submitted_response(survey, score=4)

    results = services.survey_results(survey, with_texts=True)

    assert results.respondents == 4
    assert results.hidden
    assert all(result.overall.hidden for result in results.questions if result.question.is_scale)
    assert all(result.overall.mean is None for result in results.questions)


def test_results_with_five_answers_are_shown():
    survey = make_survey()
    for score in (1, 2, 4, 5, 5):
        submitted_response(survey, score=score, text="Lisää tiloja")

    results = services.survey_results(survey, with_texts=True)

    premises = next(r for r in results.questions if r.question.code == "premises")
    assert not results.hidden
    assert premises.overall.answers == 5
    assert premises.overall.counts == {1: 1, 2: 1, 4: 1, 5: 2}
    assert str(premises.overall.mean) == "3.40"
    assert premises.overall.agree_percent == 60
    improve = next(r for r in results.questions if r.question.code == "improve")
    assert improve.texts == ["Lisää tiloja"] * 5


def test_the_audience_is_every_listed_association_and_follows_the_register():
    survey = make_survey()
    submitted_response(survey)
    AssociationFactory(is_listed=False)
    listed = AssociationFactory()
    listed_now = Association.objects.filter(is_listed=True).count()

    before = services.compute_survey_results(survey).audience
    listed.is_listed = False
    listed.save()
    after = services.compute_survey_results(survey).audience

    assert before == listed_now
    assert after == listed_now - 1


def test_drafts_do_not_count_in_the_results():
    survey = make_survey()
    for _n in range(5):
        submitted_response(survey)
    SurveyResponse.objects.filter(pk=SurveyResponse.objects.first().pk).update(submitted_at=None)

    results = services.survey_results(survey)

    assert results.respondents == 4
    assert results.hidden


def test_a_category_of_four_is_held_back_and_one_of_five_is_shown():
    survey = make_survey()
    answers_in_category(survey, 4, "Kulttuuri", score=2)
    answers_in_category(survey, 5, "Urheilu", score=5)

    results = services.survey_results(survey)

    premises = next(r for r in results.questions if r.question.code == "premises")
    groups = dict(premises.by_category)
    assert groups["Kulttuuri"].hidden
    assert groups["Kulttuuri"].mean is None
    assert not groups["Urheilu"].hidden
    assert str(groups["Urheilu"].mean) == "5.00"


def test_results_compare_the_core_questions_year_over_year():
    this_year = timezone.localdate().year
    last = make_survey(this_year - 1, is_open=False)
    for _n in range(5):
        submitted_response(last, score=2)
    survey = make_survey()
    for _n in range(6):
        submitted_response(survey, score=4)

    results = services.survey_results(survey)
    rows = list(services.regional_rows(results))

    premises = next(r for r in results.questions if r.question.code == "premises")
    assert [(year, str(d.mean)) for year, d in premises.earlier] == [(this_year - 1, "2.00")]
    premises_row = next(row for row in rows if row[0] == "premises")
    assert premises_row[3:] == [6, premises.overall.mean, 100, 5, premises_row[7], 0, 2]


def test_free_texts_are_given_only_when_asked():
    survey = make_survey()
    for _n in range(5):
        submitted_response(survey, text="Tiedotus paremmaksi")

    results = services.survey_results(survey, with_texts=False)

    assert all(not result.texts for result in results.questions)
    assert next(r for r in results.questions if r.question.code == "improve").text_count == 5


def _count_queries(survey):
    with CaptureQueriesContext(connection) as context:
        services.survey_results(survey, with_texts=True)
    return len(context.captured_queries)


def test_results_take_the_same_queries_for_few_and_many_answers():
    this_year = timezone.localdate().year
    survey = make_survey()
    answers_in_category(survey, 5, "Urheilu")
    few = _count_queries(survey)
    make_survey(this_year - 1, is_open=False)
    answers_in_category(survey, 25, "Kulttuuri")
    answers_in_category(survey, 10, "Nuoriso")

    assert _count_queries(survey) == few


def test_invitation_and_reminder_go_once_each(django_capture_on_commit_callbacks):
    today = timezone.localdate()
    survey = make_survey()
    answered = AssociationFactory()
    waiting = AssociationFactory()
    submitted_response(survey, answered)

    with django_capture_on_commit_callbacks(execute=True):
        first = services.send_survey_mail(today=today)
        again = services.send_survey_mail(today=today)
    sent_invitations = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        reminders = services.send_survey_mail(today=survey.closes_on - timedelta(days=3))
        reminders_again = services.send_survey_mail(today=survey.closes_on - timedelta(days=2))

    assert first == 1
    assert again == 0
    assert sent_invitations == 1
    assert mail.outbox[0].to == [waiting.contact_email]
    assert reminders == 1
    assert reminders_again == 0
    assert SurveyReminder.objects.filter(association=answered).count() == 0
    assert len(mail.outbox) == 2
