"""Who may do what with volunteer tasks and shared offers. Views ask these; role questions go
to portal.roles.

Representatives of an association that the liaison officer has verified and that is listed in
the register post tasks and offers for it. The answers to a task, and the requests to an offer,
are seen only by the representatives of the associations concerned. The liaison officer sees
the figures, not the people.
"""

from django.db.models import QuerySet

from organizations.models import Association
from portal import roles
from volunteering.models import Answer, Offer, ShareRequest, Task


def posting_associations(user) -> QuerySet[Association]:
    """The verified, listed associations the user may post tasks and offers for."""
    return Association.objects.filter(
        pk__in=roles.represented_association_ids(user), is_listed=True, is_verified=True
    ).order_by("name")


def can_post_for(user, association: Association) -> bool:
    return roles.represents(user, association) and association.is_listed and association.is_verified


def can_post(user) -> bool:
    return posting_associations(user).exists()


def can_manage_task(user, task: Task) -> bool:
    """The association's representatives change the task and read its answers."""
    return roles.represents(user, task.association_id)


def can_view_task(user, task: Task) -> bool:
    return task.is_open or can_manage_task(user, task)


def can_answer_task(task: Task) -> bool:
    """Anyone may answer an open task, without an account."""
    return task.is_open


def can_decide_answer(user, answer: Answer) -> bool:
    return can_manage_task(user, answer.task) and answer.status == Answer.Status.PENDING


def can_manage_offer(user, offer: Offer) -> bool:
    return roles.represents(user, offer.association_id)


def can_view_offer(user, offer: Offer) -> bool:
    public = offer.is_active and offer.association.is_listed and offer.association.is_verified
    return public or can_manage_offer(user, offer)


def requesting_associations(user, offer: Offer) -> QuerySet[Association]:
    """The user's verified associations that may ask for the offer: not the offering one."""
    return posting_associations(user).exclude(pk=offer.association_id)


def can_request_offer(user, offer: Offer) -> bool:
    return offer.is_active and requesting_associations(user, offer).exists()


def can_view_request(user, share_request: ShareRequest) -> bool:
    return roles.represents(user, share_request.association_id) or roles.represents(
        user, share_request.offer.association_id
    )


def can_decide_request(user, share_request: ShareRequest) -> bool:
    """The offering association answers a request and marks what was lent returned."""
    return roles.represents(user, share_request.offer.association_id)


def can_see_figures(user) -> bool:
    return roles.is_liaison_officer(user) or roles.is_council_member(user)
