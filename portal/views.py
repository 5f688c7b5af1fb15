from functools import cache

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.templatetags.static import static
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import defaults
from drf_spectacular.views import SpectacularRedocView
from rest_framework.exceptions import APIException, NotFound, ParseError
from rest_framework.exceptions import PermissionDenied as DRFPermissionDenied

from portal import audit, roles
from portal.caching import HOME_PREFIX, HOME_SECONDS, HOME_VERSION, cached_for_anonymous
from portal.database import CompiledStatements
from portal.forms import ContentPageForm, LiaisonRoleForm
from portal.models import ContentPage, LiaisonRole, SectorContact
from portal.permissions import can_edit_municipal_pages

# Apps whose info-hub section (<app>/includes/hub_section.html) the home page shows, in order.
HUB_SECTION_APPS = [
    "organizations",
    "grants",
    "facilities",
    "events",
    "wellbeing",
    "communication",
    "volunteering",
]


@cache
def hub_section_templates() -> tuple[str, ...]:
    """The hub sections of the apps that have one; an app without one is simply left out."""
    found = []
    for app in HUB_SECTION_APPS:
        name = f"{app}/includes/hub_section.html"
        try:
            get_template(name)
        except TemplateDoesNotExist:
            continue
        found.append(name)
    return tuple(found)


# The home page's own rows, with SQL compiled once per worker: putting the querysets together
# cost more than their queries (portal.database.CompiledStatements).
HOME = CompiledStatements(size=8, prepared=True)


def _published_pages():
    return ContentPage.objects.filter(is_published=True).only("slug", "title", "summary", "section")


@cached_for_anonymous(HOME_VERSION, HOME_PREFIX, HOME_SECONDS)
def home(request):
    """The info hub: everything about associations in the municipality, in one place."""
    # In the order of their sections, then by title in the visitor's language.
    pages = HOME.instances(("pages", get_language()), _published_pages, ContentPage)
    liaison = HOME.instances("liaison", lambda: LiaisonRole.objects.order_by("pk")[:1], LiaisonRole)
    return render(
        request,
        "portal/home.html",
        {
            "hub_sections": hub_section_templates(),
            "liaison": liaison[0] if liaison else None,
            "pages": pages,
        },
    )


def liaison_role(request):
    """The liaison officer's published role: duties, working time, mandate, contacts."""
    return render(
        request,
        "portal/liaison_role.html",
        {
            "liaison": LiaisonRole.objects.first(),
            "sector_contacts": SectorContact.objects.all(),
            "can_edit": can_edit_municipal_pages(request.user),
        },
    )


@login_required
def liaison_role_edit(request):
    if not can_edit_municipal_pages(request.user):
        raise PermissionDenied
    liaison = LiaisonRole.objects.first()
    form = LiaisonRoleForm(request.POST or None, instance=liaison)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            liaison = form.save()
            audit.record(
                actor=request.user,
                action="portal.liaison_role_updated",
                target=liaison,
                fields=form.changed_data,
            )
        messages.success(request, _("The liaison officer's role was saved."))
        return redirect("portal:liaison_role")
    return render(request, "portal/liaisonrole_form.html", {"form": form})


def page_detail(request, slug):
    pages = ContentPage.objects.all()
    if not can_edit_municipal_pages(request.user):
        pages = pages.filter(is_published=True)
    page: ContentPage = get_object_or_404(pages, slug=slug)
    return render(
        request,
        "portal/contentpage_detail.html",
        {"page": page, "can_edit": can_edit_municipal_pages(request.user)},
    )


@login_required
def page_edit(request, slug=None):
    """Create a content page (no slug) or edit one; every save is kept in the page's history."""
    if not can_edit_municipal_pages(request.user):
        raise PermissionDenied
    page: ContentPage | None = get_object_or_404(ContentPage, slug=slug) if slug else None
    form = ContentPageForm(request.POST or None, instance=page)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            page = form.save()
            audit.record(
                actor=request.user,
                action="portal.page_saved",
                target=page,
                fields=form.changed_data,
            )
        messages.success(request, _("The page was saved."))
        return redirect(page)
    return render(request, "portal/contentpage_form.html", {"form": form, "page": page})


@login_required
def page_history(request, slug):
    if not can_edit_municipal_pages(request.user):
        raise PermissionDenied
    page = get_object_or_404(ContentPage, slug=slug)
    versions = page.history.select_related("history_user").order_by("-history_date")
    return render(request, "portal/contentpage_history.html", {"page": page, "versions": versions})


# The dashboard's own query, compiled once per worker: each section of the page keeps its
# own statements in its app (portal.database.CompiledStatements).
DASHBOARD = CompiledStatements(size=1, prepared=True)


def _memberships(user_id):
    from organizations.models import Membership

    return (
        Membership.objects.filter(user_id=user_id)
        .exclude(status=Membership.Status.ENDED)
        .select_related("association")
    )


@login_required
def dashboard(request):
    """The signed-in user's start page: their associations and the work waiting for them."""
    memberships = DASHBOARD.objects("memberships", _memberships, request.user.pk)
    return render(
        request,
        "portal/dashboard.html",
        {
            "memberships": memberships,
            "is_liaison_officer": roles.is_liaison_officer(request.user),
            "officer_sectors": roles.officer_sectors(request.user),
            "is_council_member": roles.is_council_member(request.user),
        },
    )


def hello(request):
    """A bare view: the benchmarks' yardstick for what the framework costs."""
    return HttpResponse("hello", content_type="text/plain")


class ApiDocsView(SpectacularRedocView):
    """The open API's documentation, which Redoc renders in the browser from the schema."""

    template_name = "portal/api_docs.html"


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def bad_request(request, exception):
    """A request the portal cannot read: the portal's page, or the API's error shape."""
    if _is_api(request):
        return JsonResponse({"detail": str(ParseError.default_detail)}, status=400)
    return defaults.bad_request(request, exception)


def permission_denied(request, exception):
    """A page the user may not see: the portal's page says why and how to go on."""
    if _is_api(request):
        return JsonResponse({"detail": str(DRFPermissionDenied.default_detail)}, status=403)
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception):
    """Addresses under /api/ answer in the API's own error shape, whichever part missed."""
    if _is_api(request):
        return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    """The error page, rendered without the database or the request's context processors.

    Whatever broke may be the database itself, so 500.html gets only what settings know.
    """
    if _is_api(request):
        return JsonResponse({"detail": str(APIException.default_detail)}, status=500)
    try:
        template = get_template("500.html")
    except TemplateDoesNotExist:
        return defaults.server_error(request)
    html = template.render({"MUNICIPALITY_NAME": settings.MUNICIPALITY_NAME})
    return HttpResponseServerError(html)


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page's head says."""
    return redirect(static("img/favicon.ico"), permanent=True)
