from django import template
from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from portal import roles
from portal.database import CompiledStatements
from portal.tally import HOME
from volunteering import permissions
from volunteering.caching import PAGE_SECONDS, VERSION
from volunteering.models import Answer, Offer, ShareRequest, Task

register = template.Library()

# The home page's figures. Task.public() cuts at the date given, one of its parameters.
OPEN_TASKS = HOME.count(
    "open tasks",
    lambda today: Task.objects.public(today),
    values=lambda user: (timezone.localdate(),),
)
SHARED_OFFERS = HOME.count("shared offers", lambda: Offer.objects.public())
# The dashboard's, per number of associations.
DASHBOARD = CompiledStatements(size=32, prepared=True)


@register.simple_tag(takes_context=True)
def open_task_counts(context) -> dict:
    """The home page's figures: open tasks and active offers, once per data version."""

    def load():
        request = context.request
        return {"tasks": OPEN_TASKS.read(request), "offers": SHARED_OFFERS.read(request)}

    key = f"volunteering:hub:{VERSION.current()}"
    return cache.get_or_set(key, load, PAGE_SECONDS) or {"tasks": 0, "offers": 0}


@register.simple_tag
def my_volunteering(user) -> dict | None:
    """What waits for a representative: answers and requests to decide. Two queries."""
    ids = roles.represented_association_ids(user)
    if not ids:
        return None
    answers = DASHBOARD.count(
        "answers",
        lambda association_ids: Answer.objects.filter(
            task__association__in=association_ids, status=Answer.Status.PENDING
        ),
        ids,
    )
    requests = DASHBOARD.count(
        "requests",
        lambda association_ids: ShareRequest.objects.filter(
            offer__association__in=association_ids, status=ShareRequest.Status.PENDING
        ),
        ids,
    )
    return {
        "answers": answers,
        "requests": requests,
        "can_post": permissions.can_post(user),
    }


@register.simple_tag
def can_see_volunteering_figures(user) -> bool:
    return permissions.can_see_figures(user)


@register.simple_tag
def volunteering_data_version() -> int:
    return VERSION.current()


@register.simple_tag
def open_tasks_and_offers_of(association) -> dict:
    """An association's open tasks and active offers, for its profile page: two queries."""
    return {
        "tasks": list(Task.objects.public().filter(association=association).order_by("ends_on")),
        "offers": list(Offer.objects.public().filter(association=association)),
    }


def _day(day) -> str:
    """ "j.n.Y" as the date filter writes it, without a formatter per call."""
    return f"{day.day}.{day.month}.{day.year}"


@register.filter
def task_when(task) -> str:
    """When a task is, as volunteering/includes/task_when.html says it, in one call for rows:
    the date filter's "D j.n.Y" for one day, "j.n.Y" for a span or the last day."""
    if task.starts_on:
        if task.starts_on == task.ends_on:
            days = f"{WEEKDAYS_ABBR[task.starts_on.weekday()]} {_day(task.starts_on)}"
        else:
            days = f"{_day(task.starts_on)}–{_day(task.ends_on)}"
    else:
        days = _("Ongoing, until %(day)s") % {"day": _day(task.ends_on)}
    return f"{days} · {task.time_text}" if task.time_text else days


@register.simple_tag
def task_cards(tasks) -> SafeString:
    """The public task list's cards, built in Python with the labels looked up once per page:
    the list shows twenty on every page, and a template per card costs more than the query."""
    # Every task page lies under the list's address; one reverse() instead of one per task.
    base = escape(reverse("volunteering:task_list"))
    categories = {value: escape(str(label)) for value, label in Task.Category.choices}
    suits = {
        value: f'<span class="tag">{escape(str(label))}</span>'
        for value, label in Task.Suits.choices
    }
    accessible_word = escape(_("Accessible"))
    accessible = f'<span class="tag">{accessible_word}</span>'
    cards = []
    for task in tasks:
        needed = ngettext(
            "%(counter)s person needed", "%(counter)s people needed", task.people_needed
        ) % {"counter": task.people_needed}
        tags = "".join(
            suits.get(value) or f'<span class="tag">{escape(value)}</span>' for value in task.suits
        )
        if task.is_accessible:
            tags += accessible
        area = f" · {escape(task.area)}" if task.area else ""
        category = categories.get(task.category) or escape(task.category)
        cards.append(
            f'<li class="card" data-testid="task-{task.pk}">\n'
            f'  <h3><a href="{base}{task.pk}/">{escape(task.title)}</a></h3>\n'
            f"  <p>{escape(task.association_name)}</p>\n"
            f"  <p>{escape(task_when(task))}</p>\n"
            f"  <p>{escape(task.place)}{area}</p>\n"
            f"  <p>{category} · {escape(needed)}</p>\n"
            + (f"  <p>{tags}</p>\n" if tags else "")
            + "</li>\n"
        )
    return mark_safe("".join(cards))  # noqa: S308 - every text is escaped above


def _card_lines(lines) -> str:
    return "".join(f"  {line}\n" for line in lines if line)


@register.simple_tag
def offer_cards(offers) -> SafeString:
    """The shared offers' cards, built in Python like the task cards."""
    base = reverse("volunteering:offer_list")
    kinds = {value: str(label) for value, label in Offer.Kind.choices}
    terms = {value: str(label) for value, label in Offer.Terms.choices}
    lapsed = _("Qualification lapsed")
    today = timezone.localdate()
    cards = []
    for offer in offers:
        expires = offer.qualification_expires_on
        validity = ""
        if expires is not None:
            validity = format_html(
                "<p>{}</p>",
                lapsed if expires < today else _("Valid until %(day)s") % {"day": _day(expires)},
            )
        cards.append(
            format_html(
                '<li class="card" data-testid="offer-{}">\n{}</li>\n',
                offer.pk,
                mark_safe(  # noqa: S308 - every part is escaped by format_html
                    _card_lines(
                        (
                            format_html(
                                '<h3><a href="{}{}/">{}</a></h3>', base, offer.pk, offer.title
                            ),
                            format_html("<p>{}</p>", offer.association.name),
                            format_html(
                                '<p><span class="tag">{}</span><span class="tag">{}</span>{}</p>',
                                kinds.get(offer.kind, offer.kind),
                                terms.get(offer.terms, offer.terms),
                                format_html(" {}", offer.price_text) if offer.price_text else "",
                            ),
                            validity,
                        )
                    )
                ),
            )
        )
    return mark_safe("".join(cards))  # noqa: S308 - every card is built by format_html


# The filter forms' fields rendered once per language, choices and filter values, in this process:
# the same inputs always render the same HTML, and a form of selects is the list's costliest part.
_FILTER_FIELDS: dict[tuple, SafeString] = {}
FILTER_FIELDS_KEPT = 256


@register.simple_tag
def filter_fields(form) -> SafeString:
    """The fields of a list's filter form, as includes/form.html renders them."""
    if form.is_bound and form.errors:
        # A form with errors says them; it is rare enough to render every time.
        return render_to_string("includes/form.html", {"form": form})
    choices = []
    for name, field in form.fields.items():
        if hasattr(field, "choices"):
            choices.append((name, tuple((str(v), str(label)) for v, label in field.choices)))
    data = form.data if form.is_bound else {}
    values = tuple(
        (name, tuple(data.getlist(name)) if hasattr(data, "getlist") else data.get(name))
        for name in form.fields
    )
    key = (type(form).__module__, type(form).__qualname__, get_language(), tuple(choices), values)
    html = _FILTER_FIELDS.get(key)
    if html is None:
        html = render_to_string("includes/form.html", {"form": form})
        if len(_FILTER_FIELDS) >= FILTER_FIELDS_KEPT:
            _FILTER_FIELDS.clear()
        _FILTER_FIELDS[key] = html
    return html
