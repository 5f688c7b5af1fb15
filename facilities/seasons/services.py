"""The steps of a seasonal round: open it, apply, allocate, propose, publish, give turns up.

Every function checks its rules, writes its rows and the audit event in one transaction and
schedules its e-mails on commit. Allocation functions hold the round's row lock, so two
officers allocating at once check against each other's turns.
"""

from dataclasses import dataclass, field
from datetime import date, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from facilities import availability
from facilities import services as booking_services
from facilities.caching import data_changed
from facilities.models import (
    NOTE_MAX_LENGTH,
    SeasonApplication,
    SeasonNeed,
    SeasonRound,
    SeasonTurn,
    SeasonWish,
    Space,
)
from facilities.seasons import allocation
from facilities.tasks import send_season_receipt_task, send_season_results_task
from portal import audit, roles


def _lock(season_round: SeasonRound) -> SeasonRound:
    return SeasonRound.objects.select_for_update().get(pk=season_round.pk)


@transaction.atomic
def save_round(*, form, by) -> SeasonRound:
    """Save a new or changed round from a valid form; the change is logged."""
    is_new = form.instance.pk is None
    season_round = form.save(commit=False)
    if is_new:
        season_round.created_by = by
    season_round.save()
    form.save_m2m()
    data_changed()
    audit.record(
        actor=by,
        action="facilities.season_round_created" if is_new else "facilities.season_round_changed",
        target=season_round,
        changed=list(form.changed_data),
    )
    return season_round


@transaction.atomic
def open_round(*, season_round: SeasonRound, by) -> SeasonRound:
    """Make a prepared round public; its spaces' season is then kept for the allocation."""
    season_round = _lock(season_round)
    if season_round.status != SeasonRound.Status.DRAFT:
        raise ValidationError(_("The round is already open."), code="not_draft")
    if not season_round.spaces.exists():
        raise ValidationError(_("Choose the spaces of the round first."), code="no_spaces")
    season_round.status = SeasonRound.Status.OPEN
    season_round.save(update_fields=["status"])
    data_changed()
    audit.record(actor=by, action="facilities.season_round_opened", target=season_round)
    return season_round


def _check_applicant(season_round: SeasonRound, association, by) -> None:
    if not roles.represents(by, association):
        raise ValidationError(
            _("You do not represent this association."), code="not_representative"
        )
    if not association.is_verified:
        raise ValidationError(
            _(
                "The municipality has not verified this association yet, so it cannot apply "
                "for turns. Contact the liaison officer."
            ),
            code="association_unverified",
        )
    if not season_round.takes_applications():
        raise ValidationError(_("This round does not take applications now."), code="closed")


@transaction.atomic
def start_application(*, season_round: SeasonRound, association, data: dict, by):
    """Start the association's draft application (or return the one it has)."""
    _check_applicant(season_round, association, by)
    existing = SeasonApplication.objects.filter(
        season_round=season_round, association=association
    ).first()
    if existing is not None:
        return existing
    application = SeasonApplication.objects.create(
        season_round=season_round, association=association, created_by=by, **data
    )
    audit.record(actor=by, action="facilities.season_application_started", target=application)
    return application


def _check_draft(application: SeasonApplication, by) -> None:
    if not roles.represents(by, application.association_id):
        raise ValidationError(
            _("You do not represent this association."), code="not_representative"
        )
    if not application.is_draft:
        raise ValidationError(
            _("The application has been sent and can no longer be changed."), code="not_draft"
        )
    if not application.season_round.is_open:
        raise ValidationError(_("This round does not take applications now."), code="closed")


@transaction.atomic
def update_application(*, application: SeasonApplication, data: dict, by) -> SeasonApplication:
    """Save the draft's own facts (members, activity in the municipality, notes)."""
    _check_draft(application, by)
    for name, value in data.items():
        setattr(application, name, value)
    application.save()
    return application


def check_need(*, season_round: SeasonRound, data: dict, wishes: list[dict]) -> None:
    """Raise a ValidationError naming the first thing wrong with a need and its wished times."""
    if not 1 <= data["turns_per_week"] <= 7:
        raise ValidationError(_("Ask for 1–7 turns a week."), code="turns_per_week")
    if data["turn_minutes"] < 30:
        raise ValidationError(_("A turn lasts at least 30 minutes."), code="turn_length")
    first, last = season_round.season_starts_on, season_round.season_ends_on
    for name in ("starts_on", "ends_on"):
        day = data.get(name)
        if day is not None and not first <= day <= last:
            raise ValidationError(
                _("The group's dates must lie within the season, %(first)s–%(last)s.")
                % {"first": f"{first:%-d.%-m.%Y}", "last": f"{last:%-d.%-m.%Y}"},
                code="outside_season",
            )
    if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
        raise ValidationError(
            _("The last date cannot be before the first date."), code="end_before_start"
        )
    if not wishes:
        raise ValidationError(_("Give at least one wished time."), code="no_wishes")
    space_ids = set(season_round.spaces.values_list("pk", flat=True))
    related = allocation.related_spaces(availability.space_tree())
    for number, wish in enumerate(wishes, start=1):
        if wish["space"].pk not in space_ids:
            raise ValidationError(
                _("Wished time %(number)d: the space is not part of this round.")
                % {"number": number},
                code="not_in_round",
            )
        length = allocation.minutes(wish["ends_at"]) - allocation.minutes(wish["starts_at"])
        if length <= 0:
            raise ValidationError(
                _("Wished time %(number)d must end after it starts.") % {"number": number},
                code="end_before_start",
            )
        if length < data["turn_minutes"]:
            raise ValidationError(
                _("Wished time %(number)d is shorter than one turn of %(minutes)d minutes.")
                % {"number": number, "minutes": data["turn_minutes"]},
                code="wish_too_short",
            )
        for other_number, other in enumerate(wishes[: number - 1], start=1):
            if (
                other["weekday"] == wish["weekday"]
                and other["space"].pk in related.get(wish["space"].pk, {wish["space"].pk})
                and other["starts_at"] < wish["ends_at"]
                and wish["starts_at"] < other["ends_at"]
            ):
                raise ValidationError(
                    _(
                        "Wished times %(first)d and %(second)d overlap in the same space: give "
                        "each time once."
                    )
                    % {"first": other_number, "second": number},
                    code="overlapping_wishes",
                )


@transaction.atomic
def save_need(
    *,
    application: SeasonApplication,
    data: dict,
    wishes: list[dict],
    by,
    need: SeasonNeed | None = None,
) -> SeasonNeed:
    """Save a need of a draft with its wished times, in the order given (first choice first)."""
    _check_draft(application, by)
    check_need(season_round=application.season_round, data=data, wishes=wishes)
    if need is None:
        need = SeasonNeed(application=application)
    for name, value in data.items():
        setattr(need, name, value)
    need.save()
    need.wishes.all().delete()
    SeasonWish.objects.bulk_create(
        SeasonWish(
            need=need,
            rank=wish.get("rank") or number,
            space=wish["space"],
            weekday=wish["weekday"],
            starts_at=wish["starts_at"],
            ends_at=wish["ends_at"],
        )
        for number, wish in enumerate(wishes, start=1)
    )
    return need


@transaction.atomic
def delete_need(*, need: SeasonNeed, by) -> None:
    """Remove a need from a draft."""
    _check_draft(need.application, by)
    need.delete()


@transaction.atomic
def submit_application(*, application: SeasonApplication, by) -> SeasonApplication:
    """Send a draft; after the deadline it is kept as a late one. A receipt goes by e-mail."""
    application = SeasonApplication.objects.select_for_update().get(pk=application.pk)
    _check_draft(application, by)
    needs = list(application.needs.prefetch_related("wishes"))
    if not needs:
        raise ValidationError(_("Add at least one group's need first."), code="no_needs")
    if any(not need.wishes.all() for need in needs):
        raise ValidationError(_("Give each group at least one wished time."), code="no_wishes")
    application.status = SeasonApplication.Status.SUBMITTED
    application.submitted_at = timezone.now()
    application.is_late = timezone.localdate() > application.season_round.applications_close_on
    application.save(update_fields=["status", "submitted_at", "is_late", "updated_at"])
    audit.record(
        actor=by,
        action="facilities.season_application_submitted",
        target=application,
        late=application.is_late,
    )
    send_season_receipt_task.delay_on_commit(application.pk)
    return application


def _check_reason(text: str) -> None:
    if len(text) > NOTE_MAX_LENGTH:
        raise ValidationError(
            _("Write at most %(limit)d characters.") % {"limit": NOTE_MAX_LENGTH},
            code="too_long_text",
        )


def _check_allocating(season_round: SeasonRound) -> None:
    if season_round.status == SeasonRound.Status.DRAFT:
        raise ValidationError(_("Open the round before allocating."), code="draft")


@transaction.atomic
def allocate_turn(
    *,
    need: SeasonNeed,
    space: Space,
    weekday: int,
    starts: time,
    ends: time,
    forced_reason: str = "",
    by,
) -> SeasonTurn:
    """Give a need a weekly turn after every allocation check; the caller may run the round."""
    season_round = _lock(need.application.season_round)
    _check_allocating(season_round)
    _check_reason(forced_reason)
    board = allocation.load_board(season_round)
    loaded = board.needs.get(need.pk)
    if loaded is None:
        raise ValidationError(_("Only needs of sent applications get turns."), code="not_sent")
    start, end = allocation.minutes(starts), allocation.minutes(ends)
    problem = board.problem(
        need=loaded, space_id=space.pk, weekday=weekday, start=start, end=end,
        forced_reason=forced_reason,
    )  # fmt: skip
    if problem is not None:
        raise problem
    wish = board.matching_wish(need.pk, space.pk, weekday, start, end)
    turn = SeasonTurn.objects.create(
        need=need,
        space=space,
        weekday=weekday,
        starts_at=starts,
        ends_at=ends,
        wish_id=None if wish is None else wish.pk,
        forced_reason=forced_reason.strip() if wish is None else "",
        created_by=by,
    )
    audit.record(
        actor=by,
        action="facilities.season_turn_allocated",
        target=turn,
        need=loaded.name,
        association=loaded.association_name,
        forced_reason=turn.forced_reason,
    )
    return turn


def _check_unpublished(turn: SeasonTurn) -> None:
    if turn.series_id is not None:
        raise ValidationError(
            _("The turn is already published: its association may give it up."),
            code="published",
        )


@transaction.atomic
def move_turn(
    *,
    turn: SeasonTurn,
    space: Space,
    weekday: int,
    starts: time,
    ends: time,
    forced_reason: str = "",
    by,
) -> SeasonTurn:
    """Move an unpublished turn to another time or space, after the same checks."""
    season_round = _lock(turn.need.application.season_round)
    turn = SeasonTurn.objects.select_related("need").get(pk=turn.pk)
    _check_unpublished(turn)
    _check_reason(forced_reason)
    board = allocation.load_board(season_round)
    start, end = allocation.minutes(starts), allocation.minutes(ends)
    problem = board.problem(
        need=board.needs[turn.need_id], space_id=space.pk, weekday=weekday, start=start,
        end=end, forced_reason=forced_reason, ignore=turn.pk,
    )  # fmt: skip
    if problem is not None:
        raise problem
    before = str(turn)
    wish = board.matching_wish(turn.need_id, space.pk, weekday, start, end)
    turn.space, turn.weekday, turn.starts_at, turn.ends_at = space, weekday, starts, ends
    turn.wish_id = None if wish is None else wish.pk
    turn.forced_reason = forced_reason.strip() if wish is None else ""
    turn.is_proposed = False
    turn.save()
    audit.record(
        actor=by,
        action="facilities.season_turn_moved",
        target=turn,
        before=before,
        forced_reason=turn.forced_reason,
    )
    return turn


@transaction.atomic
def remove_turn(*, turn: SeasonTurn, by) -> None:
    """Take back an unpublished turn."""
    _lock(turn.need.application.season_round)
    _check_unpublished(turn)
    audit.record(actor=by, action="facilities.season_turn_removed", target=turn)
    turn.delete()


@transaction.atomic
def propose_turns(*, season_round: SeasonRound, by) -> list[SeasonTurn]:
    """Fill the free turns from the wishes by the published criteria; the officer's stay."""
    season_round = _lock(season_round)
    _check_allocating(season_round)
    board = allocation.load_board(season_round)
    placed = allocation.proposal(board)
    turns = SeasonTurn.objects.bulk_create(
        SeasonTurn(
            need_id=turn.need_id,
            space_id=turn.space_id,
            weekday=turn.weekday,
            starts_at=allocation.clock(turn.start),
            ends_at=allocation.clock(turn.end),
            wish_id=turn.wish_id,
            is_proposed=True,
            created_by=by,
        )
        for turn in placed
    )
    audit.record(
        actor=by,
        action="facilities.season_turns_proposed",
        target=season_round,
        count=len(turns),
    )
    return turns


def season_days(turn: SeasonTurn, season_round: SeasonRound, today: date) -> tuple[date, date]:
    """The first and last date of a turn: the season, narrowed by the need's own dates."""
    need = turn.need
    first = max(season_round.season_starts_on, need.starts_on or date.min, today)
    last = min(season_round.season_ends_on, need.ends_on or date.max)
    first += timedelta(days=(turn.weekday - first.weekday()) % 7)
    return first, last


@dataclass
class Published:
    series: int = 0
    bookings: int = 0
    skipped: list[str] = field(default_factory=list)
    letters: int = 0


@transaction.atomic
def publish_round(*, season_round: SeasonRound, refusal_reason: str, by) -> Published:
    """Turn the allocated turns into booking series and tell every association its result.

    Publishing again makes series only for the turns that have none and writes only to the
    applications that have not had their result, so late applications are handled after the
    others by allocating and publishing once more.
    """
    season_round = _lock(season_round)
    _check_allocating(season_round)
    _check_reason(refusal_reason)
    today = timezone.localdate()
    result = Published()
    turns = (
        SeasonTurn.objects.filter(
            need__application__season_round=season_round, is_given_up=False, series__isnull=True
        )
        .select_related("need", "need__application", "need__application__association", "space")
        .order_by("pk")
    )
    for turn in turns:
        application = turn.need.application
        first, last = season_days(turn, season_round, today)
        if first > last:
            result.skipped.append(f"{turn.need.name}: {turn}")
            continue
        series, skipped = booking_services.book_allocated_series(
            space=turn.space,
            association=application.association,
            booked_by=application.created_by,
            first_day=first,
            last_day=last,
            starts=turn.starts_at,
            ends=turn.ends_at,
            purpose=f"{turn.need.name}: {turn.need.purpose}"[:200],
            participants=turn.need.group_size,
            by=by,
        )
        turn.series = series
        turn.save(update_fields=["series"])
        result.series += 1
        result.bookings += series.bookings.count()
        result.skipped += [f"{turn.need.name}: {day:%-d.%-m.%Y}" for day in skipped]
    waiting = list(
        SeasonApplication.objects.filter(
            season_round=season_round,
            status=SeasonApplication.Status.SUBMITTED,
            results_sent_at__isnull=True,
        ).prefetch_related("needs__turns")
    )
    now = timezone.now()
    for application in waiting:
        for need in application.needs.all():
            has_turns = any(not turn.is_given_up for turn in need.turns.all())
            if not has_turns and not need.refusal_reason:
                need.refusal_reason = refusal_reason
                need.save(update_fields=["refusal_reason"])
        application.results_sent_at = now
        application.save(update_fields=["results_sent_at", "updated_at"])
        send_season_results_task.delay_on_commit(application.pk)
    result.letters = len(waiting)
    season_round.status = SeasonRound.Status.PUBLISHED
    season_round.published_at = season_round.published_at or now
    season_round.save(update_fields=["status", "published_at"])
    data_changed()
    audit.record(
        actor=by,
        action="facilities.season_round_published",
        target=season_round,
        series=result.series,
        bookings=result.bookings,
        skipped=result.skipped,
        letters=result.letters,
    )
    return result


@transaction.atomic
def give_up_turns(*, turns: list[SeasonTurn], reason: str, by) -> int:
    """The association gives up turns; their coming dates are cancelled and free to book again.

    The caller has checked can_give_up_turn for each turn (the association, the period).
    """
    if not reason.strip():
        raise ValidationError(_("Give a reason for giving up the turn."), code="no_reason")
    _check_reason(reason)
    given_up = 0
    for turn in (
        SeasonTurn.objects.select_for_update(of=("self",))
        .filter(pk__in=[turn.pk for turn in turns], is_given_up=False)
        .select_related("series")
    ):
        if turn.series is not None and not turn.series.is_cancelled:
            booking_services.cancel_series(series=turn.series, reason=reason, by=by)
        turn.is_given_up = True
        turn.given_up_at = timezone.now()
        turn.save(update_fields=["is_given_up", "given_up_at"])
        audit.record(actor=by, action="facilities.season_turn_given_up", target=turn, reason=reason)
        given_up += 1
    if not given_up:
        raise ValidationError(_("The turn has already been given up."), code="given_up")
    data_changed()
    return given_up
