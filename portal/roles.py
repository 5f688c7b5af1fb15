"""Who is who: the one place that answers role questions about a user.

Permission predicates in each app's permissions.py ask these functions; views never look at
roles themselves. The answers are computed once per user object (that is, once per request).
"""

from dataclasses import dataclass

from django.db.models import BigIntegerField, Value

from portal.database import CompiledStatements
from portal.models import RoleGrant, Sector


@dataclass(frozen=True)
class Roles:
    is_authenticated: bool = False
    is_admin: bool = False
    grants: frozenset[tuple[str, str]] = frozenset()
    association_ids: frozenset[int] = frozenset()
    # Whether the user has set up a second factor (an authenticator app), which municipal
    # staff must have (portal.middleware): asked on every staff request, so read with the roles.
    has_authenticator: bool = False


ANONYMOUS = Roles()
# Not a role: marks the row that says the user has an authenticator app (roles_of).
TOTP = "#totp"


# The roles' SQL, compiled once per worker: every signed-in request reads it.
STATEMENTS = CompiledStatements(size=1, prepared=True)


def _roles_rows(user_id):
    """One query for the grants, the memberships and whether there is an authenticator app
    ("#totp" in the first column): (role, sector, association id) rows."""
    from allauth.mfa.models import Authenticator

    from organizations.models import Membership

    grants = RoleGrant.objects.filter(user_id=user_id).values_list(
        "role", "sector", Value(None, output_field=BigIntegerField())
    )
    memberships = (
        Membership.objects.approved()
        .filter(user_id=user_id)
        .order_by()
        .values_list(Value(""), Value(""), "association_id")
    )
    authenticators = Authenticator.objects.filter(
        user_id=user_id, type=Authenticator.Type.TOTP
    ).values_list(Value(TOTP), Value(""), Value(None, output_field=BigIntegerField()))
    return grants.union(memberships, authenticators, all=True)


def roles_of(user) -> Roles:
    """The user's roles, loaded with one query and cached on the user object."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_portal_roles", None)
    if cached is None:
        rows = STATEMENTS.rows("roles", _roles_rows, user.pk)
        cached = Roles(
            is_authenticated=True,
            is_admin=user.is_superuser,
            grants=frozenset(
                (role, sector) for role, sector, member_of in rows if role and role != TOTP
            ),
            association_ids=frozenset(member_of for _r, _s, member_of in rows if member_of),
            has_authenticator=any(role == TOTP for role, _s, _m in rows),
        )
        user._portal_roles = cached
    return cached


def forget(user) -> None:
    """Drop the cached roles after they change (e.g. a membership was approved)."""
    user.__dict__.pop("_portal_roles", None)


def has_authenticator(user) -> bool:
    """Whether the user logs in with a second factor (an authenticator app)."""
    return roles_of(user).has_authenticator


def _has(user, role: str) -> bool:
    return any(granted == role for granted, _sector in roles_of(user).grants)


def is_admin(user) -> bool:
    return roles_of(user).is_admin


def is_liaison_officer(user) -> bool:
    """The liaison officer runs the back-office; an admin may do all the officer may."""
    return is_admin(user) or _has(user, RoleGrant.Role.LIAISON_OFFICER)


def officer_sectors(user) -> set[str]:
    """The sectors whose officer the user is; the liaison officer counts for every sector."""
    if is_liaison_officer(user):
        return set(Sector.values)
    return {
        sector for role, sector in roles_of(user).grants if role == RoleGrant.Role.SECTOR_OFFICER
    }


def is_sector_officer(user, sector: str | None = None) -> bool:
    sectors = officer_sectors(user)
    return bool(sectors) if sector is None else sector in sectors


def is_association_agent(user) -> bool:
    return _has(user, RoleGrant.Role.ASSOCIATION_AGENT)


def is_council_member(user) -> bool:
    return is_liaison_officer(user) or _has(user, RoleGrant.Role.COUNCIL_MEMBER)


def is_municipal_staff(user) -> bool:
    """Staff roles see personal data of many associations, so they must use two factors."""
    return is_liaison_officer(user) or is_sector_officer(user)


def represented_association_ids(user) -> frozenset[int]:
    """The associations the user may act for through an approved membership."""
    return roles_of(user).association_ids


def represents(user, association) -> bool:
    association_id = getattr(association, "pk", association)
    return association_id in represented_association_ids(user)


def association_agents():
    """The portal's association agents, for a representative to choose from."""
    from portal.models import User

    return (
        User.objects.filter(is_active=True, role_grants__role=RoleGrant.Role.ASSOCIATION_AGENT)
        .distinct()
        .order_by("first_name", "last_name", "email")
    )
