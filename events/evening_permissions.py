"""Who may do what with association evenings and the annual cycle; role questions go to
portal.roles.

The liaison officer convenes the evenings and keeps the annual cycle; a representative answers
the invitations of the associations they represent.
"""

from events.models import EveningInvitation
from portal import roles


def can_manage_evenings(user) -> bool:
    return roles.is_liaison_officer(user)


def can_manage_cycle(user) -> bool:
    return roles.is_liaison_officer(user)


def can_view_invitation(user, invitation: EveningInvitation) -> bool:
    return can_manage_evenings(user) or roles.represents(user, invitation.association_id)


def can_answer(user, invitation: EveningInvitation) -> bool:
    """A representative of the invited association answers, until the evening starts."""
    return roles.represents(user, invitation.association_id) and not (
        invitation.evening.has_started
    )
