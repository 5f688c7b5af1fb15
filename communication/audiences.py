"""Who a message to the associations goes to: the associations, then their contact addresses.

The register knows nothing of this app; the audiences read grants and the wellbeing survey
here. The survey is looked up by name, so that a portal without it still sends the rest.
"""

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import Exists, OuterRef, Q, QuerySet

from communication.models import Message
from organizations.models import Association, Membership


def survey_response_model():
    """wellbeing.SurveyResponse, or None while the portal has no yearly survey."""
    try:
        return apps.get_model("wellbeing", "SurveyResponse")
    except LookupError:
        return None


def audience_choices() -> list[tuple[str, Any]]:
    """The audiences the officer may choose; without the survey its audience is left out."""
    choices = list(Message.Audience.choices)
    if survey_response_model() is None:
        choices = [choice for choice in choices if choice[0] != Message.Audience.NO_SURVEY]
    return choices


def associations_for(message: Message) -> QuerySet[Association]:
    """The listed associations the message's audience names."""
    from grants.models import Decision, GrantApplication

    listed = Association.objects.listed()
    audience = message.audience
    if audience == Message.Audience.SECTOR:
        applied = GrantApplication.objects.filter(
            association=OuterRef("pk"), grant_round__programme__sector=message.sector
        ).exclude(status=GrantApplication.Status.DRAFT)
        return listed.filter(Exists(applied))
    if audience == Message.Audience.CATEGORY:
        return listed.filter(categories=message.category_id)
    if audience == Message.Audience.ROUND:
        granted = Decision.objects.filter(
            application__association=OuterRef("pk"),
            application__grant_round=message.grant_round_id,
            decided_on__isnull=False,
            amount__gt=0,
        )
        return listed.filter(Exists(granted))
    if audience == Message.Audience.NO_USE_REPORT:
        # A final positive decision whose application has no use report yet.
        owing = Decision.objects.filter(
            application__association=OuterRef("pk"),
            decided_on__isnull=False,
            amount__gt=0,
            application__use_report__isnull=True,
        )
        return listed.filter(Exists(owing))
    if audience == Message.Audience.NO_SURVEY:
        model = survey_response_model()
        if model is None:
            return listed.none()
        answered = model.objects.filter(
            association=OuterRef("pk"),
            survey__year=message.survey_year,
            submitted_at__isnull=False,
        )
        return listed.exclude(Exists(answered))
    return listed


@dataclass(frozen=True)
class Contact:
    email: str
    language: str
    association_id: int


def contacts_of(associations: QuerySet[Association]) -> list[Contact]:
    """One contact per address: the representatives in their own language, and each
    association's contact e-mail (in the language of an account with that address, if any,
    otherwise Finnish). Three queries, whatever the number of associations."""
    from portal.models import User

    by_email: dict[str, Contact] = {}
    rows = (
        Membership.objects.approved()
        .filter(association__in=associations, user__is_active=True)
        .order_by("association__name", "pk")
        .values_list("user__email", "user__preferred_language", "association_id")
    )
    for email, language, association_id in rows:
        key = email.strip().lower()
        if key and key not in by_email:
            by_email[key] = Contact(email.strip(), language or "fi", association_id)
    addresses = list(
        associations.exclude(contact_email="")
        .order_by("name", "pk")
        .values_list("contact_email", "pk")
    )
    languages = dict(
        User.objects.filter(
            Q(email__in=[email for email, _pk in addresses]), is_active=True
        ).values_list("email", "preferred_language")
    )
    for email, association_id in addresses:
        key = email.strip().lower()
        if key and key not in by_email:
            by_email[key] = Contact(email.strip(), languages.get(email, "fi"), association_id)
    return list(by_email.values())
