from csp.decorators import csp_update
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve
from drf_spectacular.views import SpectacularAPIView

from portal import council_views, privacy_views, views

portal_patterns = (
    [
        path("", views.home, name="home"),
        path("oma/", views.dashboard, name="dashboard"),
        path("yhdyshenkilo/", views.liaison_role, name="liaison_role"),
        path("yhdyshenkilo/muokkaa/", views.liaison_role_edit, name="liaison_role_edit"),
        path("sivut/uusi/", views.page_edit, name="page_create"),
        path("sivut/<slug:slug>/", views.page_detail, name="page_detail"),
        path("sivut/<slug:slug>/muokkaa/", views.page_edit, name="page_edit"),
        path("sivut/<slug:slug>/historia/", views.page_history, name="page_history"),
        path("valtuusto/", council_views.council_summary, name="council_summary"),
        # The versions' paths come first: a report's path would take them.
        path(
            "valtuusto/versiot/<int:pk>.pdf",
            council_views.council_report_pdf,
            name="council_report_pdf",
        ),
        path(
            "valtuusto/versiot/<int:pk>/",
            council_views.council_report_html,
            name="council_report_html",
        ),
        path(
            "valtuusto/versiot/<int:pk>/julkaise/",
            council_views.council_report_publish,
            name="council_report_publish",
        ),
        path(
            "valtuusto/<slug:kind>/<slug:key>/",
            council_views.council_report,
            name="council_report",
        ),
        path(
            "valtuusto/<slug:kind>/<slug:key>/esikatselu/",
            council_views.council_report_preview,
            name="council_report_preview",
        ),
        path("oma/tietoni/", privacy_views.privacy_export, name="privacy_export"),
        path("oma/tietoni.json", privacy_views.privacy_export_json, name="privacy_export_json"),
        path("oma/poista-tili/", privacy_views.erasure_request, name="erasure_request"),
        path("poistopyynnot/", privacy_views.erasure_request_list, name="erasure_request_list"),
        path(
            "poistopyynnot/<int:pk>/",
            privacy_views.erasure_request_decide,
            name="erasure_request_decide",
        ),
    ],
    "portal",
)

handler400 = views.bad_request
handler403 = views.permission_denied
handler404 = views.page_not_found
handler500 = views.server_error

urlpatterns = [
    path("api/v1/", include("organizations.api_urls")),
    path("api/v1/", include("grants.api_urls")),
    path("api/v1/", include("events.api_urls")),
    path("api/v1/", include("facilities.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path(
        "api/docs/",
        # Redoc styles its markup with inline <style> elements and searches in a blob worker;
        # its scripts are the portal's own files, so script-src stays 'self'.
        csp_update({"style-src": ["'unsafe-inline'"], "worker-src": ["blob:"]})(
            views.ApiDocsView.as_view(url_name="api_schema")
        ),
        name="api_docs",
    ),
    path("hello/", views.hello, name="hello"),
    # A council report's PDF by signed link: one address in every language, no session needed.
    path(
        "valtuusto/tiedosto/<str:token>/",
        council_views.council_report_file,
        name="council_report_file",
    ),
    path("favicon.ico", views.favicon, name="favicon"),
]
urlpatterns += i18n_patterns(
    path("", include(portal_patterns)),
    path("accounts/", include("allauth.urls")),
    path("yhdistykset/", include("organizations.urls")),
    path("avustukset/", include("grants.urls")),
    path("tilat/", include("facilities.urls")),
    path("tapahtumat/", include("events.urls")),
    path("vuosikello/", include("events.cycle_urls")),
    path("hyvinvointi/", include("wellbeing.urls")),
    # News at uutiset/, messages at viestit/, subscriptions at tilaukset/.
    path("", include("communication.urls")),
    # Volunteer tasks at vapaaehtoistyo/, what associations lend each other at jaettavaa/.
    path("", include("volunteering.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)
# Public uploads (logos, photos) are few and small; a reverse proxy in front may serve
# MEDIA_ROOT itself instead. Private files never live here: they are served by views that check.
urlpatterns += [
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
]
