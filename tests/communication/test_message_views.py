"""The officer's message pages, the associations' archive and the subscription counts."""

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse
from django.utils import translation

from communication import services
from communication.models import Delivery, Message
from tests.communication.factories import MessageFactory, SubscriptionFactory
from tests.factories import AssociationFactory, CategoryFactory, MembershipFactory

pytestmark = pytest.mark.django_db

MESSAGE = {"audience": "all", "subject_fi": "Tiedote", "body_fi": "Hyvä yhdistys."}


def _url(name, *args):
    with translation.override("en"):
        return reverse(f"communication:{name}", args=args)


@pytest.fixture
def sent_message(association, other_association, liaison_officer):
    """A message sent to the fixture association only (by its category)."""
    category = CategoryFactory(name="Urheilu")
    association.categories.add(category)
    message = MessageFactory(audience=Message.Audience.CATEGORY, category=category)
    services.send_message(message=message, by=liaison_officer)
    return message


OFFICER_PAGES = [
    ("message_list", False),
    ("message_create", False),
    ("message_detail", True),
    ("message_edit", True),
    ("message_send", True),
    ("message_progress", True),
    ("subscription_counts", False),
]


@pytest.mark.parametrize(
    "who", ["anonymous", "plain_user", "association_rep", "council_member", "sector_officer"]
)
@pytest.mark.parametrize(("page", "needs_pk"), OFFICER_PAGES)
def test_only_the_liaison_officer_opens_the_message_pages(request, client_for, who, page, needs_pk):
    message = MessageFactory()
    user = None if who == "anonymous" else request.getfixturevalue(who)
    AssociationFactory()

    response = client_for(user).post(_url(page, *([message.pk] if needs_pk else [])), MESSAGE)

    if who == "anonymous":
        assert response.status_code == 302
        assert "/accounts/login/" in response.url
    else:
        assert response.status_code == 403
    assert not Delivery.objects.exists()
    assert Message.objects.count() == 1


def test_the_officer_writes_checks_and_sends_a_message_to_a_category(
    client_for, liaison_officer, django_capture_on_commit_callbacks
):
    sports = CategoryFactory(name="Urheilu")
    for _number in range(2):
        AssociationFactory().categories.add(sports)
    AssociationFactory()
    client = client_for(liaison_officer)

    response = client.post(
        _url("message_create"), {**MESSAGE, "audience": "category", "category": sports.pk}
    )
    message = Message.objects.get()
    assert response.url == _url("message_send", message.pk)
    check = client.get(_url("message_send", message.pk))
    assert 'data-addresses="2"' in check.content.decode()
    assert not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url("message_send", message.pk))

    assert len(mail.outbox) == 2
    progress = client.get(_url("message_progress", message.pk)).content.decode()
    assert 'data-sent="2"' in progress
    assert 'data-waiting="0"' in progress


def test_a_category_audience_without_the_category_is_refused(client_for, liaison_officer):
    response = client_for(liaison_officer).post(
        _url("message_create"), {**MESSAGE, "audience": "category"}
    )

    assert "category" in response.context["form"].errors
    assert not Message.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"body_fi": "x" * 100_000},
        {"subject_fi": ""},
        {"audience": "everyone-ever"},
        {"audience": "round", "grant_round": "999999"},
        {"audience": "no_survey", "survey_year": "1066"},
        {"subject_sv": "Meddelande"},
    ],
)
def test_bad_message_input_gets_an_error_and_saves_nothing(client_for, liaison_officer, data):
    response = client_for(liaison_officer).post(_url("message_create"), {**MESSAGE, **data})

    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Message.objects.exists()


def test_a_sent_message_cannot_be_changed(client_for, liaison_officer, sent_message):
    response = client_for(liaison_officer).post(
        _url("message_edit", sent_message.pk), {**MESSAGE, "subject_fi": "Muutettu"}
    )

    assert response.status_code == 302
    sent_message.refresh_from_db()
    assert sent_message.subject_fi != "Muutettu"


def test_the_officer_sees_the_failures(client_for, liaison_officer, sent_message):
    sent_message.deliveries.update(
        status=Delivery.Status.FAILED, error="(550, b'5.1.1 Mailbox does not exist')"
    )

    page = client_for(liaison_officer).get(_url("message_detail", sent_message.pk))

    assert "Mailbox does not exist" in page.content.decode()
    assert f'data-failed="{sent_message.deliveries.count()}"' in page.content.decode()


def test_the_association_reads_its_messages_in_the_archive_and_others_do_not(
    client_for, association_rep, other_association_rep, sent_message
):
    own = client_for(association_rep)
    other = client_for(other_association_rep)

    assert sent_message.subject_fi in own.get(_url("message_archive")).content.decode()
    assert own.get(_url("message_read", sent_message.pk)).status_code == 200
    assert sent_message.subject_fi not in other.get(_url("message_archive")).content.decode()
    assert other.get(_url("message_read", sent_message.pk)).status_code == 404


def test_anonymous_and_people_of_no_association_have_no_archive(client_for, plain_user, db):
    assert client_for(None).get(_url("message_archive")).status_code == 302
    assert client_for(plain_user).get(_url("message_archive")).status_code == 403


def test_a_draft_is_not_in_any_archive(client_for, association_rep, association):
    draft = MessageFactory()
    draft.associations.add(association)

    response = client_for(association_rep).get(_url("message_read", draft.pk))

    assert response.status_code == 404


@pytest.mark.parametrize("rows", [3, 30])
def test_the_message_list_and_archive_run_the_same_queries_for_few_and_many(
    client_for, liaison_officer, association_rep, association, django_assert_num_queries, rows
):
    for _number in range(rows):
        message = MessageFactory(status=Message.Status.SENT)
        message.associations.add(association)
        Delivery.objects.create(message=message, email="a@example.fi")
    officer = client_for(liaison_officer)
    rep = client_for(association_rep)
    officer.get(_url("message_list"))
    rep.get(_url("message_archive"))

    # the officer's second factor is read with the roles: no query of its own
    with django_assert_num_queries(4):
        officer.get(_url("message_list"))
    with django_assert_num_queries(4):
        rep.get(_url("message_archive"))


def test_the_officer_sees_counts_of_subscribers_but_no_addresses(client_for, liaison_officer):
    SubscriptionFactory(subscriber__email="salainen@example.fi")
    SubscriptionFactory(subscriber__email="toinen@example.fi", confirmed_at=None)

    page = client_for(liaison_officer).get(_url("subscription_counts")).content.decode()
    admin = client_for(liaison_officer).get(reverse("admin:communication_subscriber_changelist"))

    assert 'data-count="1"' in page
    assert "salainen@example.fi" not in page
    assert admin.status_code == 403


def test_an_officer_given_the_permission_sees_the_addresses_in_the_admin(
    client_for, liaison_officer
):
    SubscriptionFactory(subscriber__email="salainen@example.fi")
    liaison_officer.user_permissions.add(
        Permission.objects.get(codename="view_subscriber_addresses")
    )

    admin = client_for(liaison_officer).get(reverse("admin:communication_subscriber_changelist"))

    assert "salainen@example.fi" in admin.content.decode()


def test_the_dashboard_shows_the_representatives_latest_messages(
    client_for, association_rep, sent_message
):
    page = client_for(association_rep).get(reverse("portal:dashboard")).content.decode()

    assert sent_message.subject_fi in page
    assert 'id="dashboard-messages"' in page


def test_the_dashboard_links_the_officer_to_messages_and_news(client_for, liaison_officer):
    MembershipFactory(user=liaison_officer)

    page = client_for(liaison_officer).get(reverse("portal:dashboard")).content.decode()

    assert 'id="officer-messages"' in page
    assert 'id="officer-news-queue"' in page
