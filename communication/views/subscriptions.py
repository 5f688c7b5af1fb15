"""Residents' e-mail subscriptions: ask, confirm through the mailed link, leave in one click."""

from typing import Any

from allauth.account.adapter import get_adapter
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from communication import services
from communication.forms import SubscribeForm
from communication.models import Subscriber, Subscription
from communication.permissions import can_see_subscriber_addresses, can_see_subscription_counts
from events.models import Event
from portal.models import Sector


def subscribe(request):
    form = SubscribeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.request_subscription(
                email=data["email"],
                language=data["language"],
                sectors=data["sectors"],
                categories=data["categories"],
                news=data["news"],
                client_address=get_adapter().get_client_ip(request),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("communication:subscribe_sent")
    status = 400 if form.errors else 200
    return render(request, "communication/subscribe.html", {"form": form}, status=status)


def subscribe_sent(request):
    return render(request, "communication/subscribe_sent.html")


def subscription_confirm(request, token):
    """The link in the confirmation mail opens a page with one button; the POST confirms, so
    that a mail scanner following the link does not confirm for the person."""
    if request.method == "POST":
        try:
            subscriber = services.confirm_subscription(token=token)
        except ValidationError as error:
            return render(
                request, "communication/subscription_invalid.html", {"error": error}, status=400
            )
        return render(
            request,
            "communication/subscription_confirmed.html",
            {
                "subscriber": subscriber,
                "unsubscribe_token": services.unsubscribe_token(subscriber),
            },
        )
    return render(request, "communication/subscription_confirm.html", {"token": token})


@csrf_exempt
def unsubscribe(request, token):
    """One click: the page's button, or the mail program's RFC 8058 POST, which has no CSRF
    token; the signed link is what proves the right to unsubscribe."""
    try:
        subscriber = services.subscriber_for_unsubscribe(token)
    except ValidationError as error:
        return render(
            request, "communication/subscription_invalid.html", {"error": error}, status=400
        )
    if request.method == "POST":
        services.unsubscribe(token=token)
        if request.POST.get("List-Unsubscribe") == "One-Click":
            return HttpResponse(_("Unsubscribed."), content_type="text/plain; charset=utf-8")
        return render(request, "communication/unsubscribed.html")
    return render(
        request,
        "communication/unsubscribe.html",
        {"token": token, "subscriber": subscriber},
    )


@login_required
def subscription_counts(request):
    """How many confirmed subscribers each topic has; addresses only for those allowed."""
    if not can_see_subscription_counts(request.user):
        raise PermissionDenied
    labels: dict[str, dict[str, Any]] = {
        Subscription.Topic.GRANT_ROUNDS: dict(Sector.choices),
        Subscription.Topic.EVENTS: dict(Event.Category.choices),
        Subscription.Topic.NEWS: {"": ""},
    }
    rows = [
        {
            "topic": Subscription.Topic(row["topic"]).label,
            "key": labels.get(row["topic"], {}).get(row["key"], row["key"]),
            "count": row["count"],
        }
        for row in services.subscription_counts()
    ]
    return render(
        request,
        "communication/subscription_counts.html",
        {
            "rows": rows,
            "subscriber_count": Subscriber.objects.filter(subscriptions__confirmed_at__isnull=False)
            .distinct()
            .count(),
            "can_see_addresses": can_see_subscriber_addresses(request.user),
        },
    )
