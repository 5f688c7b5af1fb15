"""An association's bookings: book, book a series, cancel, record participants, its feed."""

from datetime import timedelta
from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from facilities import ical, listing, services
from facilities.forms import BookingForm, DecisionForm, ParticipantsForm, ReasonForm, SeriesForm
from facilities.models import Booking, BookingSeries, CalendarFeed, Lease, Space
from facilities.permissions import (
    can_book_for,
    can_cancel_booking,
    can_cancel_series,
    can_decide_booking,
    can_decide_series,
    can_record_participants,
    can_view_booking,
    can_view_series,
)
from organizations.models import Association
from portal import audit, roles
from portal.access_log import record_access
from portal.database import CompiledStatements
from portal.paging import kept_page


def _represented(user):
    return Association.objects.filter(pk__in=roles.represented_association_ids(user)).order_by(
        "name"
    )


def _bookable(request, space):
    """The associations the user may book for; refuses with a clear reason when none."""
    represented = _represented(request.user)
    if not represented:
        raise PermissionDenied(_("Only an association's representative can book premises."))
    bookable = represented.filter(is_verified=True)
    if not bookable:
        messages.error(
            request,
            _(
                "The municipality has not verified your association yet, so it cannot book "
                "premises. Contact the liaison officer."
            ),
        )
    return bookable


def _initial_from_query(request) -> dict:
    initial = {}
    for name in ("day", "starts", "ends"):
        if request.GET.get(name):
            initial[name] = request.GET[name]
    return initial


@login_required
def booking_create(request, slug):
    """A representative books one time of a space for their association."""
    space = get_object_or_404(Space.objects.published().select_related("site"), slug=slug)
    associations = _bookable(request, space)
    form = BookingForm(
        request.POST or None, associations=associations, initial=_initial_from_query(request)
    )
    if request.method == "POST" and form.is_valid():
        data = form.booking_data()
        if not can_book_for(request.user, data["association"]):
            raise PermissionDenied
        try:
            booking = services.book_space(space=space, by=request.user, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if booking.status == Booking.Status.CONFIRMED:
                messages.success(request, _("Booked. The booking is confirmed."))
            else:
                messages.success(
                    request, _("Request sent. We will tell you when the officer has decided.")
                )
            return redirect(booking)
    return render(
        request,
        "facilities/booking_form.html",
        {"space": space, "form": form, "rules": space.rules_or_default()},
        status=400 if form.errors else 200,
    )


# Booking lengths are stored in minutes in a small integer (at most 32,767 minutes, under 23
# days), so a booking that has not ended began less than 23 days ago. The bound lets the
# (association, starts_at) index find the upcoming bookings without reading the past ones.
LONGEST_BOOKING = timedelta(days=23)
PAGE_SIZE = 25
PAST_SHOWN = 25


def upcoming_bookings(associations, now, earliest_start=None):
    """The associations' bookings that have not ended, soonest first. `earliest_start` is the
    index's bound, `now` less LONGEST_BOOKING unless given: a kept statement passes it as one of
    its values, or the bound worked out the first time would stay in its SQL."""
    if earliest_start is None:
        earliest_start = now - LONGEST_BOOKING
    return (
        Booking.objects.filter(
            association__in=associations, starts_at__gt=earliest_start, ends_at__gte=now
        )
        .with_list_data()
        .order_by("starts_at", "pk")
    )


def past_bookings(associations, now):
    """The associations' ended bookings, latest first."""
    return (
        Booking.objects.filter(association__in=associations, starts_at__lt=now, ends_at__lt=now)
        .with_list_data()
        .order_by("-starts_at", "-pk")
    )


# The bookings page's SQL, compiled once per worker for each language, number of associations
# and page (the associations, the time and the day are put in place each time): putting the
# querysets together and compiling them cost more than running them
# (portal.database.CompiledStatements).
STATEMENTS = CompiledStatements(size=200, prepared=True)


def _associations(ids):
    return Association.objects.filter(pk__in=ids).order_by("name")


def _feeds(ids):
    return CalendarFeed.objects.filter(association__in=ids)


def _leases(ids, today):
    return (
        Lease.objects.filter(association__in=ids, ends_on__gte=today)
        .with_list_data()
        .order_by("starts_on", "pk")
    )


@login_required
def booking_list(request):
    """The bookings of the user's associations, upcoming first, with their rooms in long-term use
    and their calendar feeds."""
    ids = sorted(roles.represented_association_ids(request.user))
    language = get_language()
    associations = STATEMENTS.objects(("associations", language), _associations, ids)
    ids = [association.pk for association in associations]
    now = timezone.now()
    since = now - LONGEST_BOOKING

    page = kept_page(
        STATEMENTS,
        ("upcoming", language),
        upcoming_bookings,
        request.GET.get("page"),
        PAGE_SIZE,
        ids,
        now,
        since,
        read_as=listing.for_rows,
    )
    past = (
        listing.booking_rows(
            STATEMENTS.objects(
                ("past", language),
                lambda ids, now: listing.for_rows(past_bookings(ids, now))[:PAST_SHOWN],
                ids,
                now,
            )
        )
        if page.number == 1
        else []
    )
    feeds = {feed.association_id: feed for feed in STATEMENTS.objects("feeds", _feeds, ids)}
    return render(
        request,
        "facilities/booking_list.html",
        {
            "upcoming": listing.booking_rows(page.object_list),
            "page_obj": page,
            "query_without_page": "",
            "past": past,
            "leases": STATEMENTS.objects(("leases", language), _leases, ids, timezone.localdate()),
            "associations": [(a, feeds.get(a.pk)) for a in associations],
        },
    )


@login_required
@require_POST
def calendar_feed_create(request, association_pk):
    association = get_object_or_404(_represented(request.user), pk=association_pk)
    services.calendar_feed_for(association)
    return redirect("facilities:booking_list")


def _visible_booking(request, pk) -> Booking:
    booking = get_object_or_404(
        Booking.objects.visible_to(request.user).with_list_data().select_related("series"), pk=pk
    )
    if not can_view_booking(request.user, booking):
        raise PermissionDenied
    return booking


@login_required
def booking_detail(request, pk):
    booking = _visible_booking(request, pk)
    user = request.user
    if not roles.represents(user, booking.association_id):
        record_access(
            request, what="facilities.booking", target=booking, people=[booking.booked_by_id]
        )
    can_decide = can_decide_booking(user, booking)
    series_pending = 0
    if can_decide and booking.series is not None and can_decide_series(user, booking.series):
        series_pending = booking.series.bookings.filter(status=Booking.Status.PENDING).count()
    return render(
        request,
        "facilities/booking_detail.html",
        {
            "booking": booking,
            "rules": booking.space.rules_or_default(),
            "can_cancel": can_cancel_booking(user, booking),
            "can_decide": can_decide,
            "series_pending": series_pending,
            "next": queue_url(request),
            "can_record": can_record_participants(user, booking),
            "cancel_form": ReasonForm(prefix="cancel"),
            "decision_form": DecisionForm(prefix="decision"),
            "participants_form": ParticipantsForm(
                prefix="participants",
                initial={"actual_participants": booking.actual_participants},
            ),
            "events": audit.events_for(booking),
        },
    )


def _reason_error(form: ReasonForm) -> str:
    if form.has_error("reason", "required"):
        return _("Give a reason for cancelling.")
    return " ".join(str(error) for error in form.errors["reason"])


@login_required
@require_POST
def booking_cancel(request, pk):
    booking = _visible_booking(request, pk)
    if not can_cancel_booking(request.user, booking):
        if booking.is_open:
            messages.error(request, _("The deadline for cancelling this booking has passed."))
        else:
            messages.error(request, _("This booking is not open any more."))
        return redirect(booking)
    form = ReasonForm(request.POST, prefix="cancel")
    if not form.is_valid():
        messages.error(request, _reason_error(form))
        return redirect(booking)
    try:
        services.cancel_booking(
            booking=booking, reason=form.cleaned_data["reason"], by=request.user
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The booking is cancelled and the time is free again."))
    return redirect(booking)


@login_required
@require_POST
def booking_decide(request, pk):
    """The officer confirms or denies a request."""
    booking = _visible_booking(request, pk)
    if not can_decide_booking(request.user, booking):
        raise PermissionDenied
    form = DecisionForm(request.POST, prefix="decision")
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(booking)
    reason = form.cleaned_data["reason"]
    try:
        if form.cleaned_data["decision"] == DecisionForm.CONFIRM:
            services.confirm_booking(booking=booking, reason=reason, by=request.user)
            messages.success(request, _("The booking is confirmed."))
        else:
            services.deny_booking(booking=booking, reason=reason, by=request.user)
            messages.success(request, _("The request is denied."))
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(booking)
    return redirect(queue_url(request))


def queue_url(request) -> str:
    """The officer's queue with the filters it was left with (sent as `next`)."""
    queue = reverse("facilities:officer_queue")
    target = request.POST.get("next") or request.GET.get("next") or ""
    if (
        url_has_allowed_host_and_scheme(target, allowed_hosts=None)
        and urlsplit(target).path == queue
    ):
        return target
    return queue


@login_required
@require_POST
def booking_participants(request, pk):
    booking = _visible_booking(request, pk)
    if not can_record_participants(request.user, booking):
        raise PermissionDenied
    form = ParticipantsForm(request.POST, prefix="participants")
    if form.is_valid():
        services.record_participants(
            booking=booking, count=form.cleaned_data["actual_participants"], by=request.user
        )
        messages.success(request, _("Thank you: the number of participants is recorded."))
    else:
        messages.error(request, _("Give the number of participants as a whole number."))
    return redirect(booking)


@login_required
def series_create(request, slug):
    """Book a weekly series: first every date is shown with the rule it breaks, then booked."""
    space = get_object_or_404(Space.objects.published().select_related("site"), slug=slug)
    associations = _bookable(request, space)
    form = SeriesForm(request.POST or None, associations=associations)
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not can_book_for(request.user, data["association"]):
            raise PermissionDenied
        request_data = {
            name: data[name]
            for name in (
                "association",
                "starts_on",
                "ends_on",
                "interval_weeks",
                "starts",
                "ends",
                "expected_participants",
                "is_public_benefit",
                "is_free_of_charge",
                "is_open_to_all",
                "include_holidays",
            )
        }
        if "book" in request.POST:
            try:
                series, skipped = services.book_series(
                    space=space,
                    purpose=data["purpose"],
                    days=form.confirmed_days(),
                    by=request.user,
                    **request_data,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("The series is booked: %(booked)d dates, %(skipped)d left out.")
                    % {"booked": series.bookings.count(), "skipped": len(skipped)},
                )
                return redirect(series)
        try:
            preview = services.plan_series(space=space, by=request.user, **request_data)
        except ValidationError as error:
            if not form.errors:
                form.add_error(None, error)
    allowed = [entry for entry in preview or [] if not entry.problem]
    return render(
        request,
        "facilities/series_form.html",
        {
            "space": space,
            "form": form,
            "preview": preview,
            "free_count": len(allowed),
            "refused": [entry for entry in preview or [] if entry.problem],
            "allowed_days": ",".join(entry.day.isoformat() for entry in allowed),
            "rules": space.rules_or_default(),
        },
        status=400 if form.errors else 200,
    )


def _visible_series(request, pk) -> BookingSeries:
    series = get_object_or_404(
        BookingSeries.objects.select_related("space", "space__site", "association"), pk=pk
    )
    if not can_view_series(request.user, series):
        raise PermissionDenied
    return series


@login_required
def series_detail(request, pk):
    series = _visible_series(request, pk)
    bookings = listing.booking_rows(listing.for_rows(series.bookings.order_by("starts_at")))
    can_decide = can_decide_series(request.user, series)
    return render(
        request,
        "facilities/series_detail.html",
        {
            "series": series,
            "bookings": bookings,
            "series_pending": can_decide
            and sum(booking.status == Booking.Status.PENDING for booking in bookings),
            "next": queue_url(request),
            "can_cancel": can_cancel_series(request.user, series),
            "cancel_form": ReasonForm(prefix="cancel"),
        },
    )


@login_required
def series_decide(request, pk):
    """The officer confirms or denies every waiting date of a series at once, after a look."""
    series = _visible_series(request, pk)
    if not can_decide_series(request.user, series):
        raise PermissionDenied
    pending = list(
        series.bookings.filter(status=Booking.Status.PENDING)
        .select_related("space")
        .order_by("starts_at")
    )
    form = DecisionForm(request.POST or None, prefix="decision")
    if request.method == "POST" and form.is_valid():
        confirm = form.cleaned_data["decision"] == DecisionForm.CONFIRM
        try:
            decided = services.decide_series(
                series=series, confirm=confirm, reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if confirm:
                text = ngettext(
                    "%(count)d date of the series is confirmed.",
                    "%(count)d dates of the series are confirmed.",
                    len(decided),
                )
            else:
                text = ngettext(
                    "%(count)d date of the series is denied.",
                    "%(count)d dates of the series are denied.",
                    len(decided),
                )
            messages.success(request, text % {"count": len(decided)})
            return redirect(queue_url(request))
    return render(
        request,
        "facilities/series_decide.html",
        {
            "series": series,
            "pending": pending,
            "form": form,
            "next": queue_url(request),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def series_cancel(request, pk):
    series = _visible_series(request, pk)
    if not can_cancel_series(request.user, series):
        raise PermissionDenied
    form = ReasonForm(request.POST, prefix="cancel")
    if not form.is_valid():
        messages.error(request, _reason_error(form))
        return redirect(series)
    try:
        services.cancel_series(series=series, reason=form.cleaned_data["reason"], by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The upcoming dates of the series are cancelled."))
    return redirect(series)


def association_ical(request, token):
    """The association's bookings as a calendar feed; the secret token is the only key."""
    feed = get_object_or_404(CalendarFeed.objects.select_related("association"), token=token)
    bookings = (
        Booking.objects.filter(
            association=feed.association, ends_at__gte=timezone.now() - timedelta(days=365)
        )
        .select_related("space", "space__site")
        .order_by("starts_at")
    )
    body = ical.association_calendar(feed.association, bookings)
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")
