"""The allocation checks, the proposal, the officer's week grid and the fairness table.

Everything works on a Board: the round's needs, wishes and every turn that competes for its
spaces, loaded with a fixed number of queries however many applications there are. The
officer's hand allocation and the proposal run the same checks, so a proposed turn is one the
officer could have made by hand.
"""

from dataclasses import dataclass, field
from datetime import datetime, time
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from facilities import availability
from facilities.models import (
    SeasonApplication,
    SeasonNeed,
    SeasonRound,
    SeasonTurn,
    SeasonWish,
    Space,
    Weekday,
)
from portal.database import CompiledStatements

DEFAULT_STEP = 30


def minutes(at: time) -> int:
    return at.hour * 60 + at.minute


def clock(value: int) -> time:
    """Minutes from midnight as a time; 24:00 reads as 23:59, the last minute of the day."""
    return time(23, 59) if value >= 24 * 60 else time(value // 60, value % 60)


def weekday_name(weekday: int) -> str:
    return str(Weekday(weekday).label)


@dataclass
class Placed:
    """A turn on the board: saved (pk set) or just proposed."""

    need_id: int
    space_id: int
    weekday: int
    start: int
    end: int
    pk: int | None = None
    wish_id: int | None = None
    round_id: int | None = None

    def overlaps(self, weekday: int, start: int, end: int) -> bool:
        return self.weekday == weekday and self.start < end and start < self.end


class Wish(NamedTuple):
    """A wished time of a need, as the board reads it: a row, not a SeasonWish (making 180
    model instances took longer than the rest of loading the board)."""

    pk: int
    need_id: int
    rank: int
    space_id: int
    weekday: int
    starts_at: time
    ends_at: time


class Need(NamedTuple):
    """A need of a sent application, as the board reads it: a row with the facts of its
    application that the checks, the proposal's order, the labels and the fairness table use,
    not a SeasonNeed with its SeasonApplication (making those 120 model instances took longer
    than the rest of loading the board)."""

    pk: int
    name: str
    age_group: str
    turns_per_week: int
    turn_minutes: int
    association_name: str
    application_id: int
    is_late: bool
    active_members: int
    is_local: bool
    had_turns_last_season: bool
    submitted_at: datetime | None

    @property
    def weekly_hours(self) -> float:
        return self.turns_per_week * self.turn_minutes / 60


@dataclass
class Holder:
    """The group holding a turn on the board, as its labels name it."""

    name: str
    association_name: str


@dataclass
class Board:
    """The round's needs and wishes and the turns competing for its spaces, in memory."""

    season_round: SeasonRound
    spaces: dict[int, Space]
    related: dict[int, set[int]]
    schedules: dict
    steps: dict[int, int]
    needs: dict[int, Need]
    wishes: dict[int, list[Wish]]
    turns: list[Placed] = field(default_factory=list)
    holders: dict[int, "Holder"] = field(default_factory=dict)
    # The same turns by need and by weekday, so that a check looks only at its own day.
    by_need: dict[int, list[Placed]] = field(default_factory=dict)
    by_day: dict[int, list[Placed]] = field(default_factory=dict)

    def add(self, turn: Placed) -> None:
        self.turns.append(turn)
        self.by_need.setdefault(turn.need_id, []).append(turn)
        self.by_day.setdefault(turn.weekday, []).append(turn)

    def turns_of(self, need_id: int, ignore: int | None = None) -> list[Placed]:
        return [t for t in self.by_need.get(need_id, []) if ignore is None or t.pk != ignore]

    def matching_wish(self, need_id, space_id, weekday, start, end) -> Wish | None:
        for wish in self.wishes.get(need_id, []):
            if (
                wish.space_id == space_id
                and wish.weekday == weekday
                and minutes(wish.starts_at) <= start
                and end <= minutes(wish.ends_at)
            ):
                return wish
        return None

    def is_open(self, space_id: int, weekday: int, start: int, end: int) -> bool:
        """Whether the space's weekly hours hold the time (a space without hours is always open)."""
        schedule = self.schedules[space_id]
        if not schedule.has_weekly:
            return True
        for opens, closes in schedule.weekly.get(weekday, []):
            close = minutes(closes) if closes > opens else 24 * 60
            if minutes(opens) <= start and end <= close:
                return True
        return False

    def broken_check(
        self,
        *,
        need: Need,
        space_id: int,
        weekday: int,
        start: int,
        end: int,
        forced: bool = False,
        ignore: int | None = None,
    ) -> tuple[str, Placed | None] | None:
        """The code of the first check the turn breaks (and the turn it overlaps), or None.

        No text is made here: the proposal asks this thousands of times.
        """
        if space_id not in self.spaces:
            return "not_in_round", None
        if weekday not in range(7):
            return "weekday", None
        if end <= start:
            return "end_before_start", None
        if end - start != need.turn_minutes and not forced:
            return "length", None
        if not self.is_open(space_id, weekday, start, end):
            return "closed", None
        own = self.turns_of(need.pk, ignore)
        if len(own) >= need.turns_per_week:
            return "turns_per_week", None
        if any(turn.weekday == weekday for turn in own):
            return "one_a_day", None
        if not forced and self.matching_wish(need.pk, space_id, weekday, start, end) is None:
            return "outside_wishes", None
        related = self.related.get(space_id, {space_id})
        for turn in self.by_day.get(weekday, []):
            if turn.pk is not None and turn.pk == ignore:
                continue
            if turn.space_id in related and turn.overlaps(weekday, start, end):
                return "overlap", turn
        return None

    def problem(
        self,
        *,
        need: Need,
        space_id: int,
        weekday: int,
        start: int,
        end: int,
        forced_reason: str = "",
        ignore: int | None = None,
    ) -> ValidationError | None:
        """The first check the turn breaks, as a ValidationError with a code; None when it passes.

        `ignore` is the turn being moved, which does not compete with itself.
        """
        broken = self.broken_check(
            need=need, space_id=space_id, weekday=weekday, start=start, end=end,
            forced=bool(forced_reason.strip()), ignore=ignore,
        )  # fmt: skip
        if broken is None:
            return None
        code, other = broken
        day = weekday_name(weekday) if weekday in range(7) else ""
        if code == "not_in_round":
            text = _("The space is not part of this round.")
        elif code == "weekday":
            text = _("Choose a weekday.")
        elif code == "end_before_start":
            text = _("The turn must end after it starts.")
        elif code == "length":
            text = _(
                "A turn of this group lasts %(minutes)d minutes: give a reason for another length."
            ) % {"minutes": need.turn_minutes}
        elif code == "closed":
            text = _("The space is not open at that time on %(weekday)s.") % {"weekday": day}
        elif code == "turns_per_week":
            text = _("The group asked for %(count)d turns a week and already has them.") % {
                "count": need.turns_per_week
            }
        elif code == "one_a_day":
            text = _("The group already has a turn on %(weekday)s: one turn a day per group.") % {
                "weekday": day
            }
        elif code == "outside_wishes":
            text = _(
                "The time is outside the group's wished times: give a reason to allocate it anyway."
            )
        else:
            text = self._overlap_text(other)
        return ValidationError(text, code=code)

    def _overlap_text(self, turn: Placed | None) -> str:
        if turn is None:
            return ""
        holder = self.holders.get(turn.need_id) or self.needs.get(turn.need_id)
        space = self.spaces.get(turn.space_id)
        return _("The time overlaps the turn of %(holder)s in %(space)s.") % {
            "holder": _holder_label(holder),
            "space": space.name if space else "",
        }


def _holder_label(need: Need | Holder | None) -> str:
    if need is None:
        return _("another round")
    return f"{need.association_name}: {need.name}"


def related_spaces(tree: dict[int, list[int]]) -> dict[int, set[int]]:
    """Each space's id mapped to the spaces whose use it excludes: itself, inside it, around it."""
    related: dict[int, set[int]] = {pk: set(inside) for pk, inside in tree.items()}
    for pk, inside in tree.items():
        for child in inside:
            related.setdefault(child, {child}).add(pk)
    return related


# The board's SQL, compiled once per worker (per language where spaces are ordered by their
# names, per number of spaces where their ids are listed): putting its querysets together had
# cost more than running them (portal.database.CompiledStatements).
STATEMENTS = CompiledStatements(size=100, prepared=True)


def _round_spaces(round_pk):
    """The round's spaces with their sites and the step of their turns' starts (None without
    booking rules), read together: a statement of its own cost a round trip."""
    return (
        Space.objects.filter(season_rounds=round_pk)
        .select_related("site")
        .annotate(start_step=F("booking_rules__start_interval_minutes"))
    )


def _needs(round_pk):
    """The needs of the round's sent applications, as the fields of a Need."""
    return (
        SeasonNeed.objects.filter(
            application__season_round=round_pk,
            application__status=SeasonApplication.Status.SUBMITTED,
        )
        # The order of the hand allocation form's list of groups (see the allocation page).
        .order_by("application__association__name", "name")
        .values_list(
            "pk",
            "name",
            "age_group",
            "turns_per_week",
            "turn_minutes",
            "application__association__name",
            "application_id",
            "application__is_late",
            "application__active_members",
            "application__is_local",
            "application__had_turns_last_season",
            "application__submitted_at",
        )
    )


def _wishes(round_pk):
    """The wishes of the needs `_needs` finds, as the fields of a Wish."""
    return (
        SeasonWish.objects.filter(
            need__application__season_round=round_pk,
            need__application__status=SeasonApplication.Status.SUBMITTED,
        )
        .order_by("need_id", "rank", "pk")
        .values_list(*Wish._fields)
    )


def _competing(space_ids, round_pk, season_starts_on, season_ends_on):
    """The turns of the round, and of rounds whose season overlaps it, in or around its spaces."""
    return (
        SeasonTurn.objects.filter(is_given_up=False, space_id__in=space_ids)
        .filter(
            Q(need__application__season_round=round_pk)
            | Q(
                need__application__season_round__season_starts_on__lte=season_ends_on,
                need__application__season_round__season_ends_on__gte=season_starts_on,
            )
        )
        .values_list(
            "need_id",
            "space_id",
            "weekday",
            "starts_at",
            "ends_at",
            "pk",
            "wish_id",
            "need__application__season_round_id",
            "need__name",
            "need__application__association__name",
        )
    )


def load_board(season_round: SeasonRound) -> Board:
    """The board of a round in eight queries, whatever the number of applications and turns."""
    spaces = {
        space.pk: space
        for space in STATEMENTS.objects(("spaces", get_language()), _round_spaces, season_round.pk)
    }
    related = related_spaces(availability.space_tree())
    schedules = availability.schedules_for(
        list(spaces.values()),
        first_day=season_round.season_starts_on,
        last_day=season_round.season_ends_on,
    )
    steps = {pk: space.start_step for pk, space in spaces.items() if space.start_step is not None}
    needs: dict[int, Need] = {
        row[0]: Need(*row) for row in STATEMENTS.rows("needs", _needs, season_round.pk)
    }
    wishes: dict[int, list[Wish]] = {}
    for row in STATEMENTS.rows("wishes", _wishes, season_round.pk):
        wish = Wish(*row)
        wishes.setdefault(wish.need_id, []).append(wish)
    nearby = sorted(set().union(*(related.get(pk, {pk}) for pk in spaces))) if spaces else []
    competing = STATEMENTS.rows(
        "competing",
        _competing,
        nearby,
        season_round.pk,
        season_round.season_starts_on,
        season_round.season_ends_on,
    )
    board = Board(
        season_round=season_round,
        spaces=spaces,
        related=related,
        schedules=schedules,
        steps=steps,
        needs=needs,
        wishes=wishes,
    )
    for (
        need_id,
        space_id,
        weekday,
        starts_at,
        ends_at,
        pk,
        wish_id,
        round_id,
        name,
        held_by,
    ) in competing:
        board.add(
            Placed(
                need_id=need_id,
                space_id=space_id,
                weekday=weekday,
                start=minutes(starts_at),
                end=minutes(ends_at),
                pk=pk,
                wish_id=wish_id,
                round_id=round_id,
            )
        )
        board.holders[need_id] = Holder(name=name, association_name=held_by)
    return board


# --- The proposal ----------------------------------------------------------------------------

# The passes of the proposal: first choices, second choices, then every further choice.
PASSES = ((1,), (2,), None)


def priority_key(need: Need, criteria: list[str]) -> tuple:
    """Where a need stands in the proposal's order; smaller goes first.

    Late applications come after all others. Then the round's published criteria, in the order
    the round lists them: young people's groups first, more active members first, activity in
    the municipality first, last season's users first. Ties go to the earlier application,
    then to the earlier need, so the same data always gives the same proposal.
    """
    key: list = [need.is_late]
    for criterion in criteria:
        if criterion == SeasonRound.Criterion.YOUTH:
            key.append(need.age_group not in SeasonNeed.YOUNG)
        elif criterion == SeasonRound.Criterion.MEMBERS:
            key.append(-need.active_members)
        elif criterion == SeasonRound.Criterion.LOCAL:
            key.append(not need.is_local)
        elif criterion == SeasonRound.Criterion.PREVIOUS:
            key.append(not need.had_turns_last_season)
    key += [need.submitted_at, need.application_id, need.pk]
    return tuple(key)


def proposal(board: Board) -> list[Placed]:
    """Fill the board from the wishes by the published criteria; returns the new turns.

    The needs are taken in priority order (see priority_key) three times: the first pass uses
    only first choices, the second only second choices, the third every further choice. Within
    a wish the earliest start that passes every check wins. Turns already on the board stay.
    """
    order = sorted(
        board.needs.values(), key=lambda need: priority_key(need, board.season_round.criteria)
    )
    added: list[Placed] = []
    for ranks in PASSES:
        for need in order:
            while len(board.turns_of(need.pk)) < need.turns_per_week:
                turn = _place_one(board, need, ranks)
                if turn is None:
                    break
                board.add(turn)
                added.append(turn)
    return added


def _place_one(board: Board, need: Need, ranks) -> Placed | None:
    length = need.turn_minutes
    for wish in board.wishes.get(need.pk, []):
        if ranks is not None and wish.rank not in ranks:
            continue
        if ranks is None and wish.rank in (1, 2):
            continue
        step = board.steps.get(wish.space_id, DEFAULT_STEP)
        start, last = minutes(wish.starts_at), minutes(wish.ends_at) - length
        while start <= last:
            if (
                board.broken_check(
                    need=need,
                    space_id=wish.space_id,
                    weekday=wish.weekday,
                    start=start,
                    end=start + length,
                )
                is None
            ):
                return Placed(
                    need_id=need.pk, space_id=wish.space_id, weekday=wish.weekday, start=start,
                    end=start + length, wish_id=wish.pk, round_id=board.season_round.pk,
                )  # fmt: skip
            start += step
    return None


# --- The week grid ---------------------------------------------------------------------------


@dataclass
class GridCell:
    weekday: int
    start: int
    turns: list[str] = field(default_factory=list)
    wishes: int = 0
    first_choices: int = 0

    @property
    def state(self) -> str:
        if self.turns:
            return "taken"
        return "wished" if self.wishes else "free"

    @property
    def key(self) -> str:
        """The weekday and start, e.g. 0-17:00, for tests and scripts."""
        return f"{self.weekday}-{self.start // 60:02d}:{self.start % 60:02d}"

    @property
    def wish_text(self) -> str:
        if not self.wishes:
            return ""
        return ngettext(
            "%(count)d wish (%(first)d first)", "%(count)d wishes (%(first)d first)", self.wishes
        ) % {"count": self.wishes, "first": self.first_choices}


@dataclass
class Grid:
    space: Space
    rows: list[tuple[time, list[GridCell]]]
    days: list[str]


def week_grid(board: Board, space: Space, *, step: int = 60) -> Grid:
    """One space's week: allocated turns (its own and those around or inside it) and wishes.

    Rows are `step` minutes from the earliest opening to the latest closing of the week.
    Nothing is queried: the board holds it all.
    """
    schedule = board.schedules.get(space.pk)
    first, last = 8 * 60, 22 * 60
    if schedule is not None and schedule.has_weekly:
        spans = [span for day in schedule.weekly.values() for span in day]
        first = min(minutes(opens) for opens, _closes in spans)
        last = max(minutes(closes) if closes > opens else 24 * 60 for opens, closes in spans)
    first -= first % step
    related = board.related.get(space.pk, {space.pk})
    # Each turn's label and each wish's minutes worked out once, by weekday, in the board's
    # order: a cell looks only at its own day's.
    turns_on: dict[int, list[tuple[int, int, str]]] = {}
    for turn in board.turns:
        if turn.space_id in related:
            need = board.holders.get(turn.need_id) or board.needs.get(turn.need_id)
            label = _holder_label(need)
            if turn.space_id != space.pk and turn.space_id in board.spaces:
                label = f"{label} ({board.spaces[turn.space_id].name})"
            turns_on.setdefault(turn.weekday, []).append((turn.start, turn.end, label))
    wishes_on: dict[int, list[tuple[int, int, bool]]] = {}
    for need_wishes in board.wishes.values():
        for wish in need_wishes:
            if wish.space_id == space.pk:
                wishes_on.setdefault(wish.weekday, []).append(
                    (minutes(wish.starts_at), minutes(wish.ends_at), wish.rank == 1)
                )
    rows = []
    for start in range(first, last, step):
        end = start + step
        cells = []
        for weekday in range(7):
            cell = GridCell(weekday=weekday, start=start)
            for turn_start, turn_end, label in turns_on.get(weekday, ()):
                if turn_start < end and start < turn_end:
                    cell.turns.append(label)
            for wish_start, wish_end, first_choice in wishes_on.get(weekday, ()):
                if wish_start < end and start < wish_end:
                    cell.wishes += 1
                    cell.first_choices += first_choice
            cells.append(cell)
        rows.append((clock(start), cells))
    return Grid(space=space, rows=rows, days=[weekday_name(day) for day in range(7)])


# --- The fairness table ----------------------------------------------------------------------


@dataclass
class FairnessRow:
    label: str
    asked: float
    given: float

    @property
    def share(self) -> int:
        """Hours given as a whole percentage of hours asked."""
        return round(100 * self.given / self.asked) if self.asked else 0


def fairness(board: Board) -> tuple[list[FairnessRow], list[FairnessRow]]:
    """Weekly hours asked and given per association and per age group, least served first."""
    by_association: dict[str, FairnessRow] = {}
    by_age: dict[str, FairnessRow] = {}
    given = dict.fromkeys(board.needs, 0)
    for turn in board.turns:
        if turn.need_id in given:
            given[turn.need_id] += turn.end - turn.start
    ages = {value: str(label) for value, label in SeasonNeed.AgeGroup.choices}
    for need in board.needs.values():
        name = need.association_name
        age = ages.get(need.age_group, need.age_group)
        for rows, label in ((by_association, name), (by_age, age)):
            row = rows.setdefault(label, FairnessRow(label=label, asked=0, given=0))
            row.asked += need.weekly_hours
            row.given += given[need.pk] / 60

    def ordered(rows):
        return sorted(rows.values(), key=lambda row: (row.share, row.label))

    return ordered(by_association), ordered(by_age)
