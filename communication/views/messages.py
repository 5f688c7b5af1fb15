"""The liaison officer's messages to the associations, and the associations' archive of them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from communication import services
from communication.forms import MessageForm
from communication.models import Delivery, Message
from communication.permissions import can_read_message, can_send_messages
from portal import roles

PAGE_SIZE = 20
FAILURES_SHOWN = 200


def _officer_only(request) -> None:
    if not can_send_messages(request.user):
        raise PermissionDenied


@login_required
def message_list(request):
    """Every message, newest first, with how many mails were sent, failed and wait."""
    _officer_only(request)
    rows = Message.objects.annotate(
        sent=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.SENT)),
        failed=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.FAILED)),
        waiting=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.WAITING)),
    ).order_by("-created_at", "-pk")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "communication/message_list.html",
        {"page_obj": page, "message_list": page.object_list},
    )


def _form_page(request, form, message=None):
    return render(request, "communication/message_form.html", {"form": form, "message": message})


@login_required
def message_create(request):
    _officer_only(request)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            message = services.save_message(message=form.instance, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The message was saved. Check the recipients and send."))
            return redirect("communication:message_send", pk=message.pk)
    return _form_page(request, form)


@login_required
def message_edit(request, pk):
    _officer_only(request)
    message = get_object_or_404(Message, pk=pk)
    if message.status != Message.Status.DRAFT:
        messages.error(request, _("A message that was sent cannot be changed."))
        return redirect(message)
    form = MessageForm(request.POST or None, instance=message)
    if request.method == "POST" and form.is_valid():
        try:
            message = services.save_message(message=form.instance, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The message was saved. Check the recipients and send."))
            return redirect("communication:message_send", pk=message.pk)
    return _form_page(request, form, message)


@login_required
def message_send(request, pk):
    """Says whom the message goes to, in which languages, and asks before sending."""
    _officer_only(request)
    message = get_object_or_404(Message, pk=pk)
    if message.status != Message.Status.DRAFT:
        return redirect(message)
    if request.method == "POST":
        try:
            count = services.send_message(message=message, by=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(
                request,
                _("The message is being sent to %(count)s addresses.") % {"count": count},
            )
            return redirect(message)
    associations, contacts = services.recipients_of(message)
    written = [code for code, _subject, _body in _versions(message)]
    languages: dict[str, int] = {}
    for contact in contacts:
        language = contact.language if contact.language in written else "fi"
        languages[language] = languages.get(language, 0) + 1
    return render(
        request,
        "communication/message_send.html",
        {
            "message": message,
            "associations": associations,
            "address_count": len(contacts),
            "languages": sorted(languages.items()),
        },
    )


def _versions(message: Message) -> list[tuple[str, str, str]]:
    from django.conf import settings

    versions = []
    for code, _name in settings.LANGUAGES:
        language, subject, body = message.text_in(code)
        if language == code:
            versions.append((code, subject, body))
    return versions


def _progress_context(message: Message) -> dict:
    return {"message": message, "progress": services.progress_of(message)}


@login_required
def message_detail(request, pk):
    """The message, its progress (the page asks again every few seconds) and its failures."""
    _officer_only(request)
    message: Message = get_object_or_404(
        Message.objects.select_related("category", "grant_round"), pk=pk
    )
    failures = (
        message.deliveries.filter(status=Delivery.Status.FAILED)
        .select_related("association")
        .only("email", "error", "attempts", "association__name", "association__slug")
        .order_by("pk")[:FAILURES_SHOWN]
    )
    retrying = message.deliveries.filter(status=Delivery.Status.WAITING).exclude(error="")
    return render(
        request,
        "communication/message_detail.html",
        {
            **_progress_context(message),
            "versions": _versions(message),
            "failures": failures,
            "retrying": retrying.order_by("pk")[:FAILURES_SHOWN],
            "association_count": message.associations.count(),
        },
    )


@login_required
def message_progress(request, pk):
    """The progress part of the message page, for htmx to replace."""
    _officer_only(request)
    message = get_object_or_404(Message, pk=pk)
    return render(
        request, "communication/partials/message_progress.html", _progress_context(message)
    )


@login_required
def message_archive(request):
    """The messages sent to the associations the user represents (the officer: all sent)."""
    if can_send_messages(request.user):
        rows = Message.objects.exclude(status=Message.Status.DRAFT)
    else:
        ids = roles.represented_association_ids(request.user)
        if not ids:
            raise PermissionDenied
        rows = Message.objects.filter(associations__in=ids).exclude(status=Message.Status.DRAFT)
        rows = rows.distinct()
    rows = rows.only("pk", "subject", "subject_fi", "subject_sv", "subject_en", "sent_at")
    page = Paginator(rows.order_by("-sent_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "communication/message_archive.html",
        {"page_obj": page, "message_list": page.object_list},
    )


@login_required
def message_read(request, pk):
    message = get_object_or_404(Message, pk=pk)
    if not can_read_message(request.user, message):
        raise Http404
    return render(request, "communication/message_read.html", {"message": message})
