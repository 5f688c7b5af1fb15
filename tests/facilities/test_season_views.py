"""The seasonal round pages: who may open what, the application journey, bad input, queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from facilities.models import SeasonApplication, SeasonRound, SeasonTurn
from tests.facilities.factories import SiteFactory, SpaceFactory, open_every_day
from tests.facilities.season_data import (
    MON,
    make_application,
    make_need,
    make_round,
    make_turn,
    season_start,
    sports_officer,
)
from tests.factories import AssociationFactory


@pytest.fixture
def season(hall, liaison_officer):
    return make_round(spaces=list(hall), by=liaison_officer, notes="Tuo omat pallot.")


@pytest.fixture
def application(season, hall, association, association_rep):
    application = make_application(season, association, by=association_rep)
    make_need(application, wishes=[(hall[0], MON, "17:00", "19:00")])
    return application


def url(name, *args):
    return reverse(f"facilities:{name}", args=args)


def test_anyone_reads_an_open_round_with_its_criteria_and_notes(season, resident):
    response = resident.get(url("season_round_detail", season.pk))

    assert response.status_code == 200
    assert "Youth" not in response.text
    assert "Activity for children and young people first" in response.text
    assert "Tuo omat pallot." in response.text
    assert "Sali A" in response.text
    listing = resident.get(url("season_round_list"))
    assert "Talvikausi" in listing.text


def test_a_round_being_prepared_is_not_public(hall, liaison_officer, resident, client_for):
    draft = make_round(spaces=list(hall), by=liaison_officer, status=SeasonRound.Status.DRAFT)

    assert resident.get(url("season_round_detail", draft.pk)).status_code == 403
    assert "Talvikausi" not in resident.get(url("season_round_list")).text
    assert client_for(liaison_officer).get(url("season_round_detail", draft.pk)).status_code == 200


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("association_rep", 403),
        ("sector_officer", 403),  # culture officer, sports halls
        ("sports_officer", 200),
        ("liaison_officer", 200),
    ],
)
def test_only_the_officers_of_the_halls_sector_allocate(
    season, application, client_for, request, who, status
):
    user = None
    if who == "sports_officer":
        user = sports_officer()
    elif who != "anonymous":
        user = request.getfixturevalue(who)
    client = client_for(user)

    grid = client.get(url("season_allocation", season.pk))
    propose = client.post(url("season_round_propose", season.pk))
    publish = client.get(url("season_round_publish", season.pk))

    assert grid.status_code == status
    assert publish.status_code == status
    assert propose.status_code == (302 if status in (200, 302) else 403)
    if status == 403:
        assert not SeasonTurn.objects.exists()


def test_the_culture_officer_cannot_allocate_a_turn_in_a_sports_hall(
    season, application, hall, sector_officer, client_for
):
    need = application.needs.get()

    response = client_for(sector_officer).post(
        url("season_allocation", season.pk),
        {"need": need.pk, "space": hall[0].pk, "weekday": MON, "starts_at": "17:00",
         "ends_at": "18:30"},
    )  # fmt: skip

    assert response.status_code == 403
    assert not SeasonTurn.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [("association_rep", 200), ("other_association_rep", 403), ("plain_user", 403)],
)
def test_only_the_association_and_the_officer_see_an_application(
    application, client_for, request, who, status
):
    client = client_for(request.getfixturevalue(who))

    assert client.get(url("season_application_detail", application.pk)).status_code == status


def test_another_associations_representative_cannot_edit_or_send_a_draft(
    season, association, association_rep, other_association_rep, client_for
):
    draft = make_application(season, association, by=association_rep, submitted=False)
    client = client_for(other_association_rep)

    assert client.get(url("season_need_create", draft.pk)).status_code == 403
    assert client.post(url("season_application_submit", draft.pk)).status_code == 403
    draft.refresh_from_db()
    assert draft.is_draft


def test_a_representative_applies_through_the_pages(
    season, hall, association, association_rep, client_for
):
    client = client_for(association_rep)

    response = client.post(
        url("season_application_create", season.pk),
        {"association": association.pk, "active_members": 35, "is_local": "on"},
    )
    draft = SeasonApplication.objects.get(association=association)
    assert response.status_code == 302
    response = client.post(
        url("season_need_create", draft.pk),
        {
            "name": "U12", "age_group": "children", "group_size": 14, "purpose": "Jalkapallo",
            "turns_per_week": 2, "turn_minutes": 90, **wish_rows((hall[1], "0", "17:00", "19:00"),
                                                               (hall[2], "2", "17:00", "19:00")),
        },
    )  # fmt: skip
    assert response.status_code == 302
    response = client.post(url("season_application_submit", draft.pk))

    draft.refresh_from_db()
    assert draft.status == SeasonApplication.Status.SUBMITTED
    need = draft.needs.get()
    assert [(w.rank, w.space_id, w.weekday) for w in need.wishes.all()] == [
        (1, hall[1].pk, 0),
        (2, hall[2].pk, 2),
    ]


def wish_rows(*rows):
    data = {
        "wishes-TOTAL_FORMS": "4",
        "wishes-INITIAL_FORMS": "0",
        "wishes-MIN_NUM_FORMS": "0",
        "wishes-MAX_NUM_FORMS": "8",
    }
    for index, (space, weekday, starts, ends) in enumerate(rows):
        data |= {
            f"wishes-{index}-space": space.pk,
            f"wishes-{index}-weekday": weekday,
            f"wishes-{index}-starts_at": starts,
            f"wishes-{index}-ends_at": ends,
        }
    return data


@pytest.mark.parametrize(
    ("changes", "rows", "words"),
    [
        ({"turns_per_week": 0}, [("0", "17:00", "19:00")], "at least one turn a week"),
        ({}, [("0", "17:00", "19:00"), ("0", "18:00", "20:00")], "overlap"),
        ({"starts_on": "2000-01-01"}, [("0", "17:00", "19:00")], "within the season"),
        ({}, [("0", "17:00", "")], "Give the weekday, both times and the space"),
    ],
)
def test_bad_need_input_gets_a_clear_message_keeps_the_input_and_saves_nothing(
    season, hall, association, association_rep, client_for, changes, rows, words
):
    draft = make_application(season, association, by=association_rep, submitted=False)
    data = {
        "name": "U12 jalkapallo", "age_group": "children", "group_size": 14,
        "purpose": "Jalkapallo", "turns_per_week": 2, "turn_minutes": 90,
        **changes, **wish_rows(*[(hall[1], *row) for row in rows]),
    }  # fmt: skip

    response = client_for(association_rep).post(url("season_need_create", draft.pk), data)

    assert response.status_code == 400
    assert words in response.text
    assert 'value="U12 jalkapallo"' in response.text
    assert not draft.needs.exists()


def test_an_officer_allocates_by_hand_and_a_time_outside_the_wishes_needs_a_reason(
    season, application, hall, liaison_officer, client_for
):
    need = application.needs.get()
    client = client_for(liaison_officer)
    data = {"need": need.pk, "space": hall[0].pk, "weekday": 1, "starts_at": "17:00",
            "ends_at": "18:30"}  # fmt: skip

    refused = client.post(url("season_allocation", season.pk), data)
    allowed = client.post(
        url("season_allocation", season.pk), {**data, "forced_reason": "Maanantai täynnä"}
    )

    assert refused.status_code == 400
    assert "outside the group" in refused.text
    assert allowed.status_code == 302
    assert SeasonTurn.objects.get().forced_reason == "Maanantai täynnä"


def test_the_officer_moves_a_turn_by_hand(season, application, hall, liaison_officer, client_for):
    turn = make_turn(application.needs.get(), hall[0], MON, "17:00", "18:30", by=liaison_officer)

    response = client_for(liaison_officer).post(
        url("season_turn_edit", turn.pk),
        {"space": hall[0].pk, "weekday": MON, "starts_at": "17:30", "ends_at": "19:00"},
    )

    assert response.status_code == 302
    turn.refresh_from_db()
    assert f"{turn.starts_at:%H:%M}" == "17:30"


def grid_queries(client, season, space) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url("season_allocation", season.pk), {"tila": space.pk})
    assert response.status_code == 200
    # Every application shows: in the fairness table, and its turns in the list of turns.
    applications = SeasonApplication.objects.filter(season_round=season)
    assert response.text.count('data-testid="fairness-associations-row"') == applications.count()
    turns = SeasonTurn.objects.filter(need__application__season_round=season)
    assert all(f'data-testid="turn-{turn.pk}"' in response.text for turn in turns)
    return len(queries)


def add_applications(season, hall, count, officer):
    for index in range(count):
        application = make_application(season, AssociationFactory(), members=index)
        need = make_need(
            application,
            wishes=[(hall[index % 3], index % 5, "17:00", "21:00"), (hall[0], 5, "10:00", "14:00")],
        )
        if index % 4 == 0:
            make_turn(need, hall[index % 3], index % 5, "17:00", "18:30", by=officer)


def test_the_grid_takes_as_many_queries_with_thirty_applications_as_with_three(
    season, hall, liaison_officer, client_for
):
    client = client_for(liaison_officer)
    add_applications(season, hall, 3, liaison_officer)
    few = grid_queries(client, season, hall[0])

    SeasonTurn.objects.all().delete()
    add_applications(season, hall, 27, liaison_officer)
    many = grid_queries(client, season, hall[0])

    assert few == many


def test_the_round_list_takes_as_many_queries_for_many_rounds(hall, liaison_officer, resident):
    make_round(spaces=list(hall), by=liaison_officer)
    with CaptureQueriesContext(connection) as few:
        resident.get(url("season_round_list"))
    for _ in range(10):
        make_round(spaces=list(hall), by=liaison_officer)

    with CaptureQueriesContext(connection) as many:
        resident.get(url("season_round_list") + "?page=1&again=1")

    assert len(few) == len(many)


def test_an_officer_creates_and_opens_a_round_of_the_spaces_of_their_sector(
    hall, client_for, liaison_officer
):
    officer = sports_officer()
    culture_site = SiteFactory(sector="culture")
    open_every_day(culture_site)
    stage = SpaceFactory(site=culture_site, name="Näyttämö")
    starts = season_start()
    client = client_for(officer)
    data = {
        "name": "Kesäkausi",
        "season_starts_on": starts,
        "season_ends_on": starts + timedelta(weeks=10),
        "applications_open_on": starts - timedelta(days=20),
        "applications_close_on": starts - timedelta(days=10),
        "give_up_until": starts + timedelta(days=14),
        "spaces": [hall[0].pk, stage.pk],
        "criteria": ["members", "youth"],
    }

    refused = client.post(url("season_round_create"), data)
    created = client.post(url("season_round_create"), {**data, "spaces": [hall[0].pk]})
    season = SeasonRound.objects.get()
    opened = client.post(url("season_round_open", season.pk))

    assert refused.status_code == 400
    assert created.status_code == 302
    assert season.criteria == ["youth", "members"]
    assert opened.status_code == 302
    season.refresh_from_db()
    assert season.status == SeasonRound.Status.OPEN


def test_publishing_through_the_page_books_the_turns_and_a_second_post_adds_nothing(
    season, application, hall, liaison_officer, client_for
):
    make_turn(application.needs.get(), hall[0], MON, "17:00", "18:30", by=liaison_officer)
    client = client_for(liaison_officer)
    data = {"refusal_reason": "Ajat täynnä."}

    first = client.post(url("season_round_publish", season.pk), data)
    second = client.post(url("season_round_publish", season.pk), data)

    assert (first.status_code, second.status_code) == (302, 302)
    turn = SeasonTurn.objects.get()
    assert turn.series is not None
    assert turn.series.bookings.count() == 8
    assert SeasonTurn.objects.filter(series__isnull=False).count() == 1


def test_the_association_gives_up_a_turn_through_the_page_after_a_look(
    season, application, hall, association_rep, other_association_rep, liaison_officer,
    client_for,
):  # fmt: skip
    make_turn(application.needs.get(), hall[0], MON, "17:00", "18:30", by=liaison_officer)
    client_for(liaison_officer).post(
        url("season_round_publish", season.pk), {"refusal_reason": "-"}
    )
    turn = SeasonTurn.objects.get()
    client = client_for(association_rep)

    look = client.get(url("season_turn_give_up", turn.pk))
    without_reason = client.post(url("season_turn_give_up", turn.pk), {"reason": ""})
    other = client_for(other_association_rep).post(
        url("season_turn_give_up", turn.pk), {"reason": "Ei tarvita"}
    )
    done = client.post(url("season_turn_give_up", turn.pk), {"reason": "Joukkue lopetti"})

    assert (look.status_code, without_reason.status_code, other.status_code) == (200, 400, 403)
    assert done.status_code == 302
    turn.refresh_from_db()
    assert turn.is_given_up
    assert not turn.series.bookings.open().exists()


def test_the_list_of_turns_names_each_space_in_the_readers_language(liaison_officer, client_for):
    site = SiteFactory(name="Talo", sector="sports")
    open_every_day(site)
    lobby = SpaceFactory(site=site, name_fi="Aula", name_en="Lobby")
    cellar = SpaceFactory(site=site, name_fi="Kellari", name_en="")
    season = make_round(spaces=[lobby, cellar], by=liaison_officer)
    need = make_need(
        make_application(season, AssociationFactory(name="Kuoro ry")),
        turns=2,
        wishes=[(lobby, MON, "17:00", "19:00"), (cellar, MON + 1, "17:00", "19:00")],
    )
    make_turn(need, lobby, MON, "17:00", "18:30", by=liaison_officer)
    make_turn(need, cellar, MON + 1, "17:00", "18:30", by=liaison_officer)
    client = client_for(liaison_officer)

    for language, shown in (("fi", ["Aula", "Kellari"]), ("en", ["Lobby", "Kellari"])):
        for space, name in zip((lobby, cellar), shown, strict=True):
            with translation.override(language):
                path = url("season_allocation", season.pk)
            page = client.get(path, {"tila": space.pk}).text
            assert f"<td>{name}</td>" in page, (language, name)
