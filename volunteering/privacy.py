"""What volunteering holds on a person, for the export of their own data, and erasure."""

from django.db.models import Q
from django.utils.translation import gettext as _

from portal.models import User
from portal.privacy import Section, register, rows_of
from volunteering.models import Answer, Offer, ShareRequest, Task


def _answers_of(user: User):
    # A resident answers without an account: the answers sent from the account's address
    # are theirs as well.
    return Answer.objects.filter(Q(user=user) | Q(email__iexact=user.email))


def volunteering_data(user: User) -> list[Section]:
    """The person's answers to volunteer tasks, and what they posted and asked for."""
    return [
        rows_of(
            "volunteer_answers",
            _("Your answers to volunteer tasks"),
            _answers_of(user).order_by("created_at", "pk"),
            ["task__title", "name", "email", "phone", "message", "status", "created_at"],
        ),
        rows_of(
            "volunteer_tasks_posted",
            _("Volunteer tasks you posted"),
            Task.objects.filter(created_by=user).order_by("created_at", "pk"),
            ["title", "association__name", "ends_on", "created_at"],
        ),
        rows_of(
            "shared_offers_created",
            _("Offers you listed for other associations"),
            Offer.objects.filter(created_by=user).order_by("created_at", "pk"),
            ["title", "association__name", "created_at"],
        ),
        rows_of(
            "share_requests_sent",
            _("Requests you sent to other associations"),
            ShareRequest.objects.filter(requested_by=user).order_by("created_at", "pk"),
            ["offer__title", "association__name", "starts_on", "ends_on", "message", "status"],
        ),
    ]


def anonymise(user: User) -> None:
    """The person's answers are theirs alone: they are deleted; requests lose the message."""
    _answers_of(user).delete()
    ShareRequest.objects.filter(requested_by=user).update(message="")


register("volunteering", collect=volunteering_data, anonymise=anonymise)
