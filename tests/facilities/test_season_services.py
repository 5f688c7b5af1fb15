"""Applying, publishing and giving up turns; ordinary bookings during an open round."""

from datetime import time, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from facilities import services as booking_services
from facilities.availability import local
from facilities.models import (
    Booking,
    BookingSeries,
    SeasonApplication,
    SeasonNeed,
    SeasonRound,
)
from facilities.permissions import can_give_up_turn
from facilities.seasons import services
from portal.models import AuditEvent
from tests.facilities.season_data import (
    MON,
    WED,
    make_application,
    make_need,
    make_round,
    make_turn,
    season_start,
)


@pytest.fixture
def season(hall, liaison_officer):
    return make_round(spaces=list(hall), by=liaison_officer)


def need_data(**overrides):
    return {
        "name": "U12 jalkapallo",
        "group_size": 16,
        "age_group": SeasonNeed.AgeGroup.CHILDREN,
        "purpose": "Harjoitukset",
        "turns_per_week": 2,
        "turn_minutes": 90,
        "starts_on": None,
        "ends_on": None,
        **overrides,
    }


def wish(space, weekday=MON, starts="17:00", ends="19:00"):
    return {
        "space": space,
        "weekday": weekday,
        "starts_at": time.fromisoformat(starts),
        "ends_at": time.fromisoformat(ends),
    }


@pytest.fixture
def draft(season, association, association_rep):
    return services.start_application(
        season_round=season,
        association=association,
        data={"active_members": 40, "is_local": True},
        by=association_rep,
    )


def test_a_representative_applies_with_two_needs_and_gets_a_receipt(
    draft, hall, association_rep, django_capture_on_commit_callbacks
):
    services.save_need(
        application=draft, data=need_data(), wishes=[wish(hall[1]), wish(hall[2], WED)],
        by=association_rep,
    )  # fmt: skip
    services.save_need(
        application=draft,
        data=need_data(name="Naisten lentopallo", age_group=SeasonNeed.AgeGroup.ADULTS),
        wishes=[wish(hall[0], WED, "19:00", "21:00")],
        by=association_rep,
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.submit_application(application=draft, by=association_rep)

    draft.refresh_from_db()
    assert draft.status == SeasonApplication.Status.SUBMITTED
    assert not draft.is_late
    assert [need.wishes.count() for need in draft.needs.order_by("pk")] == [2, 1]
    assert mail.outbox[-1].to == [association_rep.email]
    assert "Naisten lentopallo" in mail.outbox[-1].body


def test_an_application_after_the_deadline_is_kept_as_a_late_one(
    draft, season, hall, association_rep
):
    services.save_need(
        application=draft, data=need_data(), wishes=[wish(hall[1])], by=association_rep
    )
    season.applications_close_on = timezone.localdate() - timedelta(days=1)
    season.save()

    services.submit_application(application=draft, by=association_rep)

    draft.refresh_from_db()
    assert draft.is_late
    assert draft.status == SeasonApplication.Status.SUBMITTED


def test_an_application_without_needs_is_not_sent(draft, association_rep):
    with pytest.raises(ValidationError) as error:
        services.submit_application(application=draft, by=association_rep)

    assert error.value.code == "no_needs"
    draft.refresh_from_db()
    assert draft.is_draft


@pytest.mark.parametrize(
    ("data", "wishes", "code", "words"),
    [
        (
            {"starts_on": "before"},
            [("whole", MON, "17:00", "19:00")],
            "outside_season",
            "within the season",
        ),
        ({"turns_per_week": 0}, [("whole", MON, "17:00", "19:00")], "turns_per_week", "1–7"),
        (
            {},
            [("whole", MON, "17:00", "19:00"), ("half", MON, "18:00", "20:00")],
            "overlapping_wishes",
            "Wished times 1 and 2 overlap",
        ),
        ({}, [("whole", MON, "17:00", "18:00")], "wish_too_short", "shorter than one turn"),
        ({}, [], "no_wishes", "at least one wished time"),
    ],
)
def test_bad_needs_are_refused_with_a_clear_message_and_nothing_is_saved(
    draft, hall, association_rep, data, wishes, code, words
):
    spaces = {"whole": hall[0], "half": hall[1]}
    if data.get("starts_on") == "before":
        data = {"starts_on": season_start() - timedelta(days=7)}

    with pytest.raises(ValidationError) as error:
        services.save_need(
            application=draft,
            data=need_data(**data),
            wishes=[wish(spaces[s], day, a, b) for s, day, a, b in wishes],
            by=association_rep,
        )

    assert error.value.code == code
    assert words in error.value.messages[0]
    assert not draft.needs.exists()


def test_another_associations_representative_cannot_change_the_draft(
    draft, hall, other_association_rep
):
    with pytest.raises(ValidationError) as error:
        services.save_need(
            application=draft, data=need_data(), wishes=[wish(hall[1])], by=other_association_rep
        )

    assert error.value.code == "not_representative"


def test_a_draft_round_takes_no_applications(hall, liaison_officer, association, association_rep):
    season = make_round(spaces=list(hall), by=liaison_officer, status=SeasonRound.Status.DRAFT)

    with pytest.raises(ValidationError) as error:
        services.start_application(
            season_round=season,
            association=association,
            data={"active_members": 4},
            by=association_rep,
        )

    assert error.value.code == "closed"


def in_season(days=0, hour=10):
    return local(season_start() + timedelta(days=days), time(hour))


def test_an_open_round_refuses_ordinary_bookings_of_its_spaces_in_its_season(
    season, hall, association, association_rep
):
    with pytest.raises(ValidationError) as error:
        booking_services.book_space(
            space=hall[1],
            association=association,
            starts_at=in_season(1),
            ends_at=in_season(1, 12),
            purpose="Turnaus",
            expected_participants=10,
            is_public_benefit=True,
            by=association_rep,
        )

    assert error.value.code == "season_round"
    assert "Talvikausi" in error.value.messages[0]
    assert not Booking.objects.exists()


def test_before_the_season_the_spaces_can_be_booked_as_usual(
    season, hall, association, association_rep
):
    booking = booking_services.book_space(
        space=hall[1],
        association=association,
        starts_at=in_season(-2),
        ends_at=in_season(-2, 12),
        purpose="Turnaus",
        expected_participants=10,
        is_public_benefit=True,
        by=association_rep,
    )

    assert booking.status == Booking.Status.CONFIRMED


@pytest.fixture
def allocated(season, hall, association, association_rep, liaison_officer):
    application = make_application(season, association, by=association_rep)
    need = make_need(application, turns=2, wishes=[(hall[0], MON, "17:00", "19:00")])
    monday = make_turn(need, hall[0], MON, "17:00", "18:30", by=liaison_officer)
    wednesday = make_turn(need, hall[1], WED, "18:00", "19:30", by=liaison_officer)
    return application, need, monday, wednesday


def test_publishing_makes_a_confirmed_series_for_every_turn_and_writes_the_association(
    season, allocated, association_rep, liaison_officer, django_capture_on_commit_callbacks
):
    _application, _need, monday, _wednesday = allocated

    with django_capture_on_commit_callbacks(execute=True):
        result = services.publish_round(season_round=season, refusal_reason="", by=liaison_officer)

    monday.refresh_from_db()
    assert result.series == 2
    assert monday.series.bookings.count() == 8
    assert set(monday.series.bookings.values_list("status", flat=True)) == {"confirmed"}
    assert {b.starts_at.weekday() for b in monday.series.bookings.all()} == {MON}
    assert season.__class__.objects.get(pk=season.pk).status == SeasonRound.Status.PUBLISHED
    assert mail.outbox[-1].to == [association_rep.email]
    assert "17:00–18:30" in mail.outbox[-1].body
    assert AuditEvent.objects.filter(action="facilities.season_round_published").exists()


def test_publishing_twice_does_not_double_the_series_or_the_letters(
    season, allocated, liaison_officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_round(season_round=season, refusal_reason="", by=liaison_officer)
    letters = len(mail.outbox)

    with django_capture_on_commit_callbacks(execute=True):
        again = services.publish_round(season_round=season, refusal_reason="", by=liaison_officer)

    assert BookingSeries.objects.count() == 2
    assert Booking.objects.count() == 16
    assert (again.series, again.letters) == (0, 0)
    assert len(mail.outbox) == letters


def test_a_group_without_turns_is_told_the_reason(
    season, hall, liaison_officer, association, django_capture_on_commit_callbacks
):
    application = make_application(season, association)
    need = make_need(application, wishes=[(hall[0], MON, "17:00", "19:00")])

    with django_capture_on_commit_callbacks(execute=True):
        services.publish_round(
            season_round=season, refusal_reason="Toiveajat olivat varattuja.", by=liaison_officer
        )

    need.refresh_from_db()
    assert need.refusal_reason == "Toiveajat olivat varattuja."
    assert "Toiveajat olivat varattuja." in mail.outbox[-1].body


def test_a_date_booked_before_the_round_opened_is_left_out_of_the_series(
    season, hall, allocated, association, association_rep, liaison_officer
):
    season.status = SeasonRound.Status.DRAFT
    season.save()
    booking_services.book_space(
        space=hall[2],
        association=association,
        starts_at=in_season(7, 17),
        ends_at=in_season(7, 18),
        purpose="Ottelu",
        expected_participants=10,
        is_public_benefit=True,
        by=association_rep,
    )
    season.status = SeasonRound.Status.OPEN
    season.save()

    result = services.publish_round(season_round=season, refusal_reason="", by=liaison_officer)

    _application, _need, monday, _wednesday = allocated
    monday.refresh_from_db()
    assert monday.series.bookings.count() == 7
    assert len(result.skipped) == 1


def test_giving_up_a_turn_frees_its_time_for_open_booking(
    season, hall, allocated, association_rep, other_association, other_association_rep,
    liaison_officer,
):  # fmt: skip
    services.publish_round(season_round=season, refusal_reason="", by=liaison_officer)
    _application, _need, monday, _wednesday = allocated
    monday.refresh_from_db()
    assert can_give_up_turn(association_rep, monday)

    services.give_up_turns(turns=[monday], reason="Joukkue lopetti", by=association_rep)

    monday.refresh_from_db()
    assert monday.is_given_up
    assert not monday.series.bookings.open().exists()
    booking = booking_services.book_space(
        space=hall[1],
        association=other_association,
        starts_at=in_season(7, 17),
        ends_at=in_season(7, 18),
        purpose="Sählyvuoro",
        expected_participants=10,
        is_public_benefit=True,
        by=other_association_rep,
    )
    assert booking.status == Booking.Status.CONFIRMED


def test_turns_cannot_be_given_up_after_the_rounds_period_or_by_others(
    season, allocated, association_rep, other_association_rep, liaison_officer
):
    services.publish_round(season_round=season, refusal_reason="", by=liaison_officer)
    _application, _need, monday, _wednesday = allocated

    assert not can_give_up_turn(other_association_rep, monday)
    season.give_up_until = timezone.localdate() - timedelta(days=1)
    season.save()
    monday.refresh_from_db()
    assert not can_give_up_turn(association_rep, monday)
