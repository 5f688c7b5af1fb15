"""How the allocation board is read: the spaces with their tree and hours, the needs, their
wishes, and the turns with the list of turns, in four statements each planned once."""

from datetime import time, timedelta

import pytest
from django.db import connection

from facilities import availability
from facilities.models import OpeningHours
from facilities.seasons import allocation
from portal.database import prepared_cursor
from tests.facilities.factories import SiteFactory, SpaceFactory
from tests.facilities.season_data import (
    MON,
    TUE,
    make_application,
    make_need,
    make_round,
    make_turn,
)
from tests.factories import AssociationFactory


@pytest.fixture
def corner(hall):
    """A corner inside the hall's half A, with hours of its own (one span closing at midnight)."""
    _whole, half_a, _half_b = hall
    corner = SpaceFactory(site=half_a.site, parent=half_a, name="Kori", slug="kori")
    for weekday in range(7):
        OpeningHours.objects.create(
            space=corner, weekday=weekday, opens_at=time(7), closes_at=time(11)
        )
        OpeningHours.objects.create(
            space=corner, weekday=weekday, opens_at=time(18), closes_at=time(0)
        )
    return corner


def test_the_board_reads_the_tree_and_the_hours_as_the_premises_pages_do(
    hall, corner, liaison_officer
):
    elsewhere = SpaceFactory(site=SiteFactory(slug="nuorisotalo"), name="Nuorten sali")
    spaces = [*hall, corner, elsewhere]
    season = make_round(spaces=spaces, by=liaison_officer)

    board = allocation.load_board(season)

    tree = allocation.related_spaces(availability.space_tree())
    schedules = availability.schedules_for(
        spaces, first_day=season.season_starts_on, last_day=season.season_ends_on
    )
    assert board.related == {space.pk: tree[space.pk] for space in spaces}
    assert board.related[corner.pk] == {hall[0].pk, hall[1].pk, corner.pk}
    for space in spaces:
        assert board.schedules[space.pk].weekly == schedules[space.pk].weekly
        assert board.schedules[space.pk].has_weekly == schedules[space.pk].has_weekly
    assert board.schedules[corner.pk].weekly[MON] == [(time(7), time(11)), (time(18), time(0))]
    assert not board.schedules[elsewhere.pk].has_weekly
    assert [str(space) for space in board.spaces.values()] == [
        str(space) for space in season.spaces.select_related("site")
    ]


def test_the_board_holds_the_turns_around_its_spaces_and_lists_the_rounds_own(
    hall, liaison_officer
):
    whole, half_a, half_b = hall
    season = make_round(spaces=[half_a], by=liaison_officer)
    own = make_need(make_application(season, AssociationFactory(name="Oma ry")), turns=3)
    inside = make_turn(own, half_a, MON, "17:00", "18:30", by=liaison_officer)
    elsewhere = make_turn(own, half_b, TUE, "17:00", "18:30", by=liaison_officer)
    overlapping = make_round(spaces=[whole], by=liaison_officer, name="Toinen")
    other = make_need(make_application(overlapping, AssociationFactory(name="Muu ry")))
    around = make_turn(other, whole, MON, "19:00", "20:30", by=liaison_officer)
    make_turn(other, half_b, TUE, "19:00", "20:30", by=liaison_officer)
    later = make_round(
        spaces=[whole],
        by=liaison_officer,
        name="Myöhempi",
        season_starts_on=season.season_ends_on + timedelta(days=1),
        season_ends_on=season.season_ends_on + timedelta(days=60),
    )
    make_turn(
        make_need(make_application(later, AssociationFactory())),
        whole, MON, "17:00", "18:30", by=liaison_officer,
    )  # fmt: skip

    board = allocation.load_board(season)

    assert [turn.pk for turn in board.turns] == [inside.pk, around.pk]
    assert [turn.pk for turn in board.listed] == [inside.pk, elsewhere.pk]
    assert board.holders[other.pk].association_name == "Muu ry"


def test_a_round_without_spaces_lists_its_own_turns(hall, liaison_officer):
    season = make_round(spaces=[hall[0]], by=liaison_officer)
    turn = make_turn(make_need(make_application(season, AssociationFactory())), hall[0], MON,
                     "17:00", "18:30", by=liaison_officer)  # fmt: skip
    season.spaces.clear()

    board = allocation.load_board(season)

    assert board.spaces == {}
    assert board.turns == []
    assert [listed.pk for listed in board.listed] == [turn.pk]


def test_the_board_takes_four_statements_whatever_the_round(
    hall, corner, liaison_officer, django_assert_num_queries
):
    season = make_round(spaces=[*hall, corner], by=liaison_officer)
    for index in range(5):
        need = make_need(
            make_application(season, AssociationFactory()),
            wishes=[(hall[index % 3], index % 5, "17:00", "21:00"), (corner, 5, "08:00", "10:00")],
        )
        make_turn(need, hall[index % 3], index % 5, "17:00", "18:30", by=liaison_officer)

    with django_assert_num_queries(4):
        board = allocation.load_board(season)

    assert len(board.needs) == 5
    assert sum(len(wishes) for wishes in board.wishes.values()) == 10
    assert [wish.rank for wish in next(iter(board.wishes.values()))] == [1, 2]


@pytest.mark.django_db(transaction=True)
def test_the_boards_statements_keep_one_plan_for_a_small_round_among_large_ones(
    hall, liaison_officer
):
    small, large = (make_round(spaces=list(hall), by=liaison_officer) for _ in range(2))
    make_need(
        make_application(small, AssociationFactory()), wishes=[(hall[0], MON, "17:00", "19:00")]
    )
    for index in range(40):
        need = make_need(
            make_application(large, AssociationFactory()),
            wishes=[(hall[index % 3], index % 5, "17:00", "19:00")],
        )
        make_turn(need, hall[index % 3], index % 5, "17:00", "18:00", by=liaison_officer)
    with connection.cursor() as cursor:
        # Statistics that show the small round smaller than the average one.
        cursor.execute("ANALYZE")

    for _ in range(10):
        allocation.load_board(small)

    with prepared_cursor() as cursor:
        cursor.execute(
            "SELECT custom_plans FROM pg_prepared_statements WHERE statement LIKE %s",
            ["%facilities_season%"],
        )
        custom = [count for (count,) in cursor.fetchall()]
    # PostgreSQL plans a statement for its values five times before it may keep one plan.
    assert len(custom) == 4
    assert max(custom) <= 5
