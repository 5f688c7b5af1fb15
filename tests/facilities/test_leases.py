"""Long-term use of rooms: the lease holds the room, refuses bookings, is renewed and reminded."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from facilities import availability, leases, services
from facilities.models import Block, Booking, Lease, Space
from portal.models import AuditEvent
from tests.facilities.factories import SpaceFactory, at
from tests.factories import AssociationFactory, MembershipFactory, UserFactory


def today():
    return timezone.localdate()


@pytest.fixture
def office(site):
    return SpaceFactory(site=site, name="Toimisto 2", slug="toimisto-2", type=Space.Type.OFFICE)


def give(office, association, officer, *, first=0, last=365, **extra):
    return leases.create_lease(
        space=office,
        association=association,
        starts_on=today() + timedelta(days=first),
        ends_on=today() + timedelta(days=last),
        contract_signed_on=today(),
        by=officer,
        **extra,
    )


def test_a_lease_shows_the_room_in_long_term_use_in_the_week_calendar(
    office, association, liaison_officer
):
    give(office, association, liaison_officer, first=1)
    monday = today() + timedelta(days=7 - today().weekday())

    calendar = availability.week_calendar(office, monday)

    states = {cell.state for _at, cells in calendar.rows for cell in cells}
    assert states == {availability.Cell.LEASED}


def test_a_leased_room_is_left_out_of_the_free_time_search(
    resident, office, room, association, liaison_officer
):
    give(office, association, liaison_officer)
    day = today() + timedelta(days=3)

    response = resident.get(
        reverse("facilities:space_list"),
        {"free_on": day.isoformat(), "free_from": "10:00", "duration": 60},
    )

    assert [space.slug for space in response.context["spaces"]] == ["kokoushuone"]


def test_booking_a_leased_room_is_refused_with_the_holder_and_the_last_day(
    office, association, other_association, other_association_rep, liaison_officer
):
    lease = give(office, association, liaison_officer, last=60)

    with pytest.raises(ValidationError) as error:
        services.book_space(
            space=office,
            association=other_association,
            starts_at=at(7, 10),
            ends_at=at(7, 12),
            purpose="Kokous",
            expected_participants=5,
            is_public_benefit=True,
            by=other_association_rep,
        )

    assert error.value.code == "leased"
    assert association.name in error.value.messages[0]
    assert not Booking.objects.filter(space=office).exists()
    assert lease.block.space == office


def test_a_lease_over_existing_bookings_is_refused_and_nothing_is_saved(
    office, association, other_association, other_association_rep, liaison_officer
):
    services.book_space(
        space=office,
        association=other_association,
        starts_at=at(10, 10),
        ends_at=at(10, 12),
        purpose="Kokous",
        expected_participants=5,
        is_public_benefit=True,
        by=other_association_rep,
    )

    with pytest.raises(ValidationError) as error:
        give(office, association, liaison_officer)

    assert error.value.code == "taken"
    assert not Lease.objects.exists()
    assert not Block.objects.exists()


def test_renewing_holds_the_room_to_the_new_last_day_and_asks_for_a_new_reminder(
    office, association, liaison_officer
):
    lease = give(office, association, liaison_officer, last=30)
    Lease.objects.filter(pk=lease.pk).update(renewal_reminded_at=timezone.now())

    leases.renew_lease(
        lease=lease,
        ends_on=today() + timedelta(days=60),
        contract_signed_on=today(),
        by=liaison_officer,
    )

    lease.refresh_from_db()
    assert lease.ends_on == today() + timedelta(days=60)
    assert lease.renewal_reminded_at is None
    assert leases.lease_holding(office, at(45, 10), at(45, 11)) == lease
    assert AuditEvent.objects.filter(action="facilities.lease_renewed").count() == 1


def test_renewing_to_an_earlier_day_is_refused(office, association, liaison_officer):
    lease = give(office, association, liaison_officer, last=30)

    with pytest.raises(ValidationError) as error:
        leases.renew_lease(
            lease=lease,
            ends_on=today() + timedelta(days=20),
            contract_signed_on=today(),
            by=liaison_officer,
        )

    assert error.value.code == "not_later"


def test_ending_early_frees_the_days_after_the_new_last_day(
    office, association, other_association, other_association_rep, liaison_officer
):
    lease = give(office, association, liaison_officer, last=60)

    leases.end_lease(
        lease=lease, ends_on=today() + timedelta(days=5), reason="Muutto", by=liaison_officer
    )

    booking = services.book_space(
        space=office,
        association=other_association,
        starts_at=at(10, 10),
        ends_at=at(10, 12),
        purpose="Kokous",
        expected_participants=5,
        is_public_benefit=True,
        by=other_association_rep,
    )
    assert booking.pk
    assert leases.lease_holding(office, at(3, 10), at(3, 11)) == lease
    event = AuditEvent.objects.get(action="facilities.lease_ended")
    assert event.data["reason"] == "Muutto"


def test_the_lease_block_cannot_be_removed_as_a_plain_block(office, association, liaison_officer):
    lease = give(office, association, liaison_officer)

    with pytest.raises(ValidationError) as error:
        services.remove_block(block=lease.block, by=liaison_officer)

    assert error.value.code == "lease"
    assert Block.objects.filter(pk=lease.block_id).exists()


def test_the_renewal_reminder_goes_once_to_the_representatives_and_the_officer(
    office, association, association_rep, liaison_officer, mailoutbox,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    give(office, association, liaison_officer, last=30, remind_days_before=60)
    give_later = give(
        SpaceFactory(site=office.site),
        association,
        liaison_officer,
        last=200,
        remind_days_before=30,
    )

    with django_capture_on_commit_callbacks(execute=True):
        first = leases.send_renewal_reminders()
    with django_capture_on_commit_callbacks(execute=True):
        second = leases.send_renewal_reminders()

    assert (first, second) == (1, 0)
    assert len(mailoutbox) == 1
    assert sorted(mailoutbox[0].to) == sorted([association_rep.email, liaison_officer.email])
    assert "Toimisto 2" in mailoutbox[0].subject
    assert Lease.objects.get(pk=give_later.pk).renewal_reminded_at is None
    assert AuditEvent.objects.filter(action="facilities.lease_renewal_reminded").count() == 1


def test_the_beat_task_sends_the_due_reminders(office, association, liaison_officer, mailoutbox):
    from facilities.tasks import remind_lease_renewals_task

    lease = give(office, association, liaison_officer, last=10)

    remind_lease_renewals_task()

    lease.refresh_from_db()
    assert lease.renewal_reminded_at is not None


# Pages


def test_the_officer_gives_a_room_through_the_form(
    client_for, office, association, liaison_officer
):
    client = client_for(liaison_officer)

    response = client.post(
        reverse("facilities:lease_create"),
        {
            "space": office.pk,
            "association": association.pk,
            "starts_on": today().isoformat(),
            "ends_on": (today() + timedelta(days=364)).isoformat(),
            "contract_signed_on": today().isoformat(),
            "key_handed_over_on": today().isoformat(),
            "keys": "2 × avain 14",
            "remind_days_before": 60,
        },
    )

    lease = Lease.objects.get()
    assert response.status_code == 302
    assert response["Location"] == lease.get_absolute_url()
    assert lease.keys == "2 × avain 14"
    assert AuditEvent.objects.filter(action="facilities.lease_created").count() == 1


def test_the_form_keeps_what_was_typed_when_the_days_are_in_the_wrong_order(
    client_for, office, association, liaison_officer
):
    response = client_for(liaison_officer).post(
        reverse("facilities:lease_create"),
        {
            "space": office.pk,
            "association": association.pk,
            "starts_on": (today() + timedelta(days=10)).isoformat(),
            "ends_on": today().isoformat(),
            "contract_signed_on": today().isoformat(),
            "keys": "Avain 7",
            "remind_days_before": 60,
        },
    )

    assert response.status_code == 400
    assert "The last day cannot be before the first day." in response.content.decode()
    assert 'value="Avain 7"' in response.content.decode()
    assert not Lease.objects.exists()


def test_the_officer_list_shows_who_holds_which_room_in_a_constant_number_of_queries(
    client_for, site, liaison_officer, django_assert_max_num_queries
):
    client = client_for(liaison_officer)

    def make(count):
        for _ in range(count):
            space = SpaceFactory(site=site, type=Space.Type.STORAGE)
            give(space, AssociationFactory(), liaison_officer, last=100)

    make(3)
    client.get(reverse("facilities:lease_list"))
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("facilities:lease_list"))
    make(27)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("facilities:lease_list"))

    assert len(response.context["leases"]) == 30


def test_the_officer_list_filters_by_association_and_keeps_the_filter_in_its_pages(
    client_for, site, liaison_officer
):
    wanted = AssociationFactory(name="Kamerakerho ry")
    for number in range(55):
        space = SpaceFactory(site=site, type=Space.Type.STORAGE)
        give(space, wanted if number % 2 == 0 else AssociationFactory(), liaison_officer)

    response = client_for(liaison_officer).get(
        reverse("facilities:lease_list"), {"association": "kamera", "sort": "space"}
    )

    assert response.context["page_obj"].paginator.count == 28
    assert {lease.association for lease in response.context["leases"]} == {wanted}
    assert response.context["query_without_page"] == "association=kamera&sort=space&"


def test_ended_leases_are_listed_only_when_asked(client_for, office, association, liaison_officer):
    lease = give(office, association, liaison_officer, first=-40, last=-10)

    client = client_for(liaison_officer)
    current = client.get(reverse("facilities:lease_list"))
    ended = client.get(reverse("facilities:lease_list"), {"state": "ended"})

    assert list(current.context["leases"]) == []
    assert list(ended.context["leases"]) == [lease]


def test_the_association_sees_its_rooms_on_its_bookings_page(
    client_for, office, association, association_rep, liaison_officer
):
    give(office, association, liaison_officer)

    response = client_for(association_rep).get(reverse("facilities:booking_list"))

    assert [lease.space for lease in response.context["leases"]] == [office]
    assert "Toimisto 2" in response.content.decode()


def test_the_representative_reads_the_lease_but_cannot_change_it(
    client_for, office, association, association_rep, liaison_officer
):
    lease = give(office, association, liaison_officer)
    client = client_for(association_rep)

    page = client.get(lease.get_absolute_url())
    change = client.post(
        reverse("facilities:lease_renew", args=[lease.pk]),
        {"renew-ends_on": (today() + timedelta(days=800)).isoformat()},
    )

    assert page.status_code == 200
    assert page.context["can_manage"] is False
    assert b"lease-renew-form" not in page.content
    assert change.status_code == 403


@pytest.mark.parametrize(
    ("who", "name", "status"),
    [
        ("anonymous", "lease_list", 302),
        ("plain_user", "lease_list", 403),
        ("association_rep", "lease_list", 403),
        ("council_member", "lease_list", 403),
        ("anonymous", "lease_detail", 302),
        ("plain_user", "lease_detail", 403),
        ("other_association_rep", "lease_detail", 403),
        ("sector_officer", "lease_detail", 403),
        ("council_member", "lease_detail", 403),
        ("sector_officer", "lease_end", 403),
        ("other_association_rep", "lease_edit", 403),
        ("association_rep", "lease_end", 403),
        ("liaison_officer", "lease_detail", 200),
        ("association_rep", "lease_detail", 200),
    ],
)
def test_who_may_see_and_change_a_lease(
    request, client_for, office, association, liaison_officer, who, name, status
):
    lease = give(office, association, liaison_officer, last=100)
    user = None if who == "anonymous" else request.getfixturevalue(who)
    client = client_for(user)
    args = [] if name == "lease_list" else [lease.pk]

    if name in ("lease_end", "lease_edit"):
        response = client.post(
            reverse(f"facilities:{name}", args=args),
            {"end-ends_on": today().isoformat(), "end-reason": "Loppu"},
        )
    else:
        response = client.get(reverse(f"facilities:{name}", args=args))

    assert response.status_code == status
    lease.refresh_from_db()
    assert lease.ends_on == today() + timedelta(days=100)


def test_ending_early_through_the_page_without_a_reason_changes_nothing(
    client_for, office, association, liaison_officer
):
    lease = give(office, association, liaison_officer, last=100)

    response = client_for(liaison_officer).post(
        reverse("facilities:lease_end", args=[lease.pk]),
        {"end-ends_on": (today() + timedelta(days=5)).isoformat(), "end-reason": ""},
    )

    assert response.status_code == 400
    lease.refresh_from_db()
    assert lease.ends_on == today() + timedelta(days=100)


def test_the_officer_schedule_names_the_holder_and_offers_no_plain_removal(
    client_for, office, association, liaison_officer
):
    lease = give(office, association, liaison_officer)

    response = client_for(liaison_officer).get(
        reverse("facilities:officer_schedule"), {"day": (today() + timedelta(days=2)).isoformat()}
    )

    body = response.content.decode()
    assert lease.get_absolute_url() in body
    assert reverse("facilities:block_delete", args=[lease.block_id]) not in body


def test_a_member_of_the_association_is_a_recipient_only_when_approved(
    office, association, liaison_officer
):
    lease = give(office, association, liaison_officer)
    pending = MembershipFactory(association=association, status="pending").user

    assert pending.email not in leases._recipients(lease)


def test_the_demo_gives_two_rooms_for_long_term_use_once_and_the_officer_sees_them(
    client_for, liaison_officer
):
    from facilities import demo

    for _ in range(3):
        MembershipFactory()
    UserFactory(is_superuser=True, is_staff=True)

    demo.seed(stdout=io.StringIO())
    demo.seed(stdout=io.StringIO())

    assert sorted(Lease.objects.values_list("space__slug", flat=True)) == [
        "yhdistystalo-toimisto",
        "yhdistystalo-varasto",
    ]
    response = client_for(liaison_officer).get(reverse("facilities:lease_list"), {"state": "all"})
    assert len(response.context["leases"]) == 2
