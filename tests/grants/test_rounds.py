import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from grants import services
from grants.models import GrantApplication, GrantRound
from portal.models import AuditEvent, Sector
from tests.grants.factories import GrantProgrammeFactory

pytestmark = pytest.mark.django_db


def round_data(programme, **changes):
    data = {
        "programme": programme.pk,
        "title": "Kyläjuhla-avustukset 2027",
        "instructions": "Hae avustusta kyläjuhlaan.",
        "opens_at": "2027-01-10T08:00",
        "closes_at": "2027-02-10T16:00",
        "decision_batch_dates": "",
        "budget": "10000",
        "min_amount": "100",
        "max_amount": "2000",
        "requires_verified_association": "on",
        "required_attachments": "Talousarvio",
        "use_report_due_on": "",
        "is_published": "on",
        "criteria-TOTAL_FORMS": "2",
        "criteria-INITIAL_FORMS": "0",
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "20",
        "criteria-0-name": "Yhteisöllisyys",
        "criteria-0-description": "Tuo kyläläiset yhteen",
        "criteria-0-weight": "3",
        "criteria-1-name": "",
        "criteria-1-description": "",
        "criteria-1-weight": "1",
        "questions-TOTAL_FORMS": "1",
        "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "20",
        "questions-0-text": "",
        "questions-0-help_text": "",
    }
    data.update(changes)
    return data


@pytest.fixture
def programme(sector_officer):
    return GrantProgrammeFactory(contact_official=sector_officer, sector=Sector.CULTURE)


def test_the_sector_officer_creates_a_round_with_weighted_criteria(
    client_for, sector_officer, programme
):
    response = client_for(sector_officer).post(
        reverse("grants:round_create"), round_data(programme)
    )

    grant_round = GrantRound.objects.get()
    assert response["Location"] == reverse("grants:round_review", args=[grant_round.pk])
    assert grant_round.title == "Kyläjuhla-avustukset 2027"
    assert list(grant_round.criteria.values_list("name", "weight")) == [("Yhteisöllisyys", 3)]
    assert AuditEvent.objects.filter(action="grants.round_created").exists()


def test_a_round_that_closes_before_it_opens_is_refused(client_for, sector_officer, programme):
    response = client_for(sector_officer).post(
        reverse("grants:round_create"), round_data(programme, closes_at="2027-01-01T08:00")
    )

    assert response.status_code == 200
    assert 'class="form-errors"' in response.content.decode()
    assert not GrantRound.objects.exists()


def test_a_year_round_round_needs_no_dates(client_for, sector_officer, programme):
    client_for(sector_officer).post(
        reverse("grants:round_create"),
        round_data(
            programme,
            opens_at="",
            closes_at="",
            is_year_round="on",
            decision_batch_dates="2027-03-15,2027-06-15",
        ),
    )

    grant_round = GrantRound.objects.get()
    assert grant_round.is_year_round
    assert [d.isoformat() for d in grant_round.decision_batch_dates] == [
        "2027-03-15",
        "2027-06-15",
    ]


def test_an_officer_cannot_open_a_round_in_another_sector(client_for, sector_officer):
    sports = GrantProgrammeFactory(sector=Sector.SPORTS)

    response = client_for(sector_officer).post(reverse("grants:round_create"), round_data(sports))

    assert 'id="id_programme_error"' in response.content.decode()
    assert not GrantRound.objects.exists()


@pytest.mark.parametrize("who", ["association_rep", "plain_user"])
def test_only_officers_write_rounds(client_for, request, who):
    response = client_for(request.getfixturevalue(who)).get(reverse("grants:round_create"))

    assert response.status_code == 403


def test_criteria_are_fixed_once_applications_have_arrived(
    application, association_rep, sector_officer
):
    services.submit_application(application=application, by=association_rep)
    grant_round = application.grant_round
    before = list(grant_round.criteria.values_list("name", flat=True))

    response = client_for_post(sector_officer, grant_round)

    assert response.status_code == 302
    grant_round.refresh_from_db()
    assert grant_round.title == "Muutettu otsikko"
    assert list(grant_round.criteria.values_list("name", flat=True)) == before
    assert application.grant_round.applications.get().status == GrantApplication.Status.SUBMITTED


def client_for_post(user, grant_round):
    from django.test import Client

    client = Client()
    client.force_login(user)
    data = round_data(grant_round.programme, title="Muutettu otsikko")
    data["opens_at"] = grant_round.opens_at.strftime("%Y-%m-%dT%H:%M")
    data["closes_at"] = grant_round.closes_at.strftime("%Y-%m-%dT%H:%M")
    return client.post(reverse("grants:round_edit", args=[grant_round.pk]), data)


def test_the_service_refuses_changed_criteria_after_submissions(
    application, association_rep, sector_officer
):
    services.submit_application(application=application, by=association_rep)

    with pytest.raises(ValidationError) as error:
        services.save_round(
            grant_round=application.grant_round,
            criteria=[{"name": "Uusi", "description": "", "weight": 1}],
            questions=None,
            by=sector_officer,
        )

    assert error.value.code == "criteria_locked"
    assert application.grant_round.criteria.count() == 2
