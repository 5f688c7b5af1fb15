"""Booking, deciding, cancelling and blocking spaces.

Every function here checks the rules, writes the rows and the audit event in one transaction
and schedules its e-mails on commit. Overlaps are refused by the database itself (see
Occupancy), so two requests for the same time can never both succeed.
"""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from psycopg.errors import DeadlockDetected

from facilities import availability, leases, public_holidays
from facilities.caching import data_changed
from facilities.models import (
    NOTE_MAX_LENGTH,
    Block,
    Booking,
    BookingRules,
    BookingSeries,
    CalendarFeed,
    Lease,
    Occupancy,
    SeasonRound,
    Space,
)
from facilities.tasks import send_booking_message_task, send_series_message_task
from organizations.models import Association
from portal import audit, roles


def _taken_error() -> ValidationError:
    return ValidationError(_("That time was just taken. Please choose another time."), code="taken")


def _occupy(*, space: Space, starts_at, ends_at, booking=None, block=None) -> None:
    """Hold the time in the space and every space inside it; the database refuses overlaps."""
    period = (starts_at, ends_at)
    # Rows go in in one global order (by id), so that two requests waiting on each other's
    # rows cannot deadlock: the later one waits, then loses cleanly.
    rows = [
        Occupancy(space_id=space_id, booking=booking, block=block, period=period)
        for space_id in sorted([space.pk, *space.descendant_ids()])
    ]
    data_changed()
    try:
        with transaction.atomic():
            Occupancy.objects.bulk_create(rows)
    except IntegrityError as error:
        raise _taken_error() from error
    except OperationalError as error:
        if not isinstance(error.__cause__, DeadlockDetected):
            raise
        raise _taken_error() from error


def _release(booking: Booking) -> None:
    Occupancy.objects.filter(booking=booking).update(is_active=False)
    data_changed()


def _is_taken(space: Space, starts_at, ends_at) -> bool:
    return Occupancy.objects.filter(
        space_id__in=[space.pk, *space.descendant_ids()],
        is_active=True,
        period__overlap=(starts_at, ends_at),
    ).exists()


def _refuse_taken(space: Space, starts_at, ends_at) -> None:
    """Refuse a taken time; a room in long-term use names its holder and the last day."""
    if not _is_taken(space, starts_at, ends_at):
        return
    lease = leases.lease_holding(space, starts_at, ends_at)
    if lease is not None:
        raise leases.leased_error(lease)
    raise ValidationError(_("The space is already booked at that time."), code="taken")


def refuse_during_season_round(space: Space, day: date) -> None:
    """Refuse a single booking of a space whose season is being allocated in an open round.

    A round's space is kept together with the spaces inside and around it: booking a half
    would take time from the whole hall that the round shares out.
    """
    tree = availability.space_tree()
    ids = {pk for pk, inside in tree.items() if space.pk in inside} | set(tree.get(space.pk, []))
    season_round = SeasonRound.objects.open_for(ids or {space.pk}, day).first()
    if season_round is not None:
        raise ValidationError(
            _(
                "%(round)s is open: the weekly turns of this space from %(first)s to %(last)s "
                "are being allocated, so it cannot be booked for that time before the results "
                "are published."
            )
            % {
                "round": season_round.name,
                "first": f"{season_round.season_starts_on:%-d.%-m.%Y}",
                "last": f"{season_round.season_ends_on:%-d.%-m.%Y}",
            },
            code="season_round",
        )


def check_booking_time(
    *,
    space: Space,
    rules: BookingRules,
    starts_at: datetime,
    ends_at: datetime,
    expected_participants: int,
    now: datetime | None = None,
) -> None:
    """Raise a ValidationError naming the first published rule the time breaks."""
    now = now or timezone.now()
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    if end <= start:
        raise ValidationError(_("The booking must end after it starts."), code="end_before_start")
    if start < now:
        raise ValidationError(_("That time has already passed."), code="past")
    if start.date() > timezone.localdate(now) + timedelta(days=rules.max_days_ahead):
        raise ValidationError(
            _("This space can be booked at most %(days)d days ahead.")
            % {"days": rules.max_days_ahead},
            code="too_far_ahead",
        )
    minutes = (end - start).total_seconds() / 60
    if minutes < rules.min_length_minutes:
        raise ValidationError(
            _("The shortest booking is %(minutes)d minutes.")
            % {"minutes": rules.min_length_minutes},
            code="too_short",
        )
    if minutes > rules.max_length_minutes:
        raise ValidationError(
            _("The longest booking is %(minutes)d minutes.")
            % {"minutes": rules.max_length_minutes},
            code="too_long",
        )
    interval = rules.start_interval_minutes
    if (start.hour * 60 + start.minute) % interval or start.second or minutes % interval:
        raise ValidationError(
            _("Bookings start and end on a %(minutes)d-minute step, e.g. at full hours.")
            % {"minutes": interval},
            code="start_interval",
        )
    if expected_participants > space.capacity:
        raise ValidationError(
            _("The space holds at most %(capacity)d people.") % {"capacity": space.capacity},
            code="over_capacity",
        )
    refuse_during_season_round(space, start.date())
    schedule = availability.schedule_for(space, start.date())
    if not schedule.is_open(starts_at, ends_at):
        raise ValidationError(_("The space is not open at that time."), code="closed")


def _check_declarations(is_public_benefit: bool, is_free_of_charge: bool, is_open_to_all: bool):
    if not (is_public_benefit or is_free_of_charge or is_open_to_all):
        raise ValidationError(
            _(
                "Premises are free when the activity is public-benefit, free for participants "
                "or open to all: tick what applies."
            ),
            code="no_declaration",
        )


def _open_booking_count(space: Space, association) -> int:
    """The association's bookings of the space that hold their time and have not ended."""
    return (
        Booking.objects.open()
        .filter(space=space, association=association, ends_at__gt=timezone.now())
        .count()
    )


def _lock_association(association) -> None:
    """Hold the association's row until commit, so that its bookings are counted one at a time.

    Without it two requests could both count four of five allowed bookings and both book.
    """
    list(Association.objects.select_for_update(no_key=True).filter(pk=association.pk).values("pk"))


def _check_booker(association, by) -> None:
    if not roles.represents(by, association):
        raise ValidationError(
            _("You do not represent this association."), code="not_representative"
        )
    if not association.is_verified:
        raise ValidationError(
            _(
                "The municipality has not verified this association yet, so it cannot book "
                "premises. Contact the liaison officer."
            ),
            code="association_unverified",
        )


@transaction.atomic
def book_space(
    *,
    space: Space,
    association,
    starts_at: datetime,
    ends_at: datetime,
    purpose: str,
    expected_participants: int,
    is_public_benefit: bool = False,
    is_free_of_charge: bool = False,
    is_open_to_all: bool = False,
    by,
    series: BookingSeries | None = None,
) -> Booking:
    """Book a space for an association: confirmed at once, or waiting for the officer."""
    _check_booker(association, by)
    _check_declarations(is_public_benefit, is_free_of_charge, is_open_to_all)
    rules = space.rules_or_default()
    check_booking_time(
        space=space,
        rules=rules,
        starts_at=starts_at,
        ends_at=ends_at,
        expected_participants=expected_participants,
    )
    _lock_association(association)
    open_count = _open_booking_count(space, association)
    if open_count >= rules.max_open_bookings:
        raise ValidationError(
            _("Your association already has %(count)d upcoming bookings of this space.")
            % {"count": open_count},
            code="too_many_open",
        )
    buffered_end = ends_at + timedelta(minutes=rules.buffer_minutes)
    _refuse_taken(space, starts_at, buffered_end)
    status = Booking.Status.PENDING if rules.requires_approval else Booking.Status.CONFIRMED
    booking = Booking.objects.create(
        space=space,
        association=association,
        booked_by=by,
        series=series,
        starts_at=starts_at,
        ends_at=ends_at,
        purpose=purpose,
        expected_participants=expected_participants,
        is_public_benefit=is_public_benefit,
        is_free_of_charge=is_free_of_charge,
        is_open_to_all=is_open_to_all,
        status=status,
    )
    _occupy(space=space, starts_at=starts_at, ends_at=buffered_end, booking=booking)
    audit.record(actor=by, action="facilities.booking_made", target=booking, status=status)
    if series is None:
        send_booking_message_task.delay_on_commit(booking.pk, status)
    return booking


def _check_note(text: str) -> None:
    """Refuse a reason longer than the forms allow (they say the limit)."""
    if len(text) > NOTE_MAX_LENGTH:
        raise ValidationError(
            _("Write at most %(limit)d characters.") % {"limit": NOTE_MAX_LENGTH},
            code="too_long_text",
        )


def _decide(booking: Booking, *, status: str, reason: str, by, notify: bool = True) -> Booking:
    _check_note(reason)
    if booking.status != Booking.Status.PENDING:
        raise ValidationError(_("This booking has already been decided."), code="not_pending")
    booking.status = status
    booking.decision_reason = reason
    booking.decided_by = by
    booking.decided_at = timezone.now()
    booking.sequence += 1
    data_changed()
    booking.save(
        update_fields=[
            "status",
            "decision_reason",
            "decided_by",
            "decided_at",
            "sequence",
            "updated_at",
        ]
    )
    audit.record(actor=by, action=f"facilities.booking_{status}", target=booking, reason=reason)
    if notify:
        send_booking_message_task.delay_on_commit(booking.pk, status)
    return booking


@transaction.atomic
def confirm_booking(*, booking: Booking, reason: str = "", by) -> Booking:
    """Confirm a booking request from the officer's queue."""
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    return _decide(booking, status=Booking.Status.CONFIRMED, reason=reason, by=by)


@transaction.atomic
def deny_booking(*, booking: Booking, reason: str, by) -> Booking:
    """Deny a booking request with a reason; its time is free again at once."""
    if not reason.strip():
        raise ValidationError(
            _("Tell the association why the request is denied."), code="no_reason"
        )
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    _decide(booking, status=Booking.Status.DENIED, reason=reason, by=by)
    _release(booking)
    return booking


@transaction.atomic
def decide_series(*, series: BookingSeries, confirm: bool, reason: str = "", by) -> list[Booking]:
    """Confirm or deny every date of a series still waiting; the booker gets one e-mail.

    Each date's decision is logged on its own booking, as a single decision would be. The
    caller has checked can_decide_series.
    """
    if not confirm and not reason.strip():
        raise ValidationError(
            _("Tell the association why the request is denied."), code="no_reason"
        )
    _check_note(reason)
    pending = list(
        series.bookings.select_for_update()
        .filter(status=Booking.Status.PENDING)
        .order_by("starts_at")
    )
    if not pending:
        raise ValidationError(
            _("No date of this series is waiting for a decision."), code="not_pending"
        )
    status = Booking.Status.CONFIRMED if confirm else Booking.Status.DENIED
    for booking in pending:
        _decide(booking, status=status, reason=reason, by=by, notify=False)
        if not confirm:
            _release(booking)
    audit.record(
        actor=by,
        action=f"facilities.series_{status}",
        target=series,
        reason=reason,
        count=len(pending),
    )
    send_series_message_task.delay_on_commit(series.pk, status, [b.pk for b in pending])
    return pending


@transaction.atomic
def cancel_booking(*, booking: Booking, reason: str, by, notify: bool = True) -> Booking:
    """Cancel an open booking with a reason; its time is free again at once.

    The caller has checked can_cancel_booking (the association's deadline, the officer's role).
    """
    if not reason.strip():
        raise ValidationError(_("Give a reason for cancelling."), code="no_reason")
    _check_note(reason)
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if not booking.is_open:
        raise ValidationError(_("This booking is not open any more."), code="not_open")
    booking.status = Booking.Status.CANCELLED
    booking.cancellation_reason = reason
    booking.cancelled_by = by
    booking.cancelled_at = timezone.now()
    booking.sequence += 1
    booking.save(
        update_fields=[
            "status",
            "cancellation_reason",
            "cancelled_by",
            "cancelled_at",
            "sequence",
            "updated_at",
        ]
    )
    _release(booking)
    audit.record(actor=by, action="facilities.booking_cancelled", target=booking, reason=reason)
    if notify:
        send_booking_message_task.delay_on_commit(booking.pk, Booking.Status.CANCELLED)
    return booking


@transaction.atomic
def record_participants(*, booking: Booking, count: int, by) -> Booking:
    """Record how many took part, once the booked time has begun (feeds the statistics)."""
    if booking.starts_at > timezone.now():
        raise ValidationError(
            _("Participants can be recorded once the booked time has begun."), code="not_yet"
        )
    if count < 0:
        raise ValidationError(_("The number cannot be negative."), code="negative")
    booking.actual_participants = count
    booking.save(update_fields=["actual_participants", "updated_at"])
    audit.record(actor=by, action="facilities.participants_recorded", target=booking, count=count)
    return booking


@transaction.atomic
def block_space(*, space: Space, starts_at: datetime, ends_at: datetime, reason: str, by) -> Block:
    """Close a space for maintenance; open bookings at that time must be cancelled first."""
    if ends_at <= starts_at:
        raise ValidationError(_("The block must end after it starts."), code="end_before_start")
    if _is_taken(space, starts_at, ends_at):
        raise ValidationError(
            _("The space is booked or blocked at that time: cancel those bookings first."),
            code="taken",
        )
    block = Block.objects.create(
        space=space, starts_at=starts_at, ends_at=ends_at, reason=reason, created_by=by
    )
    _occupy(space=space, starts_at=starts_at, ends_at=ends_at, block=block)
    audit.record(actor=by, action="facilities.space_blocked", target=block, reason=reason)
    return block


@transaction.atomic
def remove_block(*, block: Block, by) -> None:
    """Open the blocked time for booking again; a lease's time is ended through the lease."""
    if Lease.objects.filter(block=block).exists():
        raise ValidationError(
            _("This time belongs to a long-term use: end or change it there."), code="lease"
        )
    audit.record(actor=by, action="facilities.block_removed", target=block, reason=block.reason)
    block.delete()
    data_changed()


@dataclass
class SeriesDate:
    """One date of a planned series; `problem` names the rule it breaks, if any."""

    day: date
    starts_at: datetime
    ends_at: datetime
    problem: str = ""
    code: str = ""


def series_dates(
    *,
    space: Space,
    association,
    starts_on: date,
    ends_on: date,
    interval_weeks: int,
    starts: time,
    ends: time,
    expected_participants: int = 1,
    include_holidays: bool = False,
) -> list[SeriesDate]:
    """Every date of a series with the rule it breaks, if any (nothing is saved).

    Each date is checked as a single booking would be, and the dates that pass count towards
    the association's upcoming bookings in date order, so once the cap is reached the later
    dates are refused. book_space counts the same way when the dates are booked. Public
    holidays and the customary days off are left out unless `include_holidays` is set.
    """
    rules = space.rules_or_default()
    open_count = _open_booking_count(space, association)
    days_off = {} if include_holidays else public_holidays.days_off(starts_on, ends_on)
    found = []
    day = starts_on
    while day <= ends_on:
        starts_at = availability.local(day, starts)
        ends_at = availability.local(day, ends)
        entry = SeriesDate(day=day, starts_at=starts_at, ends_at=ends_at)
        try:
            if day in days_off:
                raise ValidationError(
                    _("%(holiday)s: a holiday. Tick “Book holidays too” to book it.")
                    % {"holiday": days_off[day]},
                    code="holiday",
                )
            check_booking_time(
                space=space,
                rules=rules,
                starts_at=starts_at,
                ends_at=ends_at,
                expected_participants=expected_participants,
            )
            if open_count >= rules.max_open_bookings:
                raise ValidationError(
                    _(
                        "Your association would have more than %(most)d upcoming bookings of "
                        "this space."
                    )
                    % {"most": rules.max_open_bookings},
                    code="too_many_open",
                )
            buffered = ends_at + timedelta(minutes=rules.buffer_minutes)
            _refuse_taken(space, starts_at, buffered)
        except ValidationError as error:
            entry.problem, entry.code = error.messages[0], error.code or ""
        else:
            open_count += 1
        found.append(entry)
        day += timedelta(weeks=interval_weeks)
    return found


def check_series(*, space, starts_on, ends_on, interval_weeks, expected_participants=1) -> None:
    """Raise a ValidationError when the series as a whole breaks the space's rules."""
    rules = space.rules_or_default()
    if ends_on < starts_on:
        raise ValidationError(
            _("The last date cannot be before the first date."), code="end_before_start"
        )
    if interval_weeks < 1:
        raise ValidationError(_("Repeat at least every week."), code="interval")
    if starts_on > timezone.localdate() + timedelta(days=rules.max_days_ahead):
        raise ValidationError(
            _("This space can be booked at most %(days)d days ahead.")
            % {"days": rules.max_days_ahead},
            code="too_far_ahead",
        )
    if ends_on > starts_on + timedelta(days=366):
        raise ValidationError(_("A series can last at most a year."), code="too_long_series")
    if expected_participants > space.capacity:
        raise ValidationError(
            _("The space holds at most %(capacity)d people.") % {"capacity": space.capacity},
            code="over_capacity",
        )


def plan_series(
    *,
    space: Space,
    association,
    starts_on: date,
    ends_on: date,
    interval_weeks: int,
    starts: time,
    ends: time,
    expected_participants: int,
    is_public_benefit: bool = False,
    is_free_of_charge: bool = False,
    is_open_to_all: bool = False,
    include_holidays: bool = False,
    by,
) -> list[SeriesDate]:
    """The dates of a series with the rule each breaks; raises when none could ever be booked."""
    _check_booker(association, by)
    _check_declarations(is_public_benefit, is_free_of_charge, is_open_to_all)
    check_series(
        space=space,
        starts_on=starts_on,
        ends_on=ends_on,
        interval_weeks=interval_weeks,
        expected_participants=expected_participants,
    )
    return series_dates(
        space=space,
        association=association,
        starts_on=starts_on,
        ends_on=ends_on,
        interval_weeks=interval_weeks,
        starts=starts,
        ends=ends,
        expected_participants=expected_participants,
        include_holidays=include_holidays,
    )


@transaction.atomic
def book_series(
    *,
    space: Space,
    association,
    starts_on: date,
    ends_on: date,
    interval_weeks: int,
    starts: time,
    ends: time,
    purpose: str,
    expected_participants: int,
    is_public_benefit: bool = False,
    is_free_of_charge: bool = False,
    is_open_to_all: bool = False,
    include_holidays: bool = False,
    by,
    days: Collection[date] | None = None,
) -> tuple[BookingSeries, list[SeriesDate]]:
    """Book the dates of a series that every rule allows; returns the series and those left out.

    `days` are the dates the person was shown as bookable: when given and the bookable dates
    are no longer exactly those, nothing is booked, so nobody gets other dates than they saw.
    """
    _lock_association(association)
    plan = plan_series(
        space=space,
        association=association,
        starts_on=starts_on,
        ends_on=ends_on,
        interval_weeks=interval_weeks,
        starts=starts,
        ends=ends,
        expected_participants=expected_participants,
        is_public_benefit=is_public_benefit,
        is_free_of_charge=is_free_of_charge,
        is_open_to_all=is_open_to_all,
        include_holidays=include_holidays,
        by=by,
    )
    allowed = [entry for entry in plan if not entry.problem]
    skipped = [entry for entry in plan if entry.problem]
    if not allowed:
        raise ValidationError(_("None of the dates can be booked."), code="nothing_free")
    if days is not None and sorted(set(days)) != [entry.day for entry in allowed]:
        raise ValidationError(
            _("The dates that can be booked have changed. Check the list again and book."),
            code="dates_changed",
        )
    series = BookingSeries.objects.create(
        space=space,
        association=association,
        booked_by=by,
        starts_on=starts_on,
        ends_on=ends_on,
        interval_weeks=interval_weeks,
        starts_at=starts,
        ends_at=ends,
        purpose=purpose,
    )
    for entry in allowed:
        # Every rule is checked again here; a date lost meanwhile undoes the whole series.
        book_space(
            space=space,
            association=association,
            starts_at=entry.starts_at,
            ends_at=entry.ends_at,
            purpose=purpose,
            expected_participants=expected_participants,
            is_public_benefit=is_public_benefit,
            is_free_of_charge=is_free_of_charge,
            is_open_to_all=is_open_to_all,
            by=by,
            series=series,
        )
    audit.record(
        actor=by,
        action="facilities.series_booked",
        target=series,
        booked=len(allowed),
        skipped=[str(entry.day) for entry in skipped],
    )
    first = series.bookings.order_by("starts_at")[0]
    send_booking_message_task.delay_on_commit(first.pk, first.status)
    return series, skipped


@transaction.atomic
def cancel_series(*, series: BookingSeries, reason: str, by) -> BookingSeries:
    """Cancel every upcoming date of a series with one reason."""
    if not reason.strip():
        raise ValidationError(_("Give a reason for cancelling."), code="no_reason")
    _check_note(reason)
    upcoming = list(series.bookings.open().filter(ends_at__gt=timezone.now()))
    for booking in upcoming:
        cancel_booking(booking=booking, reason=reason, by=by, notify=False)
    series.is_cancelled = True
    series.save(update_fields=["is_cancelled"])
    audit.record(
        actor=by,
        action="facilities.series_cancelled",
        target=series,
        reason=reason,
        cancelled=len(upcoming),
    )
    if upcoming:
        send_booking_message_task.delay_on_commit(upcoming[0].pk, Booking.Status.CANCELLED)
    return series


def calendar_feed_for(association) -> CalendarFeed:
    """The association's secret calendar address, made on first use."""
    feed, _created = CalendarFeed.objects.get_or_create(association=association)
    return feed


@transaction.atomic
def update_booking_rules(*, form, space: Space, by) -> BookingRules:
    """Save a space's booking rules from a valid form; the change is logged."""
    rules = form.save(commit=False)
    rules.space = space
    rules.save()
    data_changed()
    audit.record(
        actor=by,
        action="facilities.rules_changed",
        target=space,
        changed={name: str(form.cleaned_data[name]) for name in form.changed_data},
    )
    return rules


@transaction.atomic
def update_opening_hours(*, formsets, site, by) -> None:
    """Save a site's weekly hours and exceptions from valid formsets; the change is logged.

    Bookings already made stay: the new hours apply to new bookings.
    """
    for formset in formsets:
        formset.save()
    data_changed()
    audit.record(actor=by, action="facilities.opening_hours_changed", target=site)


# --- Seasonal rounds: the booking series of an allocated turn --------------------------------


@transaction.atomic
def book_allocated_series(
    *,
    space: Space,
    association,
    booked_by,
    first_day: date,
    last_day: date,
    starts: time,
    ends: time,
    purpose: str,
    participants: int,
    by,
) -> tuple[BookingSeries, list[date]]:
    """Book a turn allocated in a seasonal round every week, confirmed; returns the days left out.

    The round has already decided the turn, so the single-booking rules (days ahead, upcoming
    bookings) do not apply; holidays, closed days and times already taken are left out.
    """
    series = BookingSeries.objects.create(
        space=space,
        association=association,
        booked_by=booked_by,
        starts_on=first_day,
        ends_on=last_day,
        interval_weeks=1,
        starts_at=starts,
        ends_at=ends,
        purpose=purpose,
    )
    days_off = public_holidays.days_off(first_day, last_day)
    schedule = availability.schedules_for([space], first_day=first_day, last_day=last_day)[space.pk]
    skipped = []
    day = first_day
    while day <= last_day:
        starts_at, ends_at = availability.local(day, starts), availability.local(day, ends)
        free = day not in days_off and schedule.is_open(starts_at, ends_at)
        if not free or _is_taken(space, starts_at, ends_at):
            skipped.append(day)
        else:
            booking = Booking.objects.create(
                space=space,
                association=association,
                booked_by=booked_by,
                series=series,
                starts_at=starts_at,
                ends_at=ends_at,
                purpose=purpose,
                expected_participants=participants,
                is_public_benefit=True,
                status=Booking.Status.CONFIRMED,
                decided_by=by,
                decided_at=timezone.now(),
            )
            _occupy(space=space, starts_at=starts_at, ends_at=ends_at, booking=booking)
        day += timedelta(weeks=1)
    audit.record(
        actor=by,
        action="facilities.series_booked",
        target=series,
        booked=series.bookings.count(),
        skipped=[str(day) for day in skipped],
    )
    return series, skipped
