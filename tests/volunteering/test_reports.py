from datetime import timedelta

from django.utils import timezone

from portal.celery import app as celery_app
from portal.privacy import anonymise_user, personal_data
from tests.factories import UserFactory
from tests.volunteering.factories import (
    AnswerFactory,
    OfferFactory,
    ShareRequestFactory,
    TaskFactory,
)
from volunteering import reports
from volunteering.models import Answer, ShareRequest
from volunteering.schedule import BEAT_SCHEDULE


def test_the_figures_count_the_years_offers_requests_and_what_was_lent(
    association, other_association, django_assert_max_num_queries
):
    tent = OfferFactory(association=other_association)
    OfferFactory(association=association, skill=True)
    ShareRequestFactory(offer=tent, association=association, accepted=True)
    ShareRequestFactory(offer=tent, association=association, status=ShareRequest.Status.RETURNED)
    ShareRequestFactory(offer=tent, association=association, status=ShareRequest.Status.DECLINED)
    ShareRequestFactory(offer=tent, association=association)
    task = TaskFactory(association=association, people_needed=5)
    AnswerFactory(task=task, accepted=True)
    AnswerFactory(task=task)

    with django_assert_max_num_queries(6):
        figures = reports.council_figures(timezone.localdate().year)

    assert figures["offers"] == 2
    assert figures["offering_associations"] == 2
    assert {row["kind"]: row["count"] for row in figures["offers_by_kind"]} == {
        "equipment": 1,
        "skill": 1,
        "service": 0,
    }
    assert (figures["requests"], figures["lent"], figures["declined"], figures["pending"]) == (
        4,
        2,
        1,
        1,
    )
    assert (figures["tasks_posted"], figures["people_needed"]) == (1, 5)
    assert (figures["answers"], figures["answers_accepted"]) == (2, 1)


def test_the_figures_of_another_year_do_not_count_this_years_rows(association, other_association):
    ShareRequestFactory(offer=OfferFactory(association=other_association), association=association)

    figures = reports.council_figures(timezone.localdate().year - 1)

    assert figures["requests"] == 0
    assert figures["offers"] == 0


def test_the_council_section_shows_the_figures(association, other_association):
    ShareRequestFactory(
        offer=OfferFactory(association=other_association), association=association, accepted=True
    )

    html = reports.render_council_section(timezone.localdate().year)

    assert 'id="figure-lent">1<' in html


def test_the_personal_data_export_holds_a_residents_answers_by_their_address(db):
    person = UserFactory(email="anni@example.fi")
    AnswerFactory(email="Anni@Example.fi", message="Tulen mielelläni")
    AnswerFactory(email="joku.muu@example.fi")

    sections = {section.key: section for section in personal_data(person)}

    rows = sections["volunteer_answers"].rows
    assert [row["message"] for row in rows] == ["Tulen mielelläni"]


def test_erasure_deletes_the_persons_answers_and_keeps_others(db):
    person = UserFactory(email="anni@example.fi")
    AnswerFactory(email="anni@example.fi")
    other = AnswerFactory(email="joku.muu@example.fi")

    anonymise_user(user=person, by=None)

    assert list(Answer.objects.all()) == [other]


def test_reminders_and_retention_run_daily_on_celery_beat():
    tasks = {entry["task"] for entry in BEAT_SCHEDULE.values()}

    assert tasks == {
        "volunteering.tasks.remind_qualifications_task",
        "volunteering.tasks.delete_old_answers_task",
    }
    # What a worker registers when it starts: the apps' task modules, found by autodiscovery.
    celery_app.loader.import_default_modules()
    registered = set(celery_app.tasks.keys())
    assert tasks <= registered


def test_the_retention_task_deletes_answers_of_tasks_that_ended_over_a_year_ago(association):
    ended = timezone.localdate() - timedelta(days=400)
    AnswerFactory(task=TaskFactory(association=association, starts_on=None, ends_on=ended))

    from volunteering.tasks import delete_old_answers_task

    delete_old_answers_task.delay()

    assert not Answer.objects.exists()
