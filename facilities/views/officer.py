"""The back-office: the queue of requests, the schedule across spaces, blocks, statistics."""

from datetime import datetime, time, timedelta
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Max, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from facilities import availability, listing, reports, services
from facilities.forms import (
    BlockForm,
    BookingRulesForm,
    DecisionForm,
    OpeningExceptionFormSet,
    OpeningHoursFormSet,
    QueueFilterForm,
    StatisticsForm,
)
from facilities.models import Block, Booking, Site, Space
from facilities.permissions import can_handle_bookings, can_use_back_office, can_view_statistics
from portal import exports, roles
from portal.access_log import record_access
from portal.database import CompiledStatements
from portal.paging import kept_page


def _handled_spaces(user):
    """The spaces whose bookings the user handles (the one rule, as a query)."""
    return _spaces_of(None if roles.is_liaison_officer(user) else roles.officer_sectors(user))


def _spaces_of(sectors):
    """The spaces of the sectors' sites; every space when `sectors` is None (the liaison
    officer's)."""
    if sectors is None:
        return Space.objects.all()
    return Space.objects.filter(site__sector__in=sectors).exclude(site__sector="")


def _require_back_office(user) -> None:
    if not can_use_back_office(user):
        raise PermissionDenied


QUEUE_PAGE_SIZE = 50

# The queue's count, page and rows keep their SQL in each worker, compiled once per kind of
# officer, site filter, order, page and number of rows shown (a sector officer's sectors, the
# site and the page's ids are put in place each time): putting the querysets together and
# compiling them cost more than running them (portal.database.CompiledStatements).
STATEMENTS = CompiledStatements(size=500, prepared=True)


@login_required
def officer_queue(request):
    """Requests waiting for a decision, a page at a time; a series waits as one row.

    A series shows as its first waiting date (in the queue's order of requests) with the count
    and the last of its waiting dates. The order and the page are worked out over the narrow
    rows of the queue alone, and only the page's rows are then read whole, so a page costs the
    same few queries, and little more time, however long the queue.
    """
    _require_back_office(request.user)
    form = QueueFilterForm(request.GET or None)
    _site_choices(form.fields["site"])
    site, sort = form.chosen()
    liaison = roles.is_liaison_officer(request.user)
    # The sector officer's sectors, then the chosen site, in the order `queue` takes them.
    values = [
        *([] if liaison else [sorted(roles.officer_sectors(request.user))]),
        *([] if site is None else [site.pk]),
    ]
    kind = (liaison, site is not None, sort)

    def queue(*given):
        taken = iter(given)
        bookings = pending_queue(None if liaison else next(taken))
        return QueueFilterForm.filter(bookings, None if site is None else next(taken), sort)

    page = kept_page(
        STATEMENTS,
        ("queue", kind),
        lambda *given: queue(*given).values_list("pk", flat=True),
        request.GET.get("page"),
        QUEUE_PAGE_SIZE,
        *values,
    )
    here = request.get_full_path()
    next_query = quote(here)
    bookings = queue_rows(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "facilities/officer_queue.html",
        {
            "form": form,
            "bookings": bookings,
            "rows_html": listing.queue_rows_html(bookings, next_query),
            "page_obj": page,
            "query_without_page": f"{query.urlencode()}&" if query else "",
            "decision_form": DecisionForm(prefix="decision"),
            "here": here,
            "next": next_query,
        },
        status=400 if form.errors else 200,
    )


def _site_choices(field) -> None:
    """The filter's sites listed by one plain query of their names (the field's own listing
    reads whole rows through a server-side cursor); a chosen site is still checked by the
    field's queryset."""
    names = [f"name_{code}" for code, _label in settings.LANGUAGES]
    sites = STATEMENTS.objects(("sites", get_language()), lambda: field.queryset.only(*names))
    field.widget.choices = [("", field.empty_label), *((site.pk, str(site)) for site in sites)]


def pending_queue(sectors):
    """The requests of the sectors' spaces (every space's when `sectors` is None), a series as
    its first waiting date (not yet ordered).

    The first dates of the series are picked in one pass (DISTINCT ON), not once a row.
    """
    pending = Booking.objects.filter(status=Booking.Status.PENDING)
    firsts_of_series = (
        pending.filter(series__isnull=False)
        .order_by("series_id", "created_at", "starts_at", "pk")
        .distinct("series_id")
        .values("pk")
    )
    return pending.filter(space__in=_spaces_of(sectors)).filter(
        Q(series__isnull=True) | Q(pk__in=firsts_of_series)
    )


def _queue_rows(pks):
    return listing.for_queue(Booking.objects.filter(pk__in=pks))


def _waiting(series_ids):
    """Each series' count and last date of waiting requests."""
    return (
        Booking.objects.filter(status=Booking.Status.PENDING, series_id__in=series_ids)
        .order_by()
        .values("series_id")
        .annotate(count=Count("pk"), last=Max("starts_at"))
    )


def queue_rows(page_pks) -> list[listing.QueueRow]:
    """The page's requests in the page's order, with what a row shows: its texts and addresses
    worked out here, and a series' waiting count and last date from one grouped query."""
    pks = list(page_pks)
    found = {
        row[0]: listing.QueueRow(*row)
        for row in STATEMENTS.objects(("rows", get_language()), _queue_rows, pks)
    }
    bookings = [found[pk] for pk in pks if pk in found]
    series_ids = sorted({booking.series_id for booking in bookings if booking.series_id})
    waiting = (
        {row["series_id"]: row for row in STATEMENTS.objects("waiting", _waiting, series_ids)}
        if series_ids
        else {}
    )
    dates = listing.Dates()
    detail = listing.Urls("facilities:booking_detail")
    series_detail = listing.Urls("facilities:series_detail")
    series_decide = listing.Urls("facilities:series_decide")
    for booking in bookings:
        booking.url = detail(booking.pk)
        booking.when = dates.span(booking.starts_at, booking.ends_at)
        booking.requested = dates.date_and_time(booking.created_at)
        booking.place = f"{booking.site_name}: {booking.space_name}"
        if booking.series_id:
            series = waiting[booking.series_id]
            booking.series_pending, booking.series_last = series["count"], series["last"]
            booking.series_url = series_detail(booking.series_id)
            booking.decide_url = series_decide(booking.series_id)
            booking.series_last_date = dates.date(booking.series_last)
    return bookings


@login_required
def officer_schedule(request):
    """Every booking and block of the officer's spaces for one day or one week."""
    _require_back_office(request.user)
    day = availability.parse_day(request.GET.get("day"))
    status = 200
    if day is None:
        messages.error(request, _("The date in the address is not a date (YYYY-MM-DD)."))
        day, status = timezone.localdate(), 400
    is_week = request.GET.get("span") == "week"
    first = day - timedelta(days=day.weekday()) if is_week else day
    last = first + timedelta(days=7 if is_week else 1)
    starts = timezone.make_aware(datetime.combine(first, time(0)))
    ends = timezone.make_aware(datetime.combine(last, time(0)))
    spaces = _handled_spaces(request.user)
    bookings = listing.booking_rows(
        listing.for_rows(
            Booking.objects.open()
            .filter(space__in=spaces, starts_at__lt=ends, ends_at__gt=starts)
            .order_by("starts_at")
        )
    )
    blocks = (
        Block.objects.filter(space__in=spaces, starts_at__lt=ends, ends_at__gt=starts)
        .select_related("space", "space__site", "lease")
        .order_by("starts_at")
    )
    step = timedelta(days=7 if is_week else 1)
    grid_hours, grid = (
        ([], []) if is_week else availability.day_grid(list(spaces.select_related("site")), first)
    )
    return render(
        request,
        "facilities/officer_schedule.html",
        {
            "first": first,
            "last": last - timedelta(days=1),
            "is_week": is_week,
            "previous": first - step,
            "next": first + step,
            "bookings": bookings,
            "blocks": blocks,
            "grid_hours": grid_hours,
            "grid": grid,
        },
        status=status,
    )


@login_required
def block_create(request):
    """Block a space's time for maintenance or the municipality's own use."""
    _require_back_office(request.user)
    spaces = _handled_spaces(request.user).select_related("site")
    form = BlockForm(
        request.POST or None, spaces=spaces, initial={"space": request.GET.get("space")}
    )
    if request.method == "POST" and form.is_valid():
        space = form.cleaned_data["space"]
        if not can_handle_bookings(request.user, space):
            raise PermissionDenied
        starts_at, ends_at = form.period()
        try:
            services.block_space(
                space=space,
                starts_at=starts_at,
                ends_at=ends_at,
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The time is blocked."))
            return redirect(
                f"{_schedule_url()}?day={timezone.localtime(starts_at).date().isoformat()}"
            )
    return render(
        request, "facilities/block_form.html", {"form": form}, status=400 if form.errors else 200
    )


def _schedule_url() -> str:
    return reverse("facilities:officer_schedule")


@login_required
@require_POST
def block_delete(request, pk):
    block = get_object_or_404(Block.objects.select_related("space", "space__site"), pk=pk)
    if not can_handle_bookings(request.user, block.space):
        raise PermissionDenied
    day = timezone.localtime(block.starts_at).date()
    try:
        services.remove_block(block=block, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The block is removed and the time can be booked again."))
    return redirect(f"{_schedule_url()}?day={day.isoformat()}")


GROUP_LABELS = {
    "space": lambda: [_("Site"), _("Space")],
    "association": lambda: [_("Association")],
    "month": lambda: [_("Month")],
    "purpose": lambda: [_("Purpose")],
}


def _statistics_request(request):
    form = StatisticsForm(request.GET or None)
    starts_on = ends_on = None
    if form.is_bound and form.is_valid():
        starts_on, ends_on = form.cleaned_data["starts_on"], form.cleaned_data["ends_on"]
    by = request.GET.get("by") if request.GET.get("by") in reports.GROUPINGS else "space"
    return form, by, starts_on, ends_on


@login_required
def statistics(request):
    """Booked hours, bookings and participants per space, association, month or purpose."""
    if not can_view_statistics(request.user):
        raise PermissionDenied
    form, by, starts_on, ends_on = _statistics_request(request)
    return render(
        request,
        "facilities/statistics.html",
        {
            "form": form,
            "by": by,
            "groupings": [
                ("space", _("Space")),
                ("association", _("Association")),
                ("month", _("Month")),
                ("purpose", _("Purpose")),
            ],
            "labels": GROUP_LABELS[by](),
            "rows": reports.usage(by, starts_on, ends_on),
            "query": request.GET.urlencode(),
        },
        status=400 if form.errors else 200,
    )


@login_required
def statistics_csv(request):
    """The statistics as CSV for Finnish Excel, or ?format=xlsx."""
    if not can_view_statistics(request.user):
        raise PermissionDenied
    _form, by, starts_on, ends_on = _statistics_request(request)
    record_access(request, what="facilities.statistics_export")
    rows = (
        [*row["labels"], row["hours"], row["bookings"], row["participants"], row["expected"]]
        for row in reports.usage(by, starts_on, ends_on)
    )
    return exports.export_response(
        request.GET.get("format", "csv"),
        filename=f"tilat-{by}",
        header=[
            *GROUP_LABELS[by](),
            _("Booked hours"),
            _("Bookings"),
            _("Participants"),
            _("Expected participants"),
        ],
        rows=rows,
        sheet_title=_("Use of premises"),
    )


@login_required
def rules_edit(request, slug):
    """The officer edits a space's booking rules."""
    space: Space = get_object_or_404(Space.objects.select_related("site"), slug=slug)
    if not can_handle_bookings(request.user, space):
        raise PermissionDenied
    form = BookingRulesForm(request.POST or None, instance=space.rules_or_default())
    if request.method == "POST" and form.is_valid():
        services.update_booking_rules(form=form, space=space, by=request.user)
        messages.success(request, _("The booking rules are saved."))
        return redirect(space)
    return render(
        request,
        "facilities/bookingrules_form.html",
        {"space": space, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def opening_hours_edit(request, slug):
    """The officer edits a site's weekly opening hours and its exceptions (holidays)."""
    site = get_object_or_404(Site, slug=slug)
    spaces: list[Space] = list(site.spaces.select_related("site"))
    if not spaces or not all(can_handle_bookings(request.user, space) for space in spaces):
        raise PermissionDenied
    hours = OpeningHoursFormSet(request.POST or None, instance=site, prefix="hours")
    exceptions = OpeningExceptionFormSet(request.POST or None, instance=site, prefix="exceptions")
    if request.method == "POST" and hours.is_valid() and exceptions.is_valid():
        services.update_opening_hours(formsets=[hours, exceptions], site=site, by=request.user)
        messages.success(request, _("The opening hours are saved."))
        return redirect(spaces[0])
    return render(
        request,
        "facilities/openinghours_form.html",
        {"site": site, "hours": hours, "exceptions": exceptions},
        status=400 if request.method == "POST" else 200,
    )
