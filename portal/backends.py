from django.contrib.auth.backends import BaseBackend

from portal import roles

# Permissions and groups of Django itself stay with administrators.
ADMINISTRATORS_ONLY = {"auth"}


class LiaisonOfficerPermissions(BaseBackend):
    """The liaison officer runs the back-office, so the admin lets them change the portal's data.

    The role comes from portal.roles, like every other permission in the portal; nobody has to
    keep Django's per-model permissions in step with it.
    """

    def has_perm(self, user_obj, perm, obj=None):
        app_label = perm.split(".", 1)[0]
        return app_label not in ADMINISTRATORS_ONLY and roles.is_liaison_officer(user_obj)

    def has_module_perms(self, user_obj, app_label):
        return app_label not in ADMINISTRATORS_ONLY and roles.is_liaison_officer(user_obj)
