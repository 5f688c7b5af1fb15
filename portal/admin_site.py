from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal import roles


class PortalAdminSite(admin.AdminSite):
    """The back-office's admin: for the liaison officer and administrators.

    Its own password form is never used: log-in goes through the portal's, which asks for the
    second factor and limits failed attempts.
    """

    site_header = _("Associations' portal: administration")
    site_title = _("Administration")

    def has_permission(self, request):
        user = request.user
        return user.is_active and (user.is_staff or roles.is_liaison_officer(user))

    def login(self, request, extra_context=None):
        if request.user.is_authenticated:
            if self.has_permission(request):
                return redirect("admin:index")
            raise PermissionDenied
        return redirect_to_login(
            request.GET.get("next") or reverse("admin:index"), settings.LOGIN_URL
        )
