"""Who may do what in the association register; views and services ask these, never roles."""

from portal import roles


def can_edit_association(user, association) -> bool:
    """The association's own representatives and the liaison officer."""
    return roles.represents(user, association) or roles.is_liaison_officer(user)


def can_see_private_contact(user, association) -> bool:
    """The association's representatives, municipal staff (liaison and sector officers) and
    the association agents, who contact associations to help them; others' reads are logged."""
    return (
        roles.represents(user, association)
        or roles.is_municipal_staff(user)
        or roles.is_association_agent(user)
    )


def can_manage_memberships(user) -> bool:
    """Approving and rejecting representatives, verifying associations: the liaison officer."""
    return roles.is_liaison_officer(user)


def can_export_register(user) -> bool:
    """The export carries private contact details of every association."""
    return roles.is_liaison_officer(user)


def can_view_history(user, association) -> bool:
    return roles.is_liaison_officer(user)


def can_request_membership(user) -> bool:
    return bool(user.is_authenticated)
