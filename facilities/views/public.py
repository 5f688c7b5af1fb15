"""Pages anyone may open: the space list, a space with its week calendar, its public feed."""

from datetime import date, timedelta

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from facilities import availability, ical
from facilities.caching import cached_for_anonymous
from facilities.forms import SpaceFilterForm
from facilities.models import Booking, Space
from facilities.permissions import can_handle_bookings
from portal import roles


@cached_for_anonymous
def space_list(request):
    """Spaces with filters: type, size, accessibility and whether free at a given time."""
    form = SpaceFilterForm(request.GET or None)
    spaces = Space.objects.published().with_list_data()
    free_period = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["type"]:
            spaces = spaces.filter(type=data["type"])
        if data["capacity"]:
            spaces = spaces.filter(capacity__gte=data["capacity"])
        for fact in ("step_free_access", "accessible_toilet", "induction_loop"):
            if data[fact]:
                spaces = spaces.filter(**{fact: True})
        free_period = form.free_period()
    spaces = list(spaces)
    if free_period:
        free = availability.free_space_ids(spaces, *free_period)
        spaces = [space for space in spaces if space.pk in free]
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(
        request,
        "facilities/space_list.html",
        {
            "form": form,
            "spaces": spaces,
            "free_period": free_period,
            "week_query": (
                f"?week={timezone.localtime(free_period[0]).date().isoformat()}"
                if free_period
                else ""
            ),
        },
        status=status,
    )


def _monday(value: str | None) -> date | None:
    """The Monday of the week that holds the given ISO date; None when it is not a date."""
    day = availability.parse_day(value)
    return None if day is None else day - timedelta(days=day.weekday())


@cached_for_anonymous
def space_detail(request, slug):
    """One space: facts, rules and a week calendar of free and taken times."""
    space = get_object_or_404(
        Space.objects.published().select_related("site", "parent", "booking_rules"), slug=slug
    )
    monday = _monday(request.GET.get("week"))
    status = 200
    if monday is None:
        messages.error(request, _("The week in the address is not a date (YYYY-MM-DD)."))
        monday, status = timezone.localdate() - timedelta(days=timezone.localdate().weekday()), 400
    calendar = availability.week_calendar(space, monday)
    user = request.user
    return render(
        request,
        "facilities/space_detail.html",
        {
            "space": space,
            "rules": space.rules_or_default(),
            "calendar": calendar,
            "photos": space.photos.all(),
            "may_book": bool(roles.represented_association_ids(user)),
            "can_handle": can_handle_bookings(user, space),
        },
        status=status,
    )


@cached_for_anonymous
def space_ical(request, slug):
    """The space's public calendar feed: taken times, no names."""
    space = get_object_or_404(Space.objects.published().select_related("site"), slug=slug)
    since = timezone.now() - timedelta(days=60)
    ids = availability.space_tree()[space.pk]
    bookings = (
        Booking.objects.filter(occupancies__space_id__in=ids, ends_at__gte=since)
        .exclude(status=Booking.Status.DENIED)
        .select_related("space", "space__site")
        .distinct()
    )
    body = ical.space_calendar(space, bookings, taken_label=_("Taken"))
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")
