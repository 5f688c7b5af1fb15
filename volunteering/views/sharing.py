"""Representatives' pages for sharing: list offers, ask for another's, answer requests; and the
liaison officer's figures of the year."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import roles
from volunteering import permissions, reports, services
from volunteering.forms import OfferForm, ShareRequestForm, YearForm
from volunteering.models import Offer, ShareRequest

REQUEST_ROWS = ("offer", "offer__association", "association")


@login_required
def my_sharing(request):
    """Our offers, the requests that came to them, and the requests we sent."""
    ids = roles.represented_association_ids(request.user)
    offers = Offer.objects.filter(association__in=ids).select_related("association")
    incoming = ShareRequest.objects.filter(offer__association__in=ids).select_related(*REQUEST_ROWS)
    outgoing = (
        ShareRequest.objects.filter(association__in=ids)
        .exclude(offer__association__in=ids)
        .select_related(*REQUEST_ROWS)
    )
    return render(
        request,
        "volunteering/my_sharing.html",
        {
            "offers": offers.order_by("association__name", "title"),
            "incoming": incoming.order_by("-created_at", "-pk"),
            "outgoing": outgoing.order_by("-created_at", "-pk"),
            "can_post": permissions.can_post(request.user),
            "today": timezone.localdate(),
        },
    )


def _offer_form_page(request, form, offer=None):
    return render(
        request,
        "volunteering/offer_form.html",
        {"form": form, "offer": offer},
        status=400 if form.is_bound else 200,
    )


def _save_offer(request, form) -> Offer | None:
    try:
        return services.save_offer(offer=form.instance, by=request.user)
    except ValidationError as error:
        form.add_error(None, error)
        return None


@login_required
def offer_create(request):
    if not permissions.can_post(request.user):
        raise PermissionDenied
    form = OfferForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        offer = _save_offer(request, form)
        if offer is not None:
            messages.success(request, _("The offer is listed for the other associations."))
            return redirect(offer)
    return _offer_form_page(request, form)


@login_required
def offer_edit(request, pk):
    offer = get_object_or_404(Offer.objects.select_related("association"), pk=pk)
    if not permissions.can_manage_offer(request.user, offer) or not permissions.can_post_for(
        request.user, offer.association
    ):
        raise PermissionDenied
    form = OfferForm(request.POST or None, instance=offer, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = _save_offer(request, form)
        if saved is not None:
            messages.success(request, _("The offer was saved."))
            return redirect(saved)
    return _offer_form_page(request, form, offer)


@login_required
def offer_request(request, pk):
    """Ask for another association's offer on given days."""
    offer = get_object_or_404(Offer.objects.select_related("association"), pk=pk)
    if not permissions.can_view_offer(request.user, offer):
        raise PermissionDenied
    if not permissions.can_request_offer(request.user, offer):
        raise PermissionDenied
    form = ShareRequestForm(request.POST or None, user=request.user, offer=offer)
    if request.method == "POST" and form.is_valid():
        try:
            share_request = services.request_offer(
                offer=offer, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The request was sent. You see their contact details once they accept."),
            )
            return redirect(share_request)
    return render(
        request,
        "volunteering/offer_request.html",
        {"offer": offer, "form": form},
        status=400 if form.is_bound else 200,
    )


@login_required
def request_detail(request, pk):
    """Both associations see the request; contacts show only once the offering one accepts."""
    share_request = get_object_or_404(ShareRequest.objects.select_related(*REQUEST_ROWS), pk=pk)
    if not permissions.can_view_request(request.user, share_request):
        raise PermissionDenied
    can_decide = permissions.can_decide_request(request.user, share_request)
    if request.method == "POST":
        if not can_decide:
            raise PermissionDenied
        try:
            if "returned" in request.POST:
                services.mark_returned(share_request=share_request, by=request.user)
                messages.success(request, _("Marked as returned."))
            elif "accept" in request.POST or "decline" in request.POST:
                accept = "accept" in request.POST
                services.decide_request(share_request=share_request, accept=accept, by=request.user)
                messages.success(
                    request,
                    _("Accepted: the associations now see each other's contact details.")
                    if accept
                    else _("The request was declined and the association told."),
                )
            else:
                messages.error(request, _("Choose whether to accept or decline."))
        except ValidationError as error:
            messages.error(request, error.message)
        return redirect(share_request)
    offering = permissions.can_decide_request(request.user, share_request)
    contact = None
    if share_request.reveals_contact:
        # Each side sees the other's contact person.
        other = share_request.association if offering else share_request.offer.association
        contact = services.contact_of(other)
    return render(
        request,
        "volunteering/request_detail.html",
        {
            "share_request": share_request,
            "can_decide": can_decide,
            "offering": offering,
            "contact": contact,
        },
    )


@login_required
def sharing_figures(request):
    """The liaison officer's and the council's figures of volunteering and sharing in a year."""
    if not permissions.can_see_figures(request.user):
        raise PermissionDenied
    this_year = timezone.localdate().year
    form = YearForm(request.GET or None)
    status = 200
    year = this_year
    if form.is_bound:
        if form.is_valid():
            year = form.cleaned_data["vuosi"]
        else:
            status = 400
    else:
        form = YearForm(initial={"vuosi": this_year})
    return render(
        request,
        "volunteering/figures.html",
        {"form": form, "figures": reports.council_figures(year)},
        status=status,
    )
