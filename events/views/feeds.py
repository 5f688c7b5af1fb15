"""The liaison officer's pages for neighbouring municipalities' calendar feeds."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events import feeds
from events.forms import ExternalFeedForm
from events.models import ExternalFeed
from events.permissions import can_manage_feeds

COMING_SHOWN = 10


def _officer_only(request) -> None:
    if not can_manage_feeds(request.user):
        raise PermissionDenied


@login_required
def feed_list(request):
    """Every feed with its latest import or error, and how many events it holds."""
    _officer_only(request)
    rows = ExternalFeed.objects.annotate(
        current=Count("events", filter=Q(events__is_removed=False))
    ).order_by("municipality", "name")
    return render(request, "events/feed_list.html", {"feeds": rows})


def _save(request, form):
    try:
        feed = feeds.save_feed(feed=form.instance, by=request.user)
    except ValidationError as error:
        form.add_error(None, error)
        return None
    return feed


@login_required
def feed_create(request):
    _officer_only(request)
    form = ExternalFeedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        feed = _save(request, form)
        if feed is not None:
            result = feeds.refresh_feed(feed=feed)
            _import_message(request, feed, result)
            return redirect(feed)
    return render(request, "events/feed_form.html", {"form": form, "feed": None})


@login_required
def feed_edit(request, pk):
    """The feed's settings, its latest import or error, and its coming events."""
    _officer_only(request)
    feed = get_object_or_404(ExternalFeed, pk=pk)
    form = ExternalFeedForm(request.POST or None, instance=feed)
    if request.method == "POST" and form.is_valid() and _save(request, form) is not None:
        messages.success(request, _("The calendar feed was saved."))
        return redirect(feed)
    coming = feed.events.current().filter(ends_at__gt=timezone.now()).order_by("starts_at")
    return render(
        request,
        "events/feed_form.html",
        {
            "form": form,
            "feed": feed,
            "coming": list(coming[:COMING_SHOWN]),
            "current_count": feed.events.current().count(),
        },
    )


def _import_message(request, feed, result) -> None:
    if result is None:
        messages.error(
            request,
            _(
                "The calendar could not be imported: %(error)s Events imported earlier were "
                "left as they were."
            )
            % {"error": feed.last_error},
        )
    else:
        messages.success(
            request,
            _("Imported: %(created)s new, %(updated)s changed, %(removed)s removed.")
            % vars(result),
        )


@login_required
@require_POST
def feed_import(request, pk):
    """Import the feed now instead of waiting for the hourly import."""
    _officer_only(request)
    feed = get_object_or_404(ExternalFeed, pk=pk)
    _import_message(request, feed, feeds.refresh_feed(feed=feed))
    return redirect(feed)


@login_required
def feed_delete(request, pk):
    """Asks first, saying what removing does; the POST removes."""
    _officer_only(request)
    feed = get_object_or_404(ExternalFeed, pk=pk)
    if request.method == "POST":
        feeds.delete_feed(feed=feed, by=request.user)
        messages.success(request, _("The calendar feed and its events were removed."))
        return redirect("events:feed_list")
    return render(
        request,
        "events/feed_confirm_delete.html",
        {"feed": feed, "current_count": feed.events.current().count()},
    )
