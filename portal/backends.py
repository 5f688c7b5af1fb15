from django.contrib.auth.backends import BaseBackend

from portal import roles
from portal.models import RoleGrant, User

# Django's permissions and groups, the log-in addresses and the second factors stay with
# administrators: whoever may change a user's address or authenticator may take the account.
ADMINISTRATORS_ONLY = {"auth", "account", "mfa"}

# Roles are given and taken by administrators; the liaison officer may only see them.
ADMINISTRATORS_ONLY_PERMISSIONS = {
    "portal.add_rolegrant",
    "portal.change_rolegrant",
    "portal.delete_rolegrant",
}


def is_privileged(user: User) -> bool:
    """An administrator, Django staff, or someone with a municipal role.

    Inactive users count too: a deactivated administrator is still only an administrator's to
    change.
    """
    return user.is_staff or user.is_superuser or RoleGrant.objects.filter(user=user).exists()


class LiaisonOfficerPermissions(BaseBackend):
    """The liaison officer runs the back-office, so the admin lets them change the portal's data.

    The role comes from portal.roles, like every other permission in the portal; nobody has to
    keep Django's per-model permissions in step with it. Asked about a user object (as
    portal.admin.UserAdmin does), it refuses all but viewing for privileged users, so that the
    officer cannot take over or lock out an administrator or another officer.
    """

    def has_perm(self, user_obj, perm, obj=None):
        app_label, _dot, codename = perm.partition(".")
        if (
            app_label in ADMINISTRATORS_ONLY
            or perm in ADMINISTRATORS_ONLY_PERMISSIONS
            or not roles.is_liaison_officer(user_obj)
        ):
            return False
        if isinstance(obj, User) and not codename.startswith("view_"):
            return not is_privileged(obj)
        return True

    def has_module_perms(self, user_obj, app_label):
        return app_label not in ADMINISTRATORS_ONLY and roles.is_liaison_officer(user_obj)
