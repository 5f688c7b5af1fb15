from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView

from portal import views

app_name = "portal"

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
    ],
    "portal",
)

urlpatterns = [
    path("api/v1/", include("organizations.api_urls")),
    path("api/v1/", include("grants.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("api/docs/", SpectacularRedocView.as_view(url_name="api_schema"), name="api_docs"),
    path("hello/", views.hello, name="hello"),
]
urlpatterns += i18n_patterns(
    path("", include(portal_patterns)),
    path("accounts/", include("allauth.urls")),
    path("yhdistykset/", include("organizations.urls")),
    path("avustukset/", include("grants.urls")),
    path("tilat/", include("facilities.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
