"""The allocation checks, the proposal, the officer's week grid and the fairness table.

Everything works on a Board: the round's needs, wishes and every turn that competes for its
spaces, loaded with a fixed number of queries however many applications there are. The
officer's hand allocation and the proposal run the same checks, so a proposed turn is one the
officer could have made by hand.
"""

from dataclasses import dataclass, field
from datetime import datetime, time
from typing import NamedTuple

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db.models import (
    BigIntegerField,
    CharField,
    Exists,
    F,
    Func,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from facilities import availability
from facilities.models import (
    OpeningHours,
    SeasonApplication,
    SeasonNeed,
    SeasonRound,
    SeasonTurn,
    SeasonWish,
    Space,
    Weekday,
)
from portal.database import CompiledStatements
from portal.i18n import shown_name

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


class RoundSpace(NamedTuple):
    """A space of the round as the board and the allocation page read it: a row with its own
    and its site's name in the reader's language, not a Space with its Site (the model
    instances took longer to make than the rest of their statement)."""

    pk: int
    name: str
    slug: str
    site_name: str

    def __str__(self) -> str:
        # As Space.__str__ names it.
        return f"{self.site_name}: {self.name}"


class ListedTurn(NamedTuple):
    """A turn of the round as its row in the list shows it: a row with the names of its group,
    association and space (in the reader's language), not a SeasonTurn with its need and space
    (making those model instances took longer than writing the list)."""

    pk: int
    space_id: int
    weekday: int
    starts_at: time
    ends_at: time
    is_proposed: bool
    forced_reason: str
    series_id: int | None
    need_name: str
    association_name: str
    space_name: str


_LISTED = len(ListedTurn._fields)


@dataclass
class Holder:
    """The group holding a turn on the board, as its labels name it."""

    name: str
    association_name: str


@dataclass
class Board:
    """The round's needs and wishes and the turns competing for its spaces, in memory.

    `related` and `schedules` hold the round's spaces alone: the spaces whose use excludes
    each one's, and its weekly hours (the checks read no exceptions). `listed` is the round's
    own turns as the allocation page lists them, wherever they are.
    """

    season_round: SeasonRound
    spaces: dict[int, RoundSpace]
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
    listed: list[ListedTurn] = field(default_factory=list)

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


# The board's SQL, compiled once per worker (per language where spaces are named in it): putting
# its querysets together had cost more than running them (portal.database.CompiledStatements).
STATEMENTS = CompiledStatements(size=100, prepared=True)


def _unseen(value, output_field) -> Func:
    """`value` as a sub-select, which the planner does not look into, so that a statement has
    one plan whatever its values. Given the round's id itself, PostgreSQL planned the board's
    statements anew on every request (0.4–1.2 ms each): for a round smaller than the average,
    a plan of its own looked cheaper than the one kept for all."""
    return Func(Value(value), template="(SELECT %(expressions)s)", output_field=output_field)


def _round_id(round_pk) -> Func:
    return _unseen(round_pk, BigIntegerField())


class _RelatedSpaces(Func):
    """A space's id with those of the spaces inside it and around it, at any depth: the turns
    there exclude its use. The tree's two walks start from the space's own row."""

    template = """ARRAY(
        WITH RECURSIVE inside(id) AS (
            SELECT %(space)s
            UNION SELECT child.id FROM facilities_space AS child
            JOIN inside ON child.parent_id = inside.id
        ), around(id) AS (
            SELECT %(parent)s WHERE %(parent)s IS NOT NULL
            UNION SELECT parent.parent_id FROM facilities_space AS parent
            JOIN around ON parent.id = around.id WHERE parent.parent_id IS NOT NULL
        )
        SELECT id FROM inside UNION SELECT id FROM around
    )"""
    output_field = ArrayField(BigIntegerField())

    def __init__(self):
        super().__init__(F("pk"), F("parent_id"))

    def as_sql(self, compiler, connection, function=None, template=None, arg_joiner=None, **extra):
        # Columns of the space's row, in whatever alias its query gives it; no parameters.
        space, parent = (compiler.compile(column)[0] for column in self.get_source_expressions())
        return self.template % {"space": space, "parent": parent}, ()


def _weekly_hours(column: str) -> ArraySubquery:
    """One column of a space's weekly hours, in their order: its own, or its site's when it
    has none (as availability.schedules_for reads them)."""
    own = OpeningHours.objects.filter(space_id=OuterRef(OuterRef("pk")))
    return ArraySubquery(
        OpeningHours.objects.filter(
            Q(space_id=OuterRef("pk")) | Q(~Exists(own), site_id=OuterRef("site_id"))
        )
        .order_by("weekday", "opens_at")
        .values_list(column)
    )


def _round_spaces(round_pk):
    """The round's spaces, in the order of the round's spaces in a form (their sites' names,
    then their own), with all the board needs of them: their names in the reader's language,
    the step of their turns' starts (None without booking rules), the spaces whose use
    excludes theirs, and their weekly hours. Each of these had been a statement of its own."""
    return (
        Space.objects.filter(season_rounds=_round_id(round_pk))
        .annotate(
            shown=shown_name(),
            site_shown=shown_name("site__"),
            start_step=F("booking_rules__start_interval_minutes"),
            related_ids=_RelatedSpaces(),
            hours_weekdays=_weekly_hours("weekday"),
            hours_opening=_weekly_hours("opens_at"),
            hours_closing=_weekly_hours("closes_at"),
        )
        .values_list(
            "pk",
            "shown",
            "slug",
            "site_shown",
            "start_step",
            "related_ids",
            "hours_weekdays",
            "hours_opening",
            "hours_closing",
        )
    )


def _sent(round_pk, need: str = "") -> Q:
    """The needs of the round's sent applications (`need`: the path to a need)."""
    return Q(
        **{
            f"{need}application__season_round": _round_id(round_pk),
            f"{need}application__status": _unseen(SeasonApplication.Status.SUBMITTED, CharField()),
        }
    )


def _needs(round_pk):
    """The needs of the round's sent applications, as the fields of a Need."""
    return (
        SeasonNeed.objects.filter(_sent(round_pk))
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
    """The wishes of the needs `_needs` finds, as the fields of a Wish. Read with the needs (an
    array of them a need) they took the database longer than in a statement of their own."""
    return (
        SeasonWish.objects.filter(_sent(round_pk, "need__"))
        .order_by("need_id", "rank", "pk")
        .values_list(*Wish._fields)
    )


def _turns(round_pk):
    """The turns the board holds and the round's list shows, in the list's order, with the
    names it shows (the space's in the reader's language): the round's own turns, and those of
    every round whose season overlaps it in or around its spaces. None given up."""
    season = SeasonRound.objects.filter(pk=_round_id(round_pk))
    nearby = Space.objects.filter(season_rounds=_round_id(round_pk)).values_list(
        Func(_RelatedSpaces(), function="unnest")
    )
    return (
        SeasonTurn.objects.filter(
            Q(need__application__season_round=_round_id(round_pk))
            | Q(
                space_id__in=nearby,
                need__application__season_round__season_starts_on__lte=Subquery(
                    season.values("season_ends_on")
                ),
                need__application__season_round__season_ends_on__gte=Subquery(
                    season.values("season_starts_on")
                ),
            ),
            is_given_up=False,
        )
        .annotate(
            round_id=F("need__application__season_round_id"),
            need_name=F("need__name"),
            association_name=F("need__application__association__name"),
            space_name=shown_name("space__"),
        )
        .order_by("space__name", "weekday", "starts_at", "pk")
        .values_list(*ListedTurn._fields, "need_id", "wish_id", "round_id")
    )


def load_board(season_round: SeasonRound) -> Board:
    """The board of a round in four queries, whatever the number of applications and turns."""
    spaces: dict[int, RoundSpace] = {}
    related: dict[int, set[int]] = {}
    schedules: dict[int, availability.OpeningSchedule] = {}
    steps: dict[int, int] = {}
    # Read by the ORM, which puts the columns in the order listed: modeltranslation does not.
    for *names, step, related_ids, weekdays, opening, closing in STATEMENTS.objects(
        ("spaces", get_language()), _round_spaces, season_round.pk
    ):
        space = spaces[names[0]] = RoundSpace(*names)
        related[space.pk] = set(related_ids)
        weekly: dict[int, list[tuple[time, time]]] = {}
        for weekday, opens, closes in zip(weekdays, opening, closing, strict=True):
            weekly.setdefault(weekday, []).append((opens, closes))
        # Only the weekly hours: the checks read no exceptions.
        schedules[space.pk] = availability.OpeningSchedule(weekly=weekly, has_weekly=bool(weekly))
        if step is not None:
            steps[space.pk] = step
    needs: dict[int, Need] = {
        row[0]: Need(*row) for row in STATEMENTS.rows("needs", _needs, season_round.pk)
    }
    wishes: dict[int, list[Wish]] = {}
    for row in STATEMENTS.rows("wishes", _wishes, season_round.pk):
        wish = Wish(*row)
        wishes.setdefault(wish.need_id, []).append(wish)
    rows = STATEMENTS.rows(("turns", get_language()), _turns, season_round.pk)
    board = Board(
        season_round=season_round,
        spaces=spaces,
        related=related,
        schedules=schedules,
        steps=steps,
        needs=needs,
        wishes=wishes,
    )
    nearby = set().union(*related.values())
    competing = []
    for row in rows:
        turn = ListedTurn._make(row[:_LISTED])
        need_id, wish_id, round_id = row[_LISTED:]
        if round_id == season_round.pk:
            board.listed.append(turn)
        if turn.space_id in nearby:
            competing.append((turn, need_id, wish_id, round_id))
    # The board's own order, the turns' (weekday, start, key), as the checks and the grid
    # have always met them.
    competing.sort(key=lambda found: (found[0].weekday, found[0].starts_at, found[0].pk))
    for turn, need_id, wish_id, round_id in competing:
        board.add(
            Placed(
                need_id=need_id,
                space_id=turn.space_id,
                weekday=turn.weekday,
                start=minutes(turn.starts_at),
                end=minutes(turn.ends_at),
                pk=turn.pk,
                wish_id=wish_id,
                round_id=round_id,
            )
        )
        board.holders[need_id] = Holder(name=turn.need_name, association_name=turn.association_name)
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
    space: Space | RoundSpace
    rows: list[tuple[time, list[GridCell]]]
    days: list[str]


def week_grid(board: Board, space: Space | RoundSpace, *, step: int = 60) -> Grid:
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
