"""Pages anyone may open: the space list, a space with its week calendar, its public feed."""

from datetime import date, timedelta
from typing import NamedTuple

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from facilities import availability, ical
from facilities.caching import cached_for_anonymous
from facilities.forms import SpaceFilterForm
from facilities.models import Booking, Space, SpacePhoto
from facilities.permissions import can_handle_bookings
from portal import roles
from portal.database import CompiledStatements
from portal.i18n import shown_name

# The space list's and a space page's SQL, compiled once per worker and language, filters or
# space: putting the querysets together cost more than running them
# (portal.database.CompiledStatements).
STATEMENTS = CompiledStatements(size=200, prepared=True)
# The accessibility facts the list filters by: each is on or off, part of a statement's key.
FACTS = ("step_free_access", "accessible_toilet", "induction_loop")


class SpaceCard(NamedTuple):
    """What a card of the space list shows, read as a row: fifty model instances with their
    sites and parents took longer than finding which spaces are free."""

    pk: int
    site_id: int
    slug: str
    name: str
    site_name: str
    parent_name: str | None
    type: str
    capacity: int
    step_free_access: bool
    accessible_toilet: bool
    induction_loop: bool


def _cards(data: dict) -> list[SpaceCard]:
    """The published spaces that match the filters in `data` (every one when it holds none),
    in the list's order: by site, then name, in the reader's language."""
    # The filters' values are few and part of the key: a kept statement cannot take the
    # capacity as a value, since Django leaves a stand-in below a positive field's range out
    # of the SQL.
    filters: dict = dict.fromkeys((fact for fact in FACTS if data.get(fact)), True)
    if data.get("type"):
        filters["type"] = data["type"]
    if data.get("capacity"):
        filters["capacity__gte"] = data["capacity"]

    def cards():
        return (
            Space.objects.published()
            .filter(**filters)
            .annotate(
                shown_name=shown_name(),
                site_name=shown_name("site__"),
                parent_name=shown_name("parent__"),
            )
            .values_list(
                "pk",
                "site_id",
                "slug",
                "shown_name",
                "site_name",
                "parent_name",
                "type",
                "capacity",
                *FACTS,
            )
        )

    key = ("cards", get_language(), tuple(filters.items()))
    return [SpaceCard(*row) for row in STATEMENTS.objects(key, cards)]


@cached_for_anonymous
def space_list(request):
    """Spaces with filters: type, size, accessibility and whether free at a given time."""
    form = SpaceFilterForm(request.GET or None)
    free_period = None
    if form.is_bound and form.is_valid():
        spaces = _cards(form.cleaned_data)
        free_period = form.free_period()
    else:
        spaces = _cards({})
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


def _space(slug):
    return (
        Space.objects.published()
        .select_related("site", "parent", "booking_rules")
        .filter(slug=slug)
        .order_by()
    )


def _photos(space_id):
    return SpacePhoto.objects.filter(space_id=space_id)


@cached_for_anonymous
def space_detail(request, slug):
    """One space: facts, rules and a week calendar of free and taken times."""
    found = STATEMENTS.objects("space", _space, slug)
    if not found:
        raise Http404("No space has this address.")
    space = found[0]
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
            "photos": STATEMENTS.objects("photos", _photos, space.pk),
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
