"""Representatives' and the liaison officer's pages: enter, change, cancel and moderate."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from events import feeds, services
from events.forms import EventForm, ReturnForm
from events.models import Event, EventSettings, day_span
from events.permissions import (
    can_cancel_event,
    can_create_event,
    can_decide_event,
    can_edit_event,
    can_moderate_events,
    publishing_associations,
)
from portal import roles

SAVE_ANYWAY = "save_anyway"
DRAFT = "draft"


@login_required
def my_events(request):
    """The events of the user's associations, newest first, with what the officer said."""
    ids = roles.represented_association_ids(request.user)
    events = (
        Event.objects.filter(organisers__in=ids).distinct().with_list_data().order_by("-starts_at")
    )
    return render(
        request,
        "events/my_events.html",
        {
            "events": events,
            "can_create": can_create_event(request.user),
            "associations": publishing_associations(request.user),
        },
    )


def _save(request, form: EventForm, *, creating: bool):
    """Save through the services, or show the form again with the clashes or the refusal."""
    clashes = form.clashes()
    if clashes and SAVE_ANYWAY not in request.POST:
        return None, clashes
    organisers = list(form.cleaned_data["organisers"])
    save = services.submit_event if creating else services.update_event
    try:
        event = save(
            event=form.instance, organisers=organisers, by=request.user, draft=DRAFT in request.POST
        )
    except ValidationError as error:
        form.add_error(None, error)
        return None, []
    return event, []


def _saved_message(request, event: Event) -> None:
    texts: dict[str, str] = {
        Event.Status.DRAFT: _("The event was saved as a draft."),
        Event.Status.PENDING: _("The event was sent to the liaison officer for publishing."),
        Event.Status.PUBLISHED: _("The event is published in the calendar."),
    }
    messages.success(request, texts.get(event.status, _("The event was saved.")))


def _form_page(request, form, *, event=None, clashes=(), status=200):
    return render(
        request,
        "events/event_form.html",
        {
            "form": form,
            "event": event,
            "clashes": clashes,
            "threshold": EventSettings.load().big_event_threshold,
            "save_anyway": SAVE_ANYWAY,
            "image_lost": bool(clashes and request.FILES),
        },
        status=status,
    )


@login_required
def event_create(request):
    if not can_create_event(request.user):
        raise PermissionDenied
    form = EventForm(request.POST or None, request.FILES or None, user=request.user)
    clashes: list[Event] = []
    if request.method == "POST" and form.is_valid():
        event, clashes = _save(request, form, creating=True)
        if event is not None:
            _saved_message(request, event)
            return redirect("events:my_events" if not can_moderate_events(request.user) else event)
    return _form_page(request, form, clashes=clashes)


@login_required
def event_edit(request, pk):
    event = get_object_or_404(Event.objects.visible_to(request.user), pk=pk)
    if not can_edit_event(request.user, event):
        raise PermissionDenied
    form = EventForm(request.POST or None, request.FILES or None, instance=event, user=request.user)
    clashes: list[Event] = []
    if request.method == "POST" and form.is_valid():
        saved, clashes = _save(request, form, creating=False)
        if saved is not None:
            _saved_message(request, saved)
            return redirect(saved)
    return _form_page(request, form, event=event, clashes=clashes)


@login_required
def event_cancel(request, pk):
    """Asks first, saying what cancelling does; the POST cancels."""
    event = get_object_or_404(Event.objects.visible_to(request.user), pk=pk)
    if not can_cancel_event(request.user, event):
        raise PermissionDenied
    if request.method == "POST":
        try:
            services.cancel_event(event=event, by=request.user)
        except ValidationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The event was cancelled."))
        return redirect(event)
    return render(request, "events/event_cancel.html", {"event": event})


@login_required
def moderation_queue(request):
    """Events waiting for the officer, oldest first, each with the big events on its days."""
    if not can_moderate_events(request.user):
        raise PermissionDenied
    pending = list(
        Event.objects.filter(status=Event.Status.PENDING).with_list_data().order_by("created_at")
    )
    big = [event for event in pending if event.is_big]
    clashes: dict[int, list] = {event.pk: [] for event in pending}
    if big:
        # One query for the clashes of the whole queue, sorted out per event below.
        candidates = list(
            Event.objects.filter(status=Event.Status.PUBLISHED, is_big=True)
            .filter(_day_window(big))
            .with_list_data()
        )
        for event in big:
            clashes[event.pk] = _same_days(event, candidates)
        for pk, imported in feeds.imported_clashes(big).items():
            clashes[pk] += imported
    rows = [(event, clashes[event.pk]) for event in pending]
    return render(
        request,
        "events/moderation_queue.html",
        {"rows": rows, "return_form": ReturnForm()},
    )


def _day_window(events) -> Q:
    window = Q()
    for event in events:
        first, last = day_span(event.starts_at, event.ends_at)
        window |= Q(starts_at__lt=last, ends_at__gt=first)
    return window


def _same_days(event: Event, candidates: list[Event]) -> list[Event]:
    first, last = day_span(event.starts_at, event.ends_at)
    return [
        other
        for other in candidates
        if other.pk != event.pk and other.starts_at < last and other.ends_at > first
    ]


@login_required
def event_decide(request, pk):
    """Publish, or return with a reason the association sees in its list."""
    event = get_object_or_404(Event.objects.with_list_data(), pk=pk)
    if not can_moderate_events(request.user):
        raise PermissionDenied
    if not can_decide_event(request.user, event):
        messages.error(request, _("The event is no longer waiting for moderation."))
        return redirect("events:moderation_queue")
    return_form = ReturnForm(request.POST if "return" in request.POST else None)
    if request.method == "POST":
        try:
            if "publish" in request.POST:
                services.publish_event(event=event, by=request.user)
                messages.success(request, _("The event is published."))
                return redirect("events:moderation_queue")
            if return_form.is_valid():
                services.return_event(
                    event=event, reason=return_form.cleaned_data["reason"], by=request.user
                )
                messages.success(request, _("The event was returned to the association."))
                return redirect("events:moderation_queue")
        except ValidationError as error:
            messages.error(request, error.message)
            return redirect("events:moderation_queue")
    clashes: list = list(
        Event.objects.clashing_with(event.starts_at, event.ends_at, exclude_pk=event.pk)
    )
    clashes += feeds.imported_clashing_with(event.starts_at, event.ends_at)
    return render(
        request,
        "events/event_decide.html",
        {"event": event, "clashes": clashes if event.is_big else [], "return_form": return_form},
        status=400 if return_form.is_bound else 200,
    )
