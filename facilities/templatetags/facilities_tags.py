from django import template
from django.conf import settings
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from modeltranslation.utils import build_localized_fieldname

from facilities.models import Booking, Space
from facilities.permissions import can_use_back_office
from portal import roles
from portal.database import CompiledStatements
from portal.links import Urls
from portal.tally import HOME, WAITING

register = template.Library()

# The dashboard's, per number of associations or sectors.
DASHBOARD = CompiledStatements(size=32, prepared=True)


def _upcoming(association_ids, now, limit):
    # Only what the dashboard shows of each booking, its space and association.
    space_names = [
        build_localized_fieldname("space__name", code) for code, _label in settings.LANGUAGES
    ]
    return (
        Booking.objects.open()
        .filter(association_id__in=association_ids, ends_at__gte=now)
        .select_related("space", "association")
        .only("starts_at", "ends_at", "status", "association__name", "space__name", *space_names)
        .order_by("starts_at")[:limit]
    )


@register.simple_tag
def upcoming_bookings(user, limit: int = 5):
    """The next open bookings of the user's associations (one query)."""
    ids = roles.represented_association_ids(user)
    return DASHBOARD.objects(
        ("upcoming", limit),
        lambda association_ids, now: _upcoming(association_ids, now, limit),
        ids,
        timezone.now(),
    )


def _pending(sectors=None):
    pending = Booking.objects.filter(status=Booking.Status.PENDING)
    return pending if sectors is None else pending.filter(space__site__sector__in=sectors)


def _queue_sectors(user) -> tuple:
    """The liaison officer's queue holds every request; a sector officer's, their sectors'."""
    return () if roles.is_liaison_officer(user) else (tuple(sorted(roles.officer_sectors(user))),)


BOOKING_REQUESTS = WAITING.count(
    "booking requests", _pending, values=_queue_sectors, shown_to=can_use_back_office
)


@register.simple_tag(takes_context=True)
def pending_request_count(context) -> int | None:
    """How many requests wait in the officer's queue; None for users without a queue."""
    return BOOKING_REQUESTS.read(context.request)


PUBLISHED_SPACES = HOME.count("published spaces", lambda: Space.objects.published())


@register.simple_tag(takes_context=True)
def published_space_count(context) -> int | None:
    return PUBLISHED_SPACES.read(context.request)


@register.simple_tag
def week_calendar_rows(calendar, space, may_book: bool) -> SafeString:
    """The rows of a space's week calendar as HTML.

    Built here rather than in a template loop: a week has over a hundred slots, and the
    template engine's per-variable cost made up most of the page's time.
    """
    book_url = escape(reverse("facilities:booking_create", args=[space.slug]))
    # What a column's cells share, worked out once: the day as a slot's key and as spoken.
    day_keys = [f"{day:%Y-%m-%d}" for day in calendar.days]
    spoken_days = [dateformat.format(day, "D j.n.") for day in calendar.days]
    escaped_labels: dict[str, str] = {}
    parts = []
    for at, cells in calendar.rows:
        at_text = f"{at:%H:%M}"
        parts.append(f'<tr><th scope="row">{at_text}</th>')
        for day_key, spoken_day, cell in zip(day_keys, spoken_days, cells, strict=True):
            # A room in long-term use looks taken, with its own words.
            css = "taken" if cell.state == "leased" else cell.state
            label = escaped_labels.get(cell.label)
            if label is None:
                label = escaped_labels[cell.label] = escape(cell.label)
            if may_book and cell.state == "free":
                # The slot's times are local already (availability.week_calendar).
                spoken = escape(f"{spoken_day} {at_text}")
                label = (
                    f'<a href="{book_url}?day={day_key}&amp;starts={at_text}'
                    f'&amp;ends={cell.ends_at:%H:%M}">{label}'
                    f'<span class="visually-hidden"> {spoken}</span></a>'
                )
            parts.append(
                f'<td class="slot slot-{css}" data-slot="{day_key}T{at_text}" '
                f'data-state="{cell.state}">{label}</td>'
            )
        parts.append("</tr>")
    return mark_safe("".join(parts))  # noqa: S308 (every value above is escaped or ours)


# The accessibility facts a space card names, in their order.
CARD_FACTS = (
    ("step_free_access", gettext_lazy("Step-free access")),
    ("accessible_toilet", gettext_lazy("Accessible toilet")),
    ("induction_loop", gettext_lazy("Induction loop")),
)


@register.simple_tag
def space_cards(spaces, week_query: str = "") -> SafeString:
    """The public space list's cards (`facilities.views.public.SpaceCard` rows), built in
    Python: fifty cards through the template language cost more than finding which spaces
    are free."""
    if not spaces:
        return format_html("<li>{}</li>", _("No space matches the filters."))
    detail = Urls("facilities:space_detail")
    types = {value: str(label) for value, label in Space.Type.choices}
    type_word, capacity_word = escape(_("Type")), escape(_("Capacity"))
    facts = [(field, f'<span class="tag">{escape(label)}</span>') for field, label in CARD_FACTS]
    cards = []
    for space in spaces:
        place = str(escape(space.site_name))
        if space.parent_name is not None:
            place += " · " + escape(_("part of %(parent)s") % {"parent": space.parent_name})
        capacity = ngettext("%(count)d person", "%(count)d people", space.capacity) % {
            "count": space.capacity
        }
        url = escape(detail(space.slug) + week_query)
        cards.append(
            f'<li class="card" data-testid="space-{escape(space.slug)}">\n'
            f'<h3><a href="{url}">{escape(space.name)}</a></h3>\n'
            f"<p>{place}</p>\n"
            f'<dl class="facts">\n'
            f"<dt>{type_word}</dt><dd>{escape(types.get(space.type, space.type))}</dd>\n"
            f"<dt>{capacity_word}</dt><dd>{escape(capacity)}</dd>\n"
            "</dl>\n" + "".join(tag for field, tag in facts if getattr(space, field)) + "\n</li>"
        )
    return mark_safe("\n".join(cards))  # noqa: S308 - every text is escaped above
