"""Long-term use of rooms: an office or storage room given to one association for a period.

A lease holds its space through a block of its own (see Lease), so everything that asks whether
a space is taken (calendars, the free-time search, the database's overlap rule) sees the leased
period as taken. These services keep the block's time equal to the lease's days.
"""

from datetime import date, datetime, time, timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from facilities import availability
from facilities.caching import data_changed
from facilities.models import NOTE_MAX_LENGTH, Block, Lease, Occupancy, Space
from organizations.models import Association, Membership
from portal import audit
from portal.mail import render_subject, render_text

# The renewal reminder may be asked at most this many days before the end.
MAX_REMIND_DAYS = 365


def lease_period(starts_on: date, ends_on: date) -> tuple[datetime, datetime]:
    """The lease's days as aware times: from the first day's midnight to the one after the last."""
    return (
        availability.local(starts_on, time(0)),
        availability.local(ends_on + timedelta(days=1), time(0)),
    )


def _space_ids(space: Space) -> list[int]:
    return [space.pk, *space.descendant_ids()]


def _conflicts(space: Space, starts_at: datetime, ends_at: datetime, *, exclude_block=None):
    """The bookings and blocks that hold some of the time in the space or a space inside it."""
    found = Occupancy.objects.filter(
        space_id__in=_space_ids(space), is_active=True, period__overlap=(starts_at, ends_at)
    )
    if exclude_block is not None:
        found = found.exclude(block=exclude_block)
    return found.order_by("period")


def _refuse_conflicts(space: Space, starts_at: datetime, ends_at: datetime, *, exclude_block=None):
    conflicts = _conflicts(space, starts_at, ends_at, exclude_block=exclude_block)
    count = conflicts.count()
    if count:
        first = timezone.localtime(conflicts.first().period.lower).date()
        raise ValidationError(
            _(
                "The space is booked or closed %(count)d times in that period, the first on "
                "%(date)s: cancel or move those first."
            )
            % {"count": count, "date": formats.date_format(first, "SHORT_DATE_FORMAT")},
            code="taken",
        )


def _check_dates(starts_on: date, ends_on: date) -> None:
    if ends_on < starts_on:
        raise ValidationError(
            _("The last day cannot be before the first day."), code="end_before_start"
        )
    if not (availability.within_reach(starts_on) and availability.within_reach(ends_on)):
        raise ValidationError(_("Give dates within ten years of today."), code="far_off")


def _check_texts(keys: str, notes: str, remind_days_before: int) -> None:
    if len(notes) > NOTE_MAX_LENGTH or len(keys) > 200:
        raise ValidationError(_("The text is too long."), code="too_long_text")
    if not 0 <= remind_days_before <= MAX_REMIND_DAYS:
        raise ValidationError(
            _("Remind at most %(days)d days before the end.") % {"days": MAX_REMIND_DAYS},
            code="remind_days",
        )


def _set_block_period(lease: Lease) -> None:
    """Move the lease's block and its held time to the lease's days; refuses what is taken."""
    starts_at, ends_at = lease_period(lease.starts_on, lease.ends_on)
    block = lease.block
    if block is None:
        return
    block.starts_at, block.ends_at = starts_at, ends_at
    block.save(update_fields=["starts_at", "ends_at"])
    data_changed()
    try:
        with transaction.atomic():
            Occupancy.objects.filter(block=block).update(period=(starts_at, ends_at))
    except IntegrityError as error:
        raise ValidationError(
            _("That time was just taken. Please choose another time."), code="taken"
        ) from error


@transaction.atomic
def create_lease(
    *,
    space: Space,
    association: Association,
    starts_on: date,
    ends_on: date,
    contract_signed_on: date,
    key_handed_over_on: date | None = None,
    keys: str = "",
    notes: str = "",
    remind_days_before: int = 60,
    by,
) -> Lease:
    """Give a space to an association for a period; the space is taken for all of it.

    The caller has checked can_handle_bookings for the space. Bookings and blocks already in the
    period are refused with their count: the officer cancels or moves them first.
    """
    from facilities.services import _occupy

    _check_dates(starts_on, ends_on)
    _check_texts(keys, notes, remind_days_before)
    starts_at, ends_at = lease_period(starts_on, ends_on)
    _refuse_conflicts(space, starts_at, ends_at)
    block = Block.objects.create(
        space=space, starts_at=starts_at, ends_at=ends_at, reason=association.name, created_by=by
    )
    _occupy(space=space, starts_at=starts_at, ends_at=ends_at, block=block)
    lease = Lease.objects.create(
        space=space,
        association=association,
        starts_on=starts_on,
        ends_on=ends_on,
        contract_signed_on=contract_signed_on,
        key_handed_over_on=key_handed_over_on,
        keys=keys,
        notes=notes,
        remind_days_before=remind_days_before,
        block=block,
        created_by=by,
    )
    audit.record(
        actor=by,
        action="facilities.lease_created",
        target=lease,
        association=association.name,
        starts_on=str(starts_on),
        ends_on=str(ends_on),
    )
    return lease


@transaction.atomic
def update_lease(
    *,
    lease: Lease,
    contract_signed_on: date,
    key_handed_over_on: date | None,
    keys: str,
    notes: str,
    remind_days_before: int,
    by,
) -> Lease:
    """Change the contract date, the keys, the notes or the reminder; the change is logged."""
    _check_texts(keys, notes, remind_days_before)
    lease = Lease.objects.select_for_update().get(pk=lease.pk)
    new = {
        "contract_signed_on": contract_signed_on,
        "key_handed_over_on": key_handed_over_on,
        "keys": keys,
        "notes": notes,
        "remind_days_before": remind_days_before,
    }
    changed = {name: str(value) for name, value in new.items() if getattr(lease, name) != value}
    for name, value in new.items():
        setattr(lease, name, value)
    lease.save(update_fields=list(new))
    if changed:
        audit.record(actor=by, action="facilities.lease_changed", target=lease, changed=changed)
    return lease


@transaction.atomic
def renew_lease(*, lease: Lease, ends_on: date, contract_signed_on: date, by) -> Lease:
    """Continue a lease to a new last day under a new contract; a new reminder will be sent."""
    lease = (
        Lease.objects.select_for_update(of=("self",))
        .select_related("block", "space")
        .get(pk=lease.pk)
    )
    if ends_on <= lease.ends_on:
        raise ValidationError(
            _("The new last day must be after the current one (%(date)s).")
            % {"date": formats.date_format(lease.ends_on, "SHORT_DATE_FORMAT")},
            code="not_later",
        )
    _check_dates(lease.starts_on, ends_on)
    previous = lease.ends_on
    _refuse_conflicts(
        lease.space, *lease_period(previous + timedelta(days=1), ends_on), exclude_block=lease.block
    )
    lease.ends_on = ends_on
    lease.contract_signed_on = contract_signed_on
    lease.renewal_reminded_at = None
    lease.save(update_fields=["ends_on", "contract_signed_on", "renewal_reminded_at"])
    _set_block_period(lease)
    audit.record(
        actor=by,
        action="facilities.lease_renewed",
        target=lease,
        previous_ends_on=str(previous),
        ends_on=str(ends_on),
    )
    return lease


@transaction.atomic
def end_lease(*, lease: Lease, ends_on: date, reason: str, by) -> Lease:
    """End a lease early on the given last day; the days after it can be booked again."""
    if not reason.strip():
        raise ValidationError(_("Give a reason for ending early."), code="no_reason")
    if len(reason) > NOTE_MAX_LENGTH:
        raise ValidationError(
            _("Write at most %(limit)d characters.") % {"limit": NOTE_MAX_LENGTH},
            code="too_long_text",
        )
    lease = Lease.objects.select_for_update(of=("self",)).select_related("block").get(pk=lease.pk)
    if not lease.starts_on <= ends_on < lease.ends_on:
        raise ValidationError(
            _("The new last day must be between %(first)s and %(last)s.")
            % {
                "first": formats.date_format(lease.starts_on, "SHORT_DATE_FORMAT"),
                "last": formats.date_format(lease.ends_on - timedelta(days=1), "SHORT_DATE_FORMAT"),
            },
            code="out_of_period",
        )
    previous = lease.ends_on
    lease.ends_on = ends_on
    lease.save(update_fields=["ends_on"])
    _set_block_period(lease)
    audit.record(
        actor=by,
        action="facilities.lease_ended",
        target=lease,
        previous_ends_on=str(previous),
        ends_on=str(ends_on),
        reason=reason,
    )
    return lease


def lease_holding(space: Space, starts_at: datetime, ends_at: datetime) -> Lease | None:
    """The lease that holds the space (or one inside it, or around it) at that time, if any."""
    occupancy = (
        Occupancy.objects.filter(
            space_id__in=_space_ids(space),
            is_active=True,
            period__overlap=(starts_at, ends_at),
            block__lease__isnull=False,
        )
        .select_related("block__lease", "block__lease__association")
        .first()
    )
    if occupancy is None or occupancy.block is None:
        return None
    return occupancy.block.lease


def leased_error(lease: Lease) -> ValidationError:
    """What a person booking a leased space is told."""
    return ValidationError(
        _("The space is in long-term use by %(association)s until %(date)s.")
        % {
            "association": lease.association.name,
            "date": formats.date_format(lease.ends_on, "SHORT_DATE_FORMAT"),
        },
        code="leased",
    )


def _recipients(lease: Lease) -> list[str]:
    """The association's approved representatives and the officer who made the lease."""
    emails = set(
        Membership.objects.filter(
            association=lease.association, status=Membership.Status.APPROVED
        ).values_list("user__email", flat=True)
    )
    emails.add(lease.created_by.email)
    return sorted(email for email in emails if email)


def send_renewal_reminders(*, today: date | None = None) -> int:
    """Remind once about each lease whose reminder day has come and that has not ended.

    The reminded rows are locked and marked in the transaction that queues their mail, so two
    runs never send the same reminder twice. Returns how many leases were reminded.
    """
    from portal.tasks import send_email_task

    today = today or timezone.localdate()
    with transaction.atomic():
        candidates = list(
            Lease.objects.filter(
                ends_on__gte=today,
                ends_on__lte=today + timedelta(days=MAX_REMIND_DAYS),
                renewal_reminded_at__isnull=True,
            )
            .select_related("space", "space__site", "association", "created_by")
            .select_for_update(skip_locked=True, of=("self",))
            .order_by("pk")
        )
        due = [lease for lease in candidates if lease.reminder_due_on <= today]
        now = timezone.now()
        for lease in due:
            with translation.override(settings.LANGUAGE_CODE):
                context = {
                    "lease": lease,
                    "url": getattr(settings, "SITE_URL", "")
                    + reverse("facilities:lease_detail", args=[lease.pk]),
                    "municipality": settings.MUNICIPALITY_NAME,
                }
                subject = render_subject("facilities/email/lease_renewal_subject.txt", context)
                body = render_text("facilities/email/lease_renewal.txt", context)
            transaction.on_commit(
                partial(send_email_task.delay, subject=subject, body=body, to=_recipients(lease))
            )
            lease.renewal_reminded_at = now
            audit.record(
                actor=None,
                action="facilities.lease_renewal_reminded",
                target=lease,
                ends_on=str(lease.ends_on),
            )
        Lease.objects.bulk_update(due, ["renewal_reminded_at"])
    return len(due)
