import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from portal.models import AuditEvent
from tests.factories import AssociationFactory, MembershipFactory
from tests.volunteering.factories import (
    AnswerFactory,
    OfferFactory,
    ShareRequestFactory,
    TaskFactory,
    days,
)
from volunteering.models import Answer, Offer, ShareRequest, Task


def en(name: str, *args) -> str:
    with translation.override("en"):
        return reverse(f"volunteering:{name}", args=args)


def _answer_data(**changes) -> dict:
    data = {
        "name": "Anni Asukas",
        "email": "anni@example.fi",
        "phone": "040 765 4321",
        "message": "Pääsen mukaan.",
        "has_consented": "on",
    }
    data.update(changes)
    return data


def _task_data(association, **changes) -> dict:
    data = {
        "association": association.pk,
        "title": "Kyläjuhlan kahvio",
        "description": "Kahvion myyjiä.",
        "category": Task.Category.EVENTS,
        "starts_on": days(10).isoformat(),
        "ends_on": days(10).isoformat(),
        "place": "Seurantalo",
        "area": "Järvenpää",
        "people_needed": "4",
        "suits": ["adults"],
        "languages": ["fi"],
    }
    data.update(changes)
    return data


# The public list


def test_public_list_shows_open_tasks_and_not_expired_or_closed(resident, association):
    open_task = TaskFactory(association=association, title="Avoin tehtävä")
    TaskFactory(association=association, title="Vanhentunut", expired=True)
    TaskFactory(association=association, title="Suljettu", closed=True)

    response = resident.get(reverse("volunteering:task_list"))

    assert response.status_code == 200
    assert list(response.context["tasks"]) == [open_task]


def test_public_list_filters_by_kind_who_suits_language_and_area(resident, association):
    wanted = TaskFactory(
        association=association,
        category=Task.Category.SPORTS,
        suits=["youth"],
        languages=["sv"],
        area="Järvenpää",
    )
    TaskFactory(association=association, category=Task.Category.SPORTS, suits=["adults"])
    TaskFactory(association=association, category=Task.Category.EVENTS, suits=["youth"])

    response = resident.get(
        reverse("volunteering:task_list"),
        {"laji": "sports", "kenelle": "youth", "kieli": "sv", "alue": "Järvenpää"},
    )

    assert list(response.context["tasks"]) == [wanted]


def test_a_bad_filter_value_is_said_and_left_out(resident, association):
    TaskFactory(association=association)

    response = resident.get(en("task_list"), {"laji": "nonsense"})

    assert response.status_code == 400
    assert "Some filters were not understood" in response.content.decode()


def test_the_cached_public_list_shows_a_new_task_at_once(resident, association, association_rep):
    resident.get(reverse("volunteering:task_list"))
    rep = _client(association_rep)

    rep.post(reverse("volunteering:task_create"), _task_data(association, title="Uusi tehtävä"))
    response = resident.get(reverse("volunteering:task_list"))

    assert "Uusi tehtävä" in response.content.decode()


def test_public_list_makes_as_many_queries_at_3_as_at_30_tasks(resident, association):
    counts = []
    for rows in (3, 27):
        TaskFactory.create_batch(rows, association=association, languages=["fi"], suits=["adults"])
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = resident.get(reverse("volunteering:task_list"))
        counts.append(len(queries))

    assert len(response.context["tasks"]) == 20
    assert counts[0] == counts[1]


def test_expired_task_page_is_not_found_for_a_resident_but_shown_to_its_association(
    resident, association, association_rep
):
    task = TaskFactory(association=association, expired=True)

    hidden = resident.get(task.get_absolute_url())
    own = _client(association_rep).get(en("task_detail", task.pk))

    assert hidden.status_code == 404
    assert own.status_code == 200
    assert 'data-state="expired"' in own.content.decode()


# Answering


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_resident_answers_without_an_account_and_sees_no_contact_before_acceptance(
    resident, association, django_capture_on_commit_callbacks
):
    task = TaskFactory(association=association)

    with django_capture_on_commit_callbacks(execute=True):
        response = resident.post(
            reverse("volunteering:task_answer", args=[task.pk]), _answer_data()
        )

    answer = Answer.objects.get()
    assert response.status_code == 302
    assert response["Location"] == answer.get_absolute_url()
    page = resident.get(answer.get_absolute_url()).content.decode()
    for detail in (association.contact_email, association.contact_phone, association.contact_name):
        assert detail not in page
    assert len(mail.outbox) == 2


def test_resident_sees_the_contact_on_their_page_once_accepted(resident, association):
    answer = AnswerFactory(task=TaskFactory(association=association), accepted=True)

    page = resident.get(answer.get_absolute_url()).content.decode()

    assert association.contact_email in page
    assert association.contact_phone in page


def test_a_declined_resident_sees_no_contact(resident, association):
    answer = AnswerFactory(task=TaskFactory(association=association), status=Answer.Status.DECLINED)

    page = resident.get(answer.get_absolute_url()).content.decode()

    assert association.contact_email not in page
    assert 'data-status="declined"' in page


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"email": "ei-osoite"}, "email"),
        ({"message": "x" * 100_000}, "message"),
        ({"name": "y" * 100_000}, "name"),
        ({"has_consented": ""}, "has_consented"),
        ({"name": ""}, "name"),
    ],
)
def test_bad_answer_gets_a_clear_message_keeps_the_text_and_saves_nothing(
    resident, association, changes, field
):
    task = TaskFactory(association=association)
    data = _answer_data(**changes)

    response = resident.post(en("task_answer", task.pk), data)

    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert not Answer.objects.exists()
    if field != "message":
        assert "Pääsen mukaan." in response.content.decode()


def test_an_answer_from_the_same_address_twice_is_refused_with_a_message(resident, association):
    task = TaskFactory(association=association)
    resident.post(en("task_answer", task.pk), _answer_data())

    response = resident.post(en("task_answer", task.pk), _answer_data(email="ANNI@example.fi"))

    assert response.status_code == 400
    assert "already sent" in response.content.decode()
    assert Answer.objects.count() == 1


def test_an_expired_task_cannot_be_answered_through_the_form(resident, association):
    task = TaskFactory(association=association, expired=True)

    response = resident.post(en("task_answer", task.pk), _answer_data())

    assert response.status_code == 404
    assert not Answer.objects.exists()


def test_a_made_up_answer_token_is_not_found(resident, db):
    response = resident.get(
        reverse("volunteering:answer_status", args=["6f0c2a1e-3b7d-4c55-9a51-2f4a8e0d7c10"])
    )

    assert response.status_code == 404


# The association's side


@pytest.mark.parametrize("who", ["anonymous", "plain_user", "other_rep", "officer"])
def test_answers_of_a_task_are_shown_only_to_its_association(
    who, association, plain_user, other_association_rep, liaison_officer, client_for
):
    answer = AnswerFactory(task=TaskFactory(association=association))
    user = {
        "anonymous": None,
        "plain_user": plain_user,
        "other_rep": other_association_rep,
        "officer": liaison_officer,
    }[who]
    client = client_for(user)

    pages = [
        client.get(reverse("volunteering:task_answers", args=[answer.task_id])),
        client.get(reverse("volunteering:answer_decide", args=[answer.pk])),
        client.post(reverse("volunteering:answer_decide", args=[answer.pk]), {"accept": "1"}),
    ]

    for response in pages:
        assert response.status_code in (302, 403)
        assert answer.email not in response.content.decode()
    answer.refresh_from_db()
    assert answer.status == Answer.Status.PENDING


def test_association_sees_answers_and_accepts_one(
    association, association_rep, django_capture_on_commit_callbacks
):
    answer = AnswerFactory(task=TaskFactory(association=association), email="anni@example.fi")
    client = _client(association_rep)

    listing = client.get(reverse("volunteering:task_answers", args=[answer.task_id]))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("volunteering:answer_decide", args=[answer.pk]), {"accept": "1"}
        )

    assert "anni@example.fi" in listing.content.decode()
    assert response.status_code == 302
    answer.refresh_from_db()
    assert answer.status == Answer.Status.ACCEPTED
    assert mail.outbox[0].to == ["anni@example.fi"]
    assert AuditEvent.objects.filter(
        action="volunteering.answer_accepted", actor=association_rep
    ).exists()


@pytest.mark.parametrize("who", ["anonymous", "plain_user", "unverified_rep"])
def test_only_reps_of_verified_associations_open_the_task_form(who, client_for, plain_user):
    unverified = AssociationFactory(unverified=True)
    user = {
        "anonymous": None,
        "plain_user": plain_user,
        "unverified_rep": MembershipFactory(association=unverified).user,
    }[who]
    client = client_for(user)

    get = client.get(reverse("volunteering:task_create"))
    post = client.post(reverse("volunteering:task_create"), _task_data(unverified))

    assert get.status_code in (302, 403)
    assert post.status_code in (302, 403)
    assert not Task.objects.exists()


def test_rep_cannot_post_a_task_for_another_association(
    association_rep, other_association, association
):
    response = _client(association_rep).post(en("task_create"), _task_data(other_association))

    assert response.status_code == 400
    assert not Task.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"starts_on": days(-2).isoformat()}, "starts_on"),
        ({"ends_on": days(-1).isoformat(), "starts_on": ""}, "ends_on"),
        ({"starts_on": days(9).isoformat(), "ends_on": days(3).isoformat()}, "ends_on"),
        ({"description": "x" * 100_000}, "description"),
        ({"people_needed": "0"}, "people_needed"),
        ({"ends_on": "31.2.2026"}, "ends_on"),
    ],
)
def test_bad_task_input_gets_a_message_keeps_the_text_and_changes_nothing(
    association, association_rep, changes, field
):
    response = _client(association_rep).post(en("task_create"), _task_data(association, **changes))

    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert "Kyläjuhlan kahvio" in response.content.decode()
    assert not Task.objects.exists()


def test_other_association_cannot_edit_or_close_a_task(association, other_association_rep):
    task = TaskFactory(association=association)
    client = _client(other_association_rep)

    edit = client.post(
        reverse("volunteering:task_edit", args=[task.pk]), _task_data(association, title="X")
    )
    close = client.post(reverse("volunteering:task_close", args=[task.pk]))

    assert edit.status_code == 403
    assert close.status_code == 403
    task.refresh_from_db()
    assert task.status == Task.Status.PUBLISHED
    assert task.title != "X"


def test_closing_asks_first_and_the_post_closes(association, association_rep):
    task = TaskFactory(association=association)
    client = _client(association_rep)

    ask = client.get(en("task_close", task.pk))
    task.refresh_from_db()
    assert task.status == Task.Status.PUBLISHED
    client.post(en("task_close", task.pk))

    assert 'data-testid="consequences"' in ask.content.decode()
    task.refresh_from_db()
    assert task.status == Task.Status.CLOSED
    assert AuditEvent.objects.filter(action="volunteering.task_closed").exists()


def test_my_tasks_marks_expired_tasks(association, association_rep):
    TaskFactory(association=association, expired=True, title="Vanha")
    TaskFactory(association=association, title="Uusi")

    page = _client(association_rep).get(reverse("volunteering:my_tasks")).content.decode()

    assert 'data-state="expired"' in page
    assert 'data-state="open"' in page


# Sharing


def test_offer_pages_never_show_the_offering_associations_contact(
    resident, association, association_rep, other_association
):
    offer = OfferFactory(association=other_association)

    for client in (resident, _client(association_rep)):
        for url in (reverse("volunteering:offer_list"), offer.get_absolute_url()):
            page = client.get(url).content.decode()
            assert offer.title in page
            assert other_association.contact_email not in page
            assert other_association.contact_phone not in page


def test_contact_is_shown_to_the_requester_only_after_acceptance(
    association, association_rep, other_association, other_association_rep
):
    share_request = ShareRequestFactory(
        offer=OfferFactory(association=other_association),
        association=association,
        requested_by=association_rep,
    )
    requester = _client(association_rep)
    url = share_request.get_absolute_url()

    before = requester.get(url).content.decode()
    _client(other_association_rep).post(url, {"accept": "1"})
    after = requester.get(url).content.decode()

    assert other_association.contact_email not in before
    assert other_association.contact_phone not in before
    assert other_association.contact_email in after
    share_request.refresh_from_db()
    assert share_request.status == ShareRequest.Status.ACCEPTED


@pytest.mark.parametrize("who", ["anonymous", "plain_user", "third_rep", "officer"])
def test_requests_are_shown_only_to_the_two_associations(
    who, association, other_association, plain_user, liaison_officer, client_for
):
    share_request = ShareRequestFactory(
        offer=OfferFactory(association=other_association), association=association, accepted=True
    )
    third = MembershipFactory(association=AssociationFactory()).user
    user = {
        "anonymous": None,
        "plain_user": plain_user,
        "third_rep": third,
        "officer": liaison_officer,
    }[who]

    response = client_for(user).get(share_request.get_absolute_url())

    assert response.status_code in (302, 403)
    assert other_association.contact_email not in response.content.decode()


def test_the_requester_cannot_accept_its_own_request(
    association, association_rep, other_association
):
    share_request = ShareRequestFactory(
        offer=OfferFactory(association=other_association), association=association
    )

    response = _client(association_rep).post(share_request.get_absolute_url(), {"accept": "1"})

    assert response.status_code == 403
    share_request.refresh_from_db()
    assert share_request.status == ShareRequest.Status.PENDING


def test_representative_requests_a_tent_through_the_form(
    association, association_rep, other_association
):
    offer = OfferFactory(association=other_association)

    response = _client(association_rep).post(
        reverse("volunteering:offer_request", args=[offer.pk]),
        {
            "association": association.pk,
            "starts_on": days(3).isoformat(),
            "ends_on": days(4).isoformat(),
            "message": "Kesäjuhlaan",
        },
    )

    share_request = ShareRequest.objects.get()
    assert response["Location"] == share_request.get_absolute_url()
    assert share_request.association == association
    assert share_request.requested_by == association_rep


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"starts_on": days(-3).isoformat()}, "starts_on"),
        ({"ends_on": days(1).isoformat()}, "ends_on"),
        ({"message": "x" * 100_000}, "message"),
    ],
)
def test_bad_request_input_gets_a_message_and_changes_nothing(
    association, association_rep, other_association, changes, field
):
    offer = OfferFactory(association=other_association)
    data = {
        "association": association.pk,
        "starts_on": days(3).isoformat(),
        "ends_on": days(4).isoformat(),
        "message": "Kesäjuhlaan",
        **changes,
    }

    response = _client(association_rep).post(en("offer_request", offer.pk), data)

    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert not ShareRequest.objects.exists()


def test_a_rep_cannot_request_their_own_offer(association, association_rep):
    offer = OfferFactory(association=association)

    response = _client(association_rep).get(reverse("volunteering:offer_request", args=[offer.pk]))

    assert response.status_code == 403


def test_unverified_association_cannot_list_an_offer(db, client_for):
    unverified = AssociationFactory(unverified=True)
    rep = MembershipFactory(association=unverified).user

    response = client_for(rep).post(
        reverse("volunteering:offer_create"),
        {
            "association": unverified.pk,
            "kind": "equipment",
            "title": "Teltta",
            "description": "Iso",
            "terms": "lend",
            "is_active": "on",
        },
    )

    assert response.status_code == 403
    assert not Offer.objects.exists()


def test_rep_lists_a_skill_with_an_expiry_date(association, association_rep):
    response = _client(association_rep).post(
        reverse("volunteering:offer_create"),
        {
            "association": association.pk,
            "kind": "skill",
            "title": "Järjestyksenvalvojakortti",
            "description": "Kolme kortillista",
            "terms": "free",
            "qualification_expires_on": days(200).isoformat(),
            "is_active": "on",
        },
    )

    offer = Offer.objects.get()
    assert response["Location"] == offer.get_absolute_url()
    assert offer.qualification_expires_on == days(200)


def test_a_rented_offer_without_a_price_is_refused_with_a_message(association, association_rep):
    response = _client(association_rep).post(
        en("offer_create"),
        {
            "association": association.pk,
            "kind": "equipment",
            "title": "Äänentoisto",
            "description": "Kaiuttimet",
            "terms": "rent",
            "is_active": "on",
        },
    )

    assert response.status_code == 400
    assert response.context["form"].errors["price_text"]
    assert not Offer.objects.exists()


# Figures


@pytest.mark.parametrize("who", ["anonymous", "plain_user", "rep"])
def test_figures_are_for_the_officer_and_the_council(who, client_for, plain_user, association_rep):
    user = {"anonymous": None, "plain_user": plain_user, "rep": association_rep}[who]

    response = client_for(user).get(reverse("volunteering:figures"))

    assert response.status_code in (302, 403)


def test_officer_sees_the_years_figures_and_a_bad_year_is_refused(
    liaison_officer, association, other_association, client_for
):
    ShareRequestFactory(
        offer=OfferFactory(association=other_association), association=association, accepted=True
    )
    client = client_for(liaison_officer)

    response = client.get(reverse("volunteering:figures"))
    bad = client.get(en("figures"), {"vuosi": "abc"})

    assert response.status_code == 200
    assert response.context["figures"]["lent"] == 1
    assert response.context["figures"]["offers"] == 1
    assert bad.status_code == 400


def test_the_area_filter_offers_each_part_of_the_municipality_once(resident, association):
    TaskFactory.create_batch(3, association=association, area="Järvenpää")
    TaskFactory(association=association, area="Kirkonkylä")
    TaskFactory(association=association, area="Mäkelä", expired=True)

    response = resident.get(reverse("volunteering:task_list"))

    choices = [value for value, _label in response.context["filter"].form.fields["alue"].choices]
    assert choices == ["", "Järvenpää", "Kirkonkylä"]
