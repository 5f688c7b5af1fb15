"""Association evenings: invitations by e-mail, answers, reminders, minutes and attendance."""

import csv
import io
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from events import evenings
from events.models import AgendaItem, Evening, EveningInvitation
from events.tasks import remind_evenings_task, send_evening_invitations_task
from portal.models import Sector
from tests.events.evening_factories import EveningFactory, InvitationFactory
from tests.events.factories import day_at
from tests.factories import AssociationFactory, CategoryFactory, MembershipFactory, UserFactory


def _invite(evening, officer, capture):
    with capture(execute=True):
        return evenings.send_invitations(evening=evening, by=officer)


def test_invitation_reaches_every_listed_association_once_each_in_its_language(
    liaison_officer, django_capture_on_commit_callbacks
):
    finnish = AssociationFactory(name="Suomenkielinen ry", languages=["fi"])
    swedish = AssociationFactory(name="Svenska föreningen rf", languages=["sv", "fi"])
    english_contact = AssociationFactory(name="Kansainvälinen ry", languages=["fi"])
    UserFactory(email=english_contact.contact_email.upper(), preferred_language="en")
    AssociationFactory(name="Piilotettu ry", is_listed=False)
    evening = EveningFactory(title="Syksyn yhdistysilta")

    count = _invite(evening, liaison_officer, django_capture_on_commit_callbacks)

    assert count == 3
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        a.contact_email for a in (finnish, swedish, english_contact)
    )
    by_address = {message.to[0]: message.body for message in mail.outbox}
    for association, prefix in ((finnish, ""), (swedish, "/sv"), (english_contact, "/en")):
        invitation = EveningInvitation.objects.get(association=association)
        path = reverse("events:invitation_answer", args=[invitation.pk]).removeprefix("/en")
        assert f"{settings.SITE_URL}{prefix}{path}\n" in by_address[association.contact_email]


def test_running_the_invitation_task_or_inviting_again_sends_nothing_more(
    liaison_officer, django_capture_on_commit_callbacks
):
    AssociationFactory.create_batch(3)
    evening = EveningFactory()
    _invite(evening, liaison_officer, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 3

    with django_capture_on_commit_callbacks(execute=True):
        send_evening_invitations_task.delay(evening.pk)
        send_evening_invitations_task.delay(evening.pk)
    again = _invite(evening, liaison_officer, django_capture_on_commit_callbacks)

    assert again == 0
    assert len(mail.outbox) == 3
    assert EveningInvitation.objects.filter(evening=evening, sent_at__isnull=False).count() == 3


def test_invitations_go_out_in_batches_until_all_are_sent(
    liaison_officer, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(evenings, "BATCH_SIZE", 2)
    AssociationFactory.create_batch(5)
    evening = EveningFactory()

    _invite(evening, liaison_officer, django_capture_on_commit_callbacks)

    assert len(mail.outbox) == 5


def test_a_thematic_meeting_invites_only_its_sectors_associations(
    liaison_officer, django_capture_on_commit_callbacks
):
    sports = CategoryFactory(slug="urheilu", name="Urheilu")
    culture = CategoryFactory(slug="kulttuuri", name="Kulttuuri")
    club = AssociationFactory(name="Hiihtoseura ry")
    club.categories.set([sports])
    choir = AssociationFactory(name="Kuoro ry")
    choir.categories.set([culture])
    evening = EveningFactory(sector=Sector.SPORTS)

    _invite(evening, liaison_officer, django_capture_on_commit_callbacks)

    assert [message.to[0] for message in mail.outbox] == [club.contact_email]


def test_an_association_without_contact_email_is_invited_without_mail(
    liaison_officer, django_capture_on_commit_callbacks
):
    quiet = AssociationFactory(contact_email="")
    evening = EveningFactory()

    _invite(evening, liaison_officer, django_capture_on_commit_callbacks)

    assert mail.outbox == []
    assert EveningInvitation.objects.get(association=quiet).sent_at is None


def test_only_the_officer_sends_invitations(sector_officer, association):
    evening = EveningFactory()

    with pytest.raises(PermissionDenied):
        evenings.send_invitations(evening=evening, by=sector_officer)

    assert not EveningInvitation.objects.exists()


def test_the_reminder_goes_once_two_days_before_and_not_to_those_who_declined(
    db, django_capture_on_commit_callbacks
):
    evening = EveningFactory(starts_at=timezone.now() + timedelta(hours=40), announced=True)
    coming = InvitationFactory(evening=evening, is_attending=True, head_count=2)
    silent = InvitationFactory(evening=evening)
    InvitationFactory(evening=evening, is_attending=False)
    later = EveningFactory(starts_at=day_at(5), announced=True)
    InvitationFactory(evening=later)

    with django_capture_on_commit_callbacks(execute=True):
        remind_evenings_task.delay()
    with django_capture_on_commit_callbacks(execute=True):
        remind_evenings_task.delay()

    assert sorted(message.to[0] for message in mail.outbox) == sorted([coming.email, silent.email])
    assert all(evening.title in message.subject for message in mail.outbox)
    assert EveningInvitation.objects.filter(reminded_at__isnull=False).count() == 2


def test_no_reminder_follows_an_invitation_sent_within_the_last_day(
    db, django_capture_on_commit_callbacks
):
    evening = EveningFactory(starts_at=timezone.now() + timedelta(hours=30), announced=True)
    InvitationFactory(evening=evening, sent_at=timezone.now() - timedelta(hours=2))

    with django_capture_on_commit_callbacks(execute=True):
        remind_evenings_task.delay()

    assert mail.outbox == []


def test_a_representative_answers_and_changes_the_answer(association, association_rep):
    invitation = InvitationFactory(association=association)

    evenings.answer_invitation(
        invitation=invitation,
        is_attending=True,
        head_count=3,
        topics="Avustukset",
        by=association_rep,
    )
    evenings.answer_invitation(
        invitation=invitation, is_attending=False, head_count=3, topics="", by=association_rep
    )

    invitation.refresh_from_db()
    assert invitation.is_attending is False
    assert invitation.head_count == 0
    assert invitation.answered_by == association_rep


def test_the_answer_page_saves_and_changes_the_answer(client_for, association, association_rep):
    invitation = InvitationFactory(association=association)
    client = client_for(association_rep)
    url = reverse("events:invitation_answer", args=[invitation.pk])

    client.post(url, {"is_attending": "yes", "head_count": "4", "topics": "Tilat"})
    invitation.refresh_from_db()
    assert (invitation.is_attending, invitation.head_count, invitation.topics) == (True, 4, "Tilat")

    response = client.post(url, {"is_attending": "yes", "head_count": "2", "topics": "Tilat"})

    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.head_count == 2


def test_a_negative_head_count_is_refused_with_a_message(client_for, association, association_rep):
    invitation = InvitationFactory(association=association)

    response = client_for(association_rep).post(
        reverse("events:invitation_answer", args=[invitation.pk]),
        {"is_attending": "yes", "head_count": "-3", "topics": ""},
    )

    assert response.status_code == 400
    assert "greater than or equal to 0" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.is_attending is None


def test_the_service_refuses_a_negative_head_count(association, association_rep):
    invitation = InvitationFactory(association=association)

    with pytest.raises(ValidationError):
        evenings.answer_invitation(
            invitation=invitation, is_attending=True, head_count=-1, topics="", by=association_rep
        )


def test_the_answer_cannot_be_changed_after_the_evening_started(
    client_for, association, association_rep
):
    evening = EveningFactory(past=True)
    invitation = InvitationFactory(
        evening=evening, association=association, is_attending=True, head_count=1
    )

    response = client_for(association_rep).post(
        reverse("events:invitation_answer", args=[invitation.pk]),
        {"is_attending": "no", "head_count": "0"},
    )

    assert response.status_code == 403
    invitation.refresh_from_db()
    assert invitation.is_attending is True


@pytest.mark.parametrize("who", ["other_association_rep", "plain_user", "sector_officer"])
def test_others_cannot_see_or_answer_an_associations_invitation(
    request, client_for, association, who
):
    invitation = InvitationFactory(association=association)
    user = request.getfixturevalue(who)
    client = client_for(user)
    url = reverse("events:invitation_answer", args=[invitation.pk])

    assert client.get(url).status_code == 404
    assert client.post(url, {"is_attending": "yes", "head_count": "5"}).status_code == 404
    invitation.refresh_from_db()
    assert invitation.is_attending is None


def test_anonymous_is_sent_to_log_in_from_the_answer_page(resident, association):
    invitation = InvitationFactory(association=association)

    response = resident.get(reverse("events:invitation_answer", args=[invitation.pk]))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_representative_of_an_association_not_invited_cannot_answer(
    association, other_association_rep
):
    invitation = InvitationFactory(association=association)

    with pytest.raises(PermissionDenied):
        evenings.answer_invitation(
            invitation=invitation,
            is_attending=True,
            head_count=2,
            topics="",
            by=other_association_rep,
        )


OFFICER_PAGES = [
    ("events:evening_create", False),
    ("events:evening_edit", True),
    ("events:evening_invite", True),
    ("events:evening_answers", True),
    ("events:evening_minutes", True),
]


@pytest.mark.parametrize(("name", "with_pk"), OFFICER_PAGES)
@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("liaison_officer", 200),
        ("sector_officer", 403),
        ("association_rep", 403),
        ("plain_user", 403),
    ],
)
def test_officer_pages_by_role(db, request, client_for, name, with_pk, who, status):
    evening = EveningFactory(past=True)
    url = reverse(name, args=[evening.pk] if with_pk else [])

    response = client_for(request.getfixturevalue(who)).get(url)

    assert response.status_code == status


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_is_refused_to_non_officers_and_anonymous(
    client_for, association_rep, sector_officer, fmt
):
    evening = EveningFactory()
    url = reverse("events:evening_export", args=[evening.pk, fmt])

    assert client_for(association_rep).get(url).status_code == 403
    assert client_for(sector_officer).get(url).status_code == 403
    assert client_for(None).get(url).status_code == 302


def test_the_officer_sees_the_counts_and_the_list_of_answers(client_for, liaison_officer):
    evening = EveningFactory()
    InvitationFactory(evening=evening, is_attending=True, head_count=3, topics="Avustukset")
    InvitationFactory(evening=evening, is_attending=True, head_count=2)
    InvitationFactory(evening=evening, is_attending=False)
    InvitationFactory(evening=evening)

    response = client_for(liaison_officer).get(reverse("events:evening_answers", args=[evening.pk]))

    assert response.context["counts"] == evenings.Answers(
        invited=4, answered=3, attending=2, not_attending=1, people=5
    )
    assert "Avustukset" in response.content.decode()


def test_the_csv_export_opens_in_finnish_excel(client_for, liaison_officer):
    evening = EveningFactory()
    InvitationFactory(
        evening=evening,
        association=AssociationFactory(name="Kylä & Seura ry"),
        is_attending=True,
        head_count=3,
        topics="=SUM(A1)",
    )

    response = client_for(liaison_officer).get(
        reverse("events:evening_export", args=[evening.pk, "csv"])
    )

    body = response.content
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Association"
    assert rows[1][:3] == ["Kylä & Seura ry", "yes", "3"]
    assert rows[1][3] == "'=SUM(A1)"


def test_the_xlsx_export_lists_the_answers(client_for, liaison_officer):
    evening = EveningFactory()
    InvitationFactory(evening=evening, association=AssociationFactory(name="Kuoro ry"))

    response = client_for(liaison_officer).get(
        reverse("events:evening_export", args=[evening.pk, "xlsx"])
    )

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[2]][:2] == ["Kuoro ry", "no answer"]


def test_the_officer_creates_an_evening_with_an_ordered_agenda(client_for, liaison_officer):
    data = {
        "title": "Kevään yhdistysilta",
        "sector": "",
        "day": (timezone.localdate() + timedelta(days=20)).isoformat(),
        "starts_time": "18:00",
        "ends_time": "20:00",
        "description": "Tervetuloa!",
        "address": "Kunnantalo",
        "agenda-TOTAL_FORMS": "2",
        "agenda-INITIAL_FORMS": "0",
        "agenda-MIN_NUM_FORMS": "0",
        "agenda-MAX_NUM_FORMS": "30",
        "agenda-0-title": "Hyvinvointikertomus",
        "agenda-1-title": "Avustukset 2027",
    }

    response = client_for(liaison_officer).post(reverse("events:evening_create"), data)

    assert response.status_code == 302
    evening = Evening.objects.get()
    assert list(evening.agenda_items.values_list("title", "order")) == [
        ("Hyvinvointikertomus", 1),
        ("Avustukset 2027", 2),
    ]


def test_an_evening_ending_before_it_starts_is_refused(client_for, liaison_officer):
    data = {
        "title": "Ilta",
        "day": (timezone.localdate() + timedelta(days=20)).isoformat(),
        "starts_time": "18:00",
        "ends_time": "17:00",
        "description": "Tervetuloa!",
        "address": "Kunnantalo",
        "agenda-TOTAL_FORMS": "0",
        "agenda-INITIAL_FORMS": "0",
    }

    response = client_for(liaison_officer).post(reverse("events:evening_create"), data)

    assert response.status_code == 400
    assert "An evening must end after it starts." in response.content.decode()
    assert not Evening.objects.exists()


def test_the_officer_publishes_minutes_and_the_attendance_starts_from_the_answers(
    client_for, liaison_officer
):
    evening = EveningFactory(past=True)
    coming = InvitationFactory(evening=evening, is_attending=True, head_count=2)
    absent = InvitationFactory(evening=evening, is_attending=True, head_count=1)
    InvitationFactory(evening=evening, is_attending=False)
    client = client_for(liaison_officer)
    url = reverse("events:evening_minutes", args=[evening.pk])

    form = client.get(url).context["form"]
    assert sorted(form.initial["attended"]) == sorted(
        [str(coming.association_id), str(absent.association_id)]
    )
    response = client.post(
        url, {"minutes": "Käsiteltiin avustukset.", "attended": [coming.association_id]}
    )

    assert response.status_code == 302
    evening.refresh_from_db()
    assert evening.has_minutes
    assert list(evening.invitations.filter(has_attended=True)) == [coming]
    public = client_for(None).get(evening.get_absolute_url())
    assert "Käsiteltiin avustukset." in public.content.decode()


def test_minutes_of_100000_characters_are_refused_and_nothing_changes(client_for, liaison_officer):
    evening = EveningFactory(past=True)

    response = client_for(liaison_officer).post(
        reverse("events:evening_minutes", args=[evening.pk]), {"minutes": "x" * 100_000}
    )

    assert response.status_code == 400
    assert "Ensure this value has at most 20000 characters" in response.content.decode()
    evening.refresh_from_db()
    assert evening.minutes == ""
    assert evening.minutes_published_at is None


def test_minutes_cannot_be_published_before_the_evening(liaison_officer):
    evening = EveningFactory()

    with pytest.raises(ValidationError):
        evenings.publish_minutes(
            evening=evening,
            minutes="Pöytäkirja",
            minutes_file=None,
            attended=[],
            by=liaison_officer,
        )


def test_attendance_per_year_counts_evenings_and_associations(db):
    evening = EveningFactory(past=True)
    thematic = EveningFactory(past=True, sector=Sector.SPORTS)
    club = AssociationFactory()
    InvitationFactory(evening=evening, association=club, has_attended=True)
    InvitationFactory(evening=thematic, association=club, has_attended=True)
    InvitationFactory(evening=thematic, has_attended=True)
    InvitationFactory(evening=thematic)
    year = timezone.localtime(evening.starts_at).year

    figures = evenings.attendance_by_year(year)

    assert figures["evenings"] == 2
    assert figures["thematic_meetings"] == 1
    assert figures["attendances"] == 3
    assert figures["associations"] == 2


def test_the_public_list_shows_announced_evenings_only(db, client_for):
    coming = EveningFactory(title="Syysilta", announced=True)
    EveningFactory(title="Keskeneräinen ilta")
    past = EveningFactory(
        title="Kevätilta", past=True, minutes="Pöytäkirja", minutes_published_at=timezone.now()
    )

    response = client_for(None).get(reverse("events:evening_list"))

    page = response.content.decode()
    assert coming.title in page
    assert past.title in page
    assert "Keskeneräinen ilta" not in page


def test_the_public_list_queries_do_not_grow_with_evenings(
    db, client_for, django_assert_max_num_queries
):
    EveningFactory.create_batch(3, announced=True)
    client = client_for(None)
    with django_assert_max_num_queries(50) as few:
        client.get(reverse("events:evening_list"))
    EveningFactory.create_batch(27, announced=True)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("events:evening_list"))

    assert len(response.context["coming"]) == 30


def test_the_dashboard_lists_the_representatives_open_invitations(client_for, association):
    rep = MembershipFactory(association=association).user
    invitation = InvitationFactory(association=association)

    response = client_for(rep).get(reverse("portal:dashboard"))

    assert invitation.get_absolute_url() in response.content.decode()


def test_the_agenda_links_to_the_annual_cycle(db, client_for):
    from tests.events.evening_factories import CycleItemFactory

    item = CycleItemFactory(title="Hyvinvointikertomuksen kuuleminen avautuu")
    evening = EveningFactory(announced=True)
    AgendaItem.objects.create(evening=evening, order=1, title="Hyvinvointi", cycle_item=item)

    response = client_for(None).get(evening.get_absolute_url())

    assert item.title in response.content.decode()


def test_editing_an_evening_keeps_reorders_and_deletes_agenda_items(client_for, liaison_officer):
    evening = EveningFactory(starts_at=day_at(20), ends_at=day_at(20, 20))
    AgendaItem.objects.create(evening=evening, order=1, title="Avustukset")
    AgendaItem.objects.create(evening=evening, order=2, title="Tilat")
    client = client_for(liaison_officer)
    url = reverse("events:evening_edit", args=[evening.pk])
    form = client.get(url).context["formset"]
    assert [f.initial["title"] for f in form.forms[:2]] == ["Avustukset", "Tilat"]

    response = client.post(
        url,
        {
            "title": evening.title,
            "day": timezone.localtime(evening.starts_at).date().isoformat(),
            "starts_time": "18:00",
            "ends_time": "20:00",
            "description": evening.description,
            "address": evening.address,
            "agenda-TOTAL_FORMS": "4",
            "agenda-INITIAL_FORMS": "2",
            "agenda-0-title": "Avustukset",
            "agenda-0-DELETE": "on",
            "agenda-1-title": "Tilat",
            "agenda-2-title": "Vuosikello",
            "agenda-3-title": "",
        },
    )

    assert response.status_code == 302
    assert list(evening.agenda_items.values_list("title", "order")) == [
        ("Tilat", 1),
        ("Vuosikello", 2),
    ]
