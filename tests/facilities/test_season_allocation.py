"""The allocation checks one by one, the proposal on a hand-worked example, the fairness table."""

from datetime import time

import pytest
from django.core.exceptions import ValidationError

from facilities.models import SeasonNeed, SeasonRound, SeasonTurn
from facilities.seasons import allocation, services
from portal.models import AuditEvent
from tests.facilities.factories import SpaceFactory
from tests.facilities.season_data import (
    MON,
    THU,
    TUE,
    WED,
    make_application,
    make_need,
    make_round,
    make_turn,
)
from tests.factories import AssociationFactory

CHILDREN, YOUTH, ADULTS = (
    SeasonNeed.AgeGroup.CHILDREN,
    SeasonNeed.AgeGroup.YOUTH,
    SeasonNeed.AgeGroup.ADULTS,
)


@pytest.fixture
def season(hall, liaison_officer):
    whole, half_a, half_b = hall
    return make_round(spaces=[whole, half_a, half_b], by=liaison_officer)


@pytest.fixture
def need(season, hall):
    whole, half_a, _half_b = hall
    application = make_application(season, AssociationFactory(name="Juniorit ry"))
    return make_need(
        application,
        turns=2,
        minutes=90,
        wishes=[(whole, MON, "17:00", "19:00"), (half_a, WED, "18:00", "20:00")],
    )


def allocate(need, space, weekday, starts, ends, by, reason=""):
    return services.allocate_turn(
        need=need,
        space=space,
        weekday=weekday,
        starts=time.fromisoformat(starts),
        ends=time.fromisoformat(ends),
        forced_reason=reason,
        by=by,
    )


def refused_code(call) -> str:
    with pytest.raises(ValidationError) as error:
        call()
    return error.value.code


def test_a_turn_within_a_wish_is_allocated_and_logged(need, hall, liaison_officer):
    turn = allocate(need, hall[0], MON, "17:30", "19:00", liaison_officer)

    assert turn.wish.rank == 1
    assert turn.forced_reason == ""
    assert SeasonTurn.objects.filter(need=need).count() == 1
    event = AuditEvent.objects.get(action="facilities.season_turn_allocated")
    assert event.data == {"need": need.name, "association": "Juniorit ry", "forced_reason": ""}


def test_a_group_gets_no_more_turns_than_it_asked_a_week(need, hall, liaison_officer):
    allocate(need, hall[0], MON, "17:00", "18:30", liaison_officer)
    allocate(need, hall[1], WED, "18:00", "19:30", liaison_officer)

    code = refused_code(
        lambda: allocate(need, hall[2], THU, "18:00", "19:30", liaison_officer, "Tilaa vapaana")
    )

    assert code == "turns_per_week"


def test_a_group_gets_one_turn_a_day(need, hall, liaison_officer):
    allocate(need, hall[0], MON, "17:00", "18:30", liaison_officer)

    code = refused_code(
        lambda: allocate(need, hall[1], MON, "19:00", "20:30", liaison_officer, "Toive")
    )

    assert code == "one_a_day"


def test_a_time_outside_the_wishes_needs_a_reason(need, hall, liaison_officer):
    code = refused_code(lambda: allocate(need, hall[0], TUE, "17:00", "18:30", liaison_officer))
    turn = allocate(need, hall[0], TUE, "17:00", "18:30", liaison_officer, "Maanantai täynnä")

    assert code == "outside_wishes"
    assert turn.forced_reason == "Maanantai täynnä"
    assert turn.wish is None


def test_a_turn_in_the_whole_hall_excludes_its_halves_and_the_halves_each_other_not(
    need, season, hall, liaison_officer
):
    whole, half_a, half_b = hall
    other = make_need(
        make_application(season, AssociationFactory()),
        wishes=[(half_a, MON, "17:00", "20:00"), (half_b, MON, "17:00", "20:00")],
    )
    allocate(need, whole, MON, "17:00", "18:30", liaison_officer)

    code = refused_code(lambda: allocate(other, half_a, MON, "18:00", "19:30", liaison_officer))
    turn = allocate(other, half_b, MON, "18:30", "20:00", liaison_officer)

    assert code == "overlap"
    assert turn.space == half_b


def test_two_halves_can_be_used_at_the_same_time(season, hall, liaison_officer):
    _whole, half_a, half_b = hall
    first = make_need(
        make_application(season, AssociationFactory()), wishes=[(half_a, MON, "17:00", "18:30")]
    )
    second = make_need(
        make_application(season, AssociationFactory()), wishes=[(half_b, MON, "17:00", "18:30")]
    )

    allocate(first, half_a, MON, "17:00", "18:30", liaison_officer)
    allocate(second, half_b, MON, "17:00", "18:30", liaison_officer)

    assert SeasonTurn.objects.count() == 2


def test_a_turn_of_another_length_than_asked_needs_a_reason(need, hall, liaison_officer):
    code = refused_code(lambda: allocate(need, hall[0], MON, "17:00", "18:00", liaison_officer))

    assert code == "length"


def test_a_turn_outside_opening_hours_is_refused_even_with_a_reason(need, hall, liaison_officer):
    code = refused_code(
        lambda: allocate(need, hall[0], MON, "21:00", "22:30", liaison_officer, "Myöhään")
    )

    assert code == "closed"


def test_a_space_outside_the_round_gets_no_turns(need, liaison_officer):
    elsewhere = SpaceFactory()

    code = refused_code(
        lambda: allocate(need, elsewhere, MON, "17:00", "18:30", liaison_officer, "Muu tila")
    )

    assert code == "not_in_round"


def test_a_draft_applications_need_gets_no_turns(season, hall, liaison_officer):
    draft = make_need(
        make_application(season, AssociationFactory(), submitted=False),
        wishes=[(hall[0], MON, "17:00", "19:00")],
    )

    code = refused_code(lambda: allocate(draft, hall[0], MON, "17:00", "18:30", liaison_officer))

    assert code == "not_sent"


def test_moving_a_turn_checks_against_the_others_but_not_itself(need, hall, liaison_officer):
    turn = allocate(need, hall[0], MON, "17:00", "18:30", liaison_officer)

    moved = services.move_turn(
        turn=turn,
        space=hall[0],
        weekday=MON,
        starts=time(17, 30),
        ends=time(19, 0),
        by=liaison_officer,
    )

    assert (moved.starts_at, moved.ends_at) == (time(17, 30), time(19, 0))


# --- The proposal on a hand-worked example ---------------------------------------------------
#
# Whole hall H with halves A and B, open 8–22. Three needs:
#   Aikuiset (adults, 100 members): 1 × 90 min; 1st H Mon 17–19.
#   Juniorit (children, 20 members): 2 × 90 min; 1st H Mon 17–18:30, 2nd A Wed 18–19:30,
#                                     3rd B Thu 17–19.
#   Nuoret (young people, 50 members): 1 × 60 min; 1st A Mon 17–18, 2nd B Mon 18:30–20.
# Criteria "young first, then members": Nuoret, Juniorit, Aikuiset.
#   First choices: Nuoret A Mon 17–18. Juniorit H Mon 17–18:30 overlaps it (A is inside H).
#                  Aikuiset H Mon 17–18:30 and 17:30–19 overlap it too.
#   Second choices: Juniorit A Wed 18–19:30.   Further choices: Juniorit B Thu 17–18:30.
#   Aikuiset get nothing: 0 of 1.5 hours.
# Criteria "members" only: Aikuiset, Nuoret, Juniorit.
#   First choices: Aikuiset H Mon 17–18:30; Nuoret A Mon 17–18 overlaps; Juniorit H Mon too.
#   Second choices: Nuoret B Mon 18:30–19:30; Juniorit A Wed 18–19:30.
#   Further choices: Juniorit B Thu 17–18:30.


@pytest.fixture
def example(hall, liaison_officer):
    whole, half_a, half_b = hall

    def make(criteria):
        season = make_round(spaces=[whole, half_a, half_b], by=liaison_officer, criteria=criteria)
        adults = make_need(
            make_application(season, AssociationFactory(name="Aikuiset ry"), members=100),
            name="Kuntosalibandy",
            age=ADULTS,
            wishes=[(whole, MON, "17:00", "19:00")],
        )
        juniors = make_need(
            make_application(season, AssociationFactory(name="Juniorit ry"), members=20),
            name="U12",
            age=CHILDREN,
            turns=2,
            wishes=[
                (whole, MON, "17:00", "18:30"),
                (half_a, WED, "18:00", "19:30"),
                (half_b, THU, "17:00", "19:00"),
            ],
        )
        youth = make_need(
            make_application(season, AssociationFactory(name="Nuoret ry"), members=50),
            name="Nuorten sähly",
            age=YOUTH,
            minutes=60,
            wishes=[(half_a, MON, "17:00", "18:00"), (half_b, MON, "18:30", "20:00")],
        )
        return season, {"adults": adults, "juniors": juniors, "youth": youth}

    return make


def allocated(need) -> list[tuple]:
    return [
        (turn.space.slug, turn.weekday, f"{turn.starts_at:%H:%M}", f"{turn.ends_at:%H:%M}")
        for turn in need.turns.order_by("weekday")
    ]


def test_the_proposal_gives_young_groups_their_first_choices_first(example, liaison_officer):
    season, needs = example([SeasonRound.Criterion.YOUTH, SeasonRound.Criterion.MEMBERS])

    services.propose_turns(season_round=season, by=liaison_officer)

    assert allocated(needs["youth"]) == [("sali-a", MON, "17:00", "18:00")]
    assert allocated(needs["juniors"]) == [
        ("sali-a", WED, "18:00", "19:30"),
        ("sali-b", THU, "17:00", "18:30"),
    ]
    assert allocated(needs["adults"]) == []


def test_the_proposal_follows_the_published_criteria_when_only_members_count(
    example, liaison_officer
):
    season, needs = example([SeasonRound.Criterion.MEMBERS])

    services.propose_turns(season_round=season, by=liaison_officer)

    assert allocated(needs["adults"]) == [("sali", MON, "17:00", "18:30")]
    assert allocated(needs["youth"]) == [("sali-b", MON, "18:30", "19:30")]
    assert allocated(needs["juniors"]) == [
        ("sali-a", WED, "18:00", "19:30"),
        ("sali-b", THU, "17:00", "18:30"),
    ]


def test_the_proposal_keeps_the_officers_turns_and_fills_around_them(
    example, hall, liaison_officer
):
    season, needs = example([SeasonRound.Criterion.YOUTH, SeasonRound.Criterion.MEMBERS])
    make_turn(needs["adults"], hall[0], MON, "17:00", "18:30", by=liaison_officer)

    services.propose_turns(season_round=season, by=liaison_officer)

    assert allocated(needs["adults"]) == [("sali", MON, "17:00", "18:30")]
    assert allocated(needs["youth"]) == [("sali-b", MON, "18:30", "19:30")]


def test_proposing_twice_adds_nothing_the_second_time(example, liaison_officer):
    season, _needs = example([SeasonRound.Criterion.YOUTH])
    first = services.propose_turns(season_round=season, by=liaison_officer)

    second = services.propose_turns(season_round=season, by=liaison_officer)

    assert len(first) == 3
    assert second == []


def test_a_late_application_comes_after_every_other(season, hall, liaison_officer):
    whole = hall[0]
    late = make_need(
        make_application(season, AssociationFactory(), members=500, late=True),
        age=CHILDREN,
        wishes=[(whole, MON, "17:00", "18:30")],
    )
    on_time = make_need(
        make_application(season, AssociationFactory(), members=1),
        age=ADULTS,
        wishes=[(whole, MON, "17:00", "18:30")],
    )

    services.propose_turns(season_round=season, by=liaison_officer)

    assert on_time.turns.count() == 1
    assert late.turns.count() == 0


def test_the_fairness_table_shows_the_least_served_first(example, liaison_officer):
    season, _needs = example([SeasonRound.Criterion.YOUTH, SeasonRound.Criterion.MEMBERS])
    services.propose_turns(season_round=season, by=liaison_officer)

    by_association, by_age = allocation.fairness(allocation.load_board(season))

    assert [(row.label, row.asked, row.given, row.share) for row in by_association] == [
        ("Aikuiset ry", 1.5, 0.0, 0),
        ("Juniorit ry", 3.0, 3.0, 100),
        ("Nuoret ry", 1.0, 1.0, 100),
    ]
    assert [(row.label, row.share) for row in by_age] == [
        ("Adults", 0),
        ("Children (under 13)", 100),
        ("Young people (13–20)", 100),
    ]


def test_the_grid_shows_turns_of_the_hall_in_its_halves_and_counts_wishes(
    example, hall, liaison_officer
):
    season, _needs = example([SeasonRound.Criterion.YOUTH, SeasonRound.Criterion.MEMBERS])
    services.propose_turns(season_round=season, by=liaison_officer)
    board = allocation.load_board(season)

    grid = allocation.week_grid(board, hall[0])
    cells = {(cell.weekday, at.strftime("%H:%M")): cell for at, row in grid.rows for cell in row}

    assert cells[(MON, "17:00")].turns == ["Nuoret ry: Nuorten sähly (Sali A)"]
    assert cells[(MON, "17:00")].wishes == 2
    assert cells[(MON, "17:00")].first_choices == 2
    assert cells[(TUE, "17:00")].state == "free"
