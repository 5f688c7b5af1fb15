import json
from functools import lru_cache, partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organizations import export
from organizations.forms import (
    AssociationProfileForm,
    AssociationRegistrationForm,
    MembershipRequestForm,
    RejectionForm,
)
from organizations.models import ActivityLanguage, Association, Membership
from organizations.permissions import (
    can_edit_association,
    can_export_register,
    can_manage_memberships,
    can_request_membership,
    can_see_private_contact,
    can_view_history,
)
from organizations.register import CACHE_SECONDS, RegisterPage
from organizations.services import (
    REGISTER,
    approve_membership,
    end_membership,
    export_register,
    pending_with_duplicates,
    register_association,
    register_version,
    reject_membership,
    request_membership,
    update_association_profile,
    verify_association,
)
from portal import roles
from portal.access_log import record_access
from portal.caching import cached_for_anonymous

# JSON inside <script> must not be able to close the element or open a comment.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def association_list(request):
    """The public register: facets, search, sorting; the results are a cached fragment."""
    return render(
        request,
        "organizations/association_list.html",
        {
            "register": RegisterPage(request.GET),
            "can_export": can_export_register(request.user),
            "can_register": request.user.is_authenticated,
        },
    )


def json_ld(association: Association, url: str) -> str:
    """schema.org NGO data about the association, safe to place inside a <script> element."""
    data = {
        "@context": "https://schema.org",
        "@type": "NGO",
        "name": association.name,
        "url": url,
        "description": association.purpose,
        "email": association.public_email,
        "telephone": association.public_phone,
        "foundingDate": str(association.founded_year or ""),
        "taxID": association.business_id,
        "address": {
            "@type": "PostalAddress",
            "addressLocality": association.domicile,
            "streetAddress": association.postal_address,
            "addressCountry": "FI",
        },
        "sameAs": [
            link
            for link in (
                association.website,
                association.facebook,
                association.instagram,
                association.other_social,
            )
            if link
        ],
    }
    if association.logo:
        data["logo"] = association.logo.url
    data = {key: value for key, value in data.items() if value}
    text = json.dumps(data, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)
    return mark_safe(text)  # noqa: S308  (escaped just above)


def language_names(association: Association) -> list[str]:
    return [
        str(ActivityLanguage(code).label)
        for code in association.languages
        if code in ActivityLanguage.values
    ]


def _association_for(user, slug: str) -> Association:
    """The association by its address, as the user may see it.

    For residents a listed association is cached until the register changes, so that the most
    visited pages cost no query.
    """
    if user.is_authenticated:
        associations = Association.objects.visible_to(user).defer("search_vector")
        return get_object_or_404(associations.with_tag_names(), slug=slug)
    # The names of the categories and target groups are in the reader's language.
    key = f"organizations:association:{register_version()}:{get_language()}:{slug}"
    association = cache.get(key)
    if association is None:
        association = get_object_or_404(_listed_with_tag_names(get_language()), slug=slug)
        cache.set(key, association, CACHE_SECONDS)
    return association


@lru_cache(maxsize=8)
def _listed_with_tag_names(language: str):
    """The listed associations with their tags' names in `language`: the expressions take a
    sixth of the page to put together, the same each time; the queryset is only ever cloned."""
    return Association.objects.listed().defer("search_vector").with_tag_names()


# A minute at most, as the coming events on it: one that has ended drops out.
@cached_for_anonymous(REGISTER, "organizations-association", 60)
def association_detail(request, slug):
    user = request.user
    association = _association_for(user, slug)
    represents = roles.represents(user, association)
    if can_see_private_contact(user, association) and not represents:
        record_access(request, what="organizations.association_contacts", target=association)
    return render(
        request,
        "organizations/association_detail.html",
        {
            "association": association,
            "version": register_version(),
            # Both are built only when the page's cached fragments have to be rendered again.
            "json_ld": partial(json_ld, association, request.build_absolute_uri()),
            "language_names": partial(language_names, association),
            "can_see_private": can_see_private_contact(user, association),
            "can_edit": can_edit_association(user, association),
            "can_view_history": can_view_history(user, association),
            "can_verify": can_manage_memberships(user) and not association.is_verified,
            "can_ask": can_request_membership(user) and not represents,
            "can_leave": represents,
        },
    )


@login_required
def association_edit(request, slug):
    association = get_object_or_404(Association, slug=slug)
    if not can_edit_association(request.user, association):
        raise PermissionDenied
    # The form works on a copy: ModelForm validation writes into its instance, and the service
    # compares the original with the new values to know what changed.
    form = AssociationProfileForm(
        request.POST or None,
        request.FILES or None,
        instance=Association.objects.get(pk=association.pk),
    )
    if request.method == "POST" and form.is_valid():
        try:
            update_association_profile(
                association=association, data=form.cleaned_data, by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The profile was saved."))
            return redirect(association)
    return render(
        request, "organizations/association_form.html", {"form": form, "association": association}
    )


@login_required
def association_history(request, slug):
    association = get_object_or_404(Association, slug=slug)
    if not can_view_history(request.user, association):
        raise PermissionDenied
    if not roles.represents(request.user, association):
        record_access(request, what="organizations.association_history", target=association)
    records = list(
        association.history.select_related("history_user").order_by("-history_date")[:100]
    )
    versions = []
    for newer, older in zip(records, [*records[1:], None], strict=True):
        changes = []
        if older is not None:
            for change in newer.diff_against(older).changes:
                field = Association._meta.get_field(change.field)
                label = getattr(field, "verbose_name", change.field)
                changes.append(
                    {"field": change.field, "label": label, "old": change.old, "new": change.new}
                )
        versions.append({"record": newer, "changes": changes, "created": older is None})
    return render(
        request,
        "organizations/association_history.html",
        {"association": association, "versions": versions},
    )


@login_required
@require_POST
def association_verify(request, slug):
    association = get_object_or_404(Association, slug=slug)
    if not can_manage_memberships(request.user):
        raise PermissionDenied
    verify_association(association=association, by=request.user)
    messages.success(request, _("The association was marked as verified."))
    return redirect(association)


@login_required
def membership_request(request, slug):
    """A signed-in user asks to represent an association."""
    association = get_object_or_404(Association.objects.listed(), slug=slug)
    form = MembershipRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            request_membership(
                user=request.user,
                association=association,
                role=form.cleaned_data["role"],
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Your request was sent. The liaison officer will let you know by e-mail."),
            )
            return redirect("portal:dashboard")
    return render(
        request,
        "organizations/membership_form.html",
        {"form": form, "association": association},
    )


@login_required
@require_POST
def membership_end(request, slug):
    """A representative stops acting for the association."""
    association = get_object_or_404(Association, slug=slug)
    membership = get_object_or_404(
        Membership.objects.approved(), user=request.user, association=association
    )
    end_membership(membership=membership, by=request.user)
    messages.success(
        request,
        _("You no longer represent %(association)s.") % {"association": association.name},
    )
    return redirect("portal:dashboard")


@login_required
def association_register(request):
    """A signed-in user adds an association that is not in the register yet."""
    form = AssociationRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            register_association(
                by=request.user,
                name=data.pop("name"),
                role=data.pop("role"),
                message=data.pop("message"),
                **data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "Thank you. The association appears in the register once the liaison "
                    "officer has approved it."
                ),
            )
            return redirect("portal:dashboard")
    return render(request, "organizations/association_register.html", {"form": form})


@login_required
def membership_queue(request):
    """The liaison officer's list of requests to represent an association."""
    if not can_manage_memberships(request.user):
        raise PermissionDenied
    pending = pending_with_duplicates(
        Membership.objects.pending()
        .select_related("user", "association")
        .order_by("requested_at", "pk")
    )
    if pending:
        record_access(
            request, what="organizations.membership_queue", people=[m.user_id for m in pending]
        )
    return render(request, "organizations/membership_queue.html", {"pending": pending})


def _pending_or_404(pk) -> Membership:
    return get_object_or_404(
        Membership.objects.pending().select_related("user", "association"), pk=pk
    )


@login_required
@require_POST
def membership_approve(request, pk):
    if not can_manage_memberships(request.user):
        raise PermissionDenied
    membership = _pending_or_404(pk)
    approve_membership(membership=membership, by=request.user)
    messages.success(
        request,
        _("%(user)s now represents %(association)s.")
        % {"user": membership.user, "association": membership.association},
    )
    return redirect("organizations:membership_queue")


@login_required
def membership_reject(request, pk):
    if not can_manage_memberships(request.user):
        raise PermissionDenied
    membership = _pending_or_404(pk)
    form = RejectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        reject_membership(membership=membership, by=request.user, reason=reason)
        messages.success(request, _("The request was rejected and the user was told why."))
        return redirect("organizations:membership_queue")
    return render(
        request, "organizations/membership_reject.html", {"form": form, "membership": membership}
    )


@login_required
def register_export(request, fmt):
    """The whole register with private contact details, for the liaison officer."""
    if not can_export_register(request.user):
        raise PermissionDenied
    if fmt not in export.FORMATS:
        raise Http404
    record_access(request, what=f"organizations.register_export_{fmt}")
    content, content_type = export_register(fmt=fmt, by=request.user)
    response = HttpResponse(content, content_type=content_type)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="yhdistysrekisteri-{stamp}.{fmt}"'
    return response
