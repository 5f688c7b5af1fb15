"""Free texts in the grant forms have a limit that the forms state and enforce."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from grants import services
from grants.models import Decision, ExtraAnswer, GrantApplication, Score, UseReport
from tests.grants.factories import ExtraQuestionFactory
from tests.grants.test_views import form_data

pytestmark = pytest.mark.django_db

HUGE = "a" * 100_000
TOO_LONG = "Ensure this value has at most"


def english(name, *args):
    with translation.override("en"):
        return reverse(f"grants:{name}", args=args)


@pytest.mark.parametrize(
    "field", ["purpose_and_activities", "target_groups", "planned_events", "budget-0-description"]
)
def test_a_100000_character_application_text_is_refused_and_nothing_is_saved(
    client_for, application, association_rep, field
):
    response = client_for(association_rep).post(
        english("application_edit", application.pk),
        form_data(application, **{field: HUGE, "planned_volunteer_hours": "1"}),
    )

    assert response.status_code == 200
    assert TOO_LONG in response.content.decode()
    application.refresh_from_db()
    assert application.planned_volunteer_hours == 80
    assert application.budget_lines.get().description == "Esiintyjien palkkiot"


def test_autosave_refuses_a_100000_character_text_and_saves_nothing(
    client_for, application, association_rep
):
    response = client_for(association_rep).post(
        english("application_edit", application.pk),
        form_data(application, purpose_and_activities=HUGE, planned_volunteer_hours="1"),
        headers={"X-Autosave": "1"},
    )

    assert response.status_code == 400
    assert response.json() == {"saved": False}
    application.refresh_from_db()
    assert application.planned_volunteer_hours == 80
    assert application.purpose_and_activities != HUGE


def test_a_100000_character_answer_to_an_extra_question_is_refused(
    client_for, application, association_rep
):
    question = ExtraQuestionFactory(grant_round=application.grant_round)

    response = client_for(association_rep).post(
        english("application_edit", application.pk),
        form_data(application, **{f"q{question.pk}": HUGE}),
    )

    assert TOO_LONG in response.content.decode()
    assert not ExtraAnswer.objects.exists()


def test_the_application_form_states_the_limits_and_sets_maxlength(
    client_for, application, association_rep
):
    page = client_for(association_rep).get(english("application_edit", application.pk))

    html = page.content.decode()
    assert 'maxlength="5000"' in html
    assert "At most 5,000 characters." in html
    assert "At most 2,000 characters." in html
    assert "At most 200 characters." in html


def in_review(application, officer):
    application.status = GrantApplication.Status.IN_REVIEW
    application.submitted_at = application.created_at
    application.save()
    services.declare_disqualification(
        application=application, is_disqualified=False, reason="", by=officer
    )


def test_a_100000_character_decision_reason_is_refused(client_for, application, sector_officer):
    in_review(application, sector_officer)

    response = client_for(sector_officer).post(
        english("decision_edit", application.pk),
        {"amount": "600", "reasons": HUGE, "propose": ""},
    )

    assert TOO_LONG in response.content.decode()
    assert "At most 5,000 characters." in response.content.decode()
    assert not Decision.objects.exists()


def test_a_100000_character_score_rationale_is_refused(client_for, application, sector_officer):
    in_review(application, sector_officer)
    data = {}
    for criterion in application.grant_round.criteria.all():
        data[f"score_{criterion.pk}"] = "3"
        data[f"rationale_{criterion.pk}"] = HUGE

    response = client_for(sector_officer).post(english("score_edit", application.pk), data)

    assert TOO_LONG in response.content.decode()
    assert not Score.objects.exists()


def test_a_100000_character_disqualification_reason_is_refused(
    client_for, application, sector_officer
):
    application.status = GrantApplication.Status.SUBMITTED
    application.submitted_at = application.created_at
    application.save()

    response = client_for(sector_officer).post(
        english("disqualification_declare", application.pk),
        {"is_disqualified": "yes", "reason": HUGE},
    )

    assert TOO_LONG in response.content.decode()
    assert not application.disqualification_declarations.exists()


@pytest.fixture
def granted(application, sector_officer):
    in_review(application, sector_officer)
    services.decide_application(
        application=application, amount=Decimal("1000"), reasons="", by=sector_officer
    )
    return application


def test_a_100000_character_use_report_narrative_is_refused(client_for, granted, association_rep):
    response = client_for(association_rep).post(
        english("use_report_edit", granted.pk),
        {
            "events-TOTAL_FORMS": "1",
            "events-INITIAL_FORMS": "0",
            "events-0-name": "Konsertti",
            "events-0-held_on": "2026-07-01",
            "events-0-participants": "140",
            "volunteer_hours": "85",
            "total_costs": "4000",
            "grant_used": "1000",
            "narrative": HUGE,
        },
    )

    assert TOO_LONG in response.content.decode()
    assert not UseReport.objects.exists()


def test_a_100000_character_review_comment_is_refused(
    client_for, granted, association_rep, sector_officer
):
    services.submit_use_report(
        application=granted,
        fields={
            "volunteer_hours": 1,
            "total_costs": Decimal("2000"),
            "grant_used": Decimal("1000"),
            "narrative": "Onnistui",
        },
        events=[{"name": "Konsertti", "held_on": timezone.localdate(), "participants": 5}],
        by=association_rep,
    )

    response = client_for(sector_officer).post(
        english("use_report_review", granted.pk), {"accept": "no", "comment": HUGE}
    )

    assert TOO_LONG in response.content.decode()
    report = UseReport.objects.get()
    assert report.status == UseReport.Status.SUBMITTED
    assert report.officer_comment == ""
