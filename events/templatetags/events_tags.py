from django import template
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from events.caching import VERSION
from events.models import Event
from events.permissions import can_moderate_events
from portal import roles

register = template.Library()


@register.simple_tag
def coming_event_count() -> int:
    return Event.objects.public().filter(status=Event.Status.PUBLISHED).coming().count()


@register.simple_tag
def events_data_version() -> int:
    """The version of the public calendar's data, for keys of cached fragments."""
    return VERSION.current()


@register.simple_tag
def coming_events_of(association, limit: int = 10) -> list[Event]:
    """An association's coming public events, for its page in the register (one query): the
    page shows each event's place, not its organisers."""
    events = association.events.public().coming().select_related("space", "space__site")
    return list(events.order_by("starts_at")[:limit])


@register.simple_tag
def my_coming_events(user, limit: int = 5) -> list[Event]:
    """The next events of the user's associations, whatever their status."""
    ids = roles.represented_association_ids(user)
    if not ids:
        return []
    # Only what the dashboard shows: the distinct rows are compared column by column.
    return list(
        Event.objects.filter(organisers__in=ids)
        .exclude(status=Event.Status.CANCELLED)
        .coming()
        .distinct()
        .only("pk", "title", "starts_at", "ends_at", "is_all_day", "status")
        .order_by("starts_at")[:limit]
    )


@register.simple_tag
def pending_event_count(user) -> int | None:
    """How many events wait for moderation; None for users who do not moderate."""
    if not can_moderate_events(user):
        return None
    return Event.objects.filter(status=Event.Status.PENDING).count()


@register.filter
def when(event) -> str:
    """When an event is, as events/includes/when.html says it, in one call for list rows."""
    starts = timezone.localtime(event.starts_at)
    first, last = event.first_day, event.last_day
    if event.is_all_day:
        if last == first:
            days = date_format(starts, "D j.n.Y")
        else:
            days = f"{date_format(starts, 'D j.n.')}–{date_format(last, 'D j.n.Y')}"
        return f"{days} ({_('all day')})"
    ends = timezone.localtime(event.ends_at)
    if last == first:
        return f"{date_format(starts, 'D j.n.Y H:i')}–{date_format(ends, 'H:i')}"
    return f"{date_format(starts, 'D j.n. H:i')} – {date_format(ends, 'D j.n.Y H:i')}"


@register.simple_tag
def event_rows(events) -> SafeString:
    """The calendar list's rows (events annotated with `organiser_names`), built in Python:
    the list shows twenty on every page, and a template per row costs more than the query."""
    # Every event page lies under the list's address; one reverse() instead of one per event.
    base = reverse("events:event_list")
    categories = {value: str(label) for value, label in Event.Category.choices}
    cancelled_label = format_html('<span class="event-status">{}</span> ', _("Cancelled:"))
    free = pgettext("price", "Free")
    return format_html_join(
        "",
        '<li class="card event-card{}" data-testid="event-{}">\n'
        '  <h3><a href="{}{}/">{}{}</a></h3>\n'
        "  <p>{}</p>\n"
        "  <p>{}</p>\n"
        '  <p class="muted">{} · {}{}</p>\n'
        "</li>\n",
        (
            (
                " event-cancelled" if event.is_cancelled else "",
                event.pk,
                base,
                event.pk,
                cancelled_label if event.is_cancelled else "",
                event.title,
                when(event),
                event.place,
                ", ".join(event.organiser_names) or settings.MUNICIPALITY_NAME,
                categories.get(event.category, event.category),
                f" · {free}" if event.is_free else "",
            )
            for event in events
        ),
    )


CANCELLED_ITEM = '<li class="event-cancelled">'
SOURCE = ' <span class="event-source">({})</span>'


@register.simple_tag
def day_events(day) -> SafeString:
    """A day's events in the week and month views, built in Python: a month holds hundreds;
    after them the link to the list of the day's events that are not shown."""
    if not day.events:
        return SafeString("")
    cancelled = f"{escape(_('Cancelled:'))} "
    items = []
    for entry in day.events:
        source = getattr(entry, "source", "")
        items.append(
            (CANCELLED_ITEM if entry.is_cancelled else "<li>")
            + f'<a href="{escape(entry.url)}">'
            + (cancelled if entry.is_cancelled else "")
            + (f"{escape(entry.starts)} " if entry.starts else "")
            + f"{escape(entry.title)}</a>"
            + (SOURCE.format(escape(source)) if source else "")
            + "</li>"
        )
    if day.hidden:
        more = ngettext("%(count)s more event", "%(count)s more events", day.hidden) % {
            "count": day.hidden
        }
        items.append(
            f'<li class="more-events"><a href="{escape(day.more_url)}">{escape(more)}</a></li>'
        )
    return mark_safe("<ul>\n" + "\n".join(items) + "\n</ul>")  # noqa: S308 - escaped above
