"""Who may do what with events, association evenings and the annual cycle. Views ask these;
role questions go to portal.roles.

Representatives publish for associations they represent once the association is listed in the
municipality's register; the liaison officer moderates and may publish the municipality's own.
The liaison officer convenes the evenings and keeps the annual cycle; a representative answers
the invitations of the associations they represent.
"""

from events.models import EveningInvitation, Event
from organizations.models import Association
from portal import roles


def can_moderate_events(user) -> bool:
    return roles.is_liaison_officer(user)


def can_publish_for(user, association: Association) -> bool:
    return roles.represents(user, association) and association.is_listed


def publishing_associations(user):
    """The associations the user may enter events for, as a queryset."""
    return Association.objects.filter(
        pk__in=roles.represented_association_ids(user), is_listed=True
    ).order_by("name")


def can_create_event(user) -> bool:
    return can_moderate_events(user) or publishing_associations(user).exists()


def _acts_for_organiser(user, event: Event) -> bool:
    return any(can_publish_for(user, association) for association in event.organisers.all())


def can_edit_event(user, event: Event) -> bool:
    if event.status == Event.Status.CANCELLED:
        return False
    return can_moderate_events(user) or _acts_for_organiser(user, event)


def can_cancel_event(user, event: Event) -> bool:
    return can_edit_event(user, event)


def can_view_event(user, event: Event) -> bool:
    return event.is_public or can_moderate_events(user) or _acts_for_organiser(user, event)


def can_decide_event(user, event: Event) -> bool:
    return event.status == Event.Status.PENDING and can_moderate_events(user)


def can_manage_feeds(user) -> bool:
    """Neighbouring municipalities' calendars are the liaison officer's to add and follow."""
    return roles.is_liaison_officer(user)


def can_manage_evenings(user) -> bool:
    return roles.is_liaison_officer(user)


def can_view_planned_evenings(user) -> bool:
    """Evenings not yet announced: the officer, and the association agents who help prepare
    them (read only: they edit nothing and see no answers)."""
    return can_manage_evenings(user) or roles.is_association_agent(user)


def can_manage_cycle(user) -> bool:
    return roles.is_liaison_officer(user)


def can_view_invitation(user, invitation: EveningInvitation) -> bool:
    return can_manage_evenings(user) or roles.represents(user, invitation.association_id)


def can_answer(user, invitation: EveningInvitation) -> bool:
    """A representative of the invited association answers, until the evening starts."""
    return roles.represents(user, invitation.association_id) and not (
        invitation.evening.has_started
    )
