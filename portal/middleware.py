import re

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from portal import roles

# Paths a staff user without a second factor may still open: setting one up, and logging out.
MFA_SETUP_PREFIXES = ("/accounts/", "/sv/accounts/", "/en/accounts/", "/static/", "/i18n/")
# Paths whose signed link is the right to open them; it was handed out on a page checked here.
SIGNED_LINK = re.compile(r"/valtuusto/tiedosto/[^/]+/")


class RequireStaffMFAMiddleware:
    """Municipal staff see many associations' personal data; they must log in with two factors.

    So must anyone the admin lets in (Django staff), whatever their roles.

    A staff user who has not set up an authenticator is sent to set one up before anything else.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if SIGNED_LINK.fullmatch(request.path):
            # Not even the user is loaded: serving such a link reads neither session nor database.
            return self.get_response(request)
        user = getattr(request, "user", None)
        if (
            settings.REQUIRE_STAFF_MFA
            and user is not None
            and user.is_authenticated
            and not request.path.startswith(MFA_SETUP_PREFIXES)
            and (user.is_staff or roles.is_municipal_staff(user))
            and not roles.has_authenticator(user)
        ):
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
