"""Factories for volunteer tasks, their answers, shared offers and requests."""

from datetime import timedelta

import factory
from django.utils import timezone

from tests.factories import AssociationFactory, UserFactory
from volunteering.models import Answer, Offer, ShareRequest, Task


def days(n: int):
    return timezone.localdate() + timedelta(days=n)


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    association = factory.SubFactory(AssociationFactory)
    title = factory.Sequence(lambda n: f"Talkootehtävä {n}")
    description = "Tule mukaan auttamaan, tarjolla keittolounas."
    category = Task.Category.TALKOOT
    starts_on = factory.LazyFunction(lambda: days(5))
    ends_on = factory.LazyFunction(lambda: days(6))
    place = "Seurantalo, Kylätie 3"
    area = "Kirkonkylä"
    people_needed = 4

    class Params:
        expired = factory.Trait(
            starts_on=factory.LazyFunction(lambda: days(-10)),
            ends_on=factory.LazyFunction(lambda: days(-1)),
        )
        closed = factory.Trait(status=Task.Status.CLOSED)


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer

    task = factory.SubFactory(TaskFactory)
    name = factory.Sequence(lambda n: f"Asukas {n}")
    email = factory.Sequence(lambda n: f"asukas{n}@example.fi")
    phone = "040 111 2222"
    message = "Pääsen mukaan."
    has_consented = True

    class Params:
        accepted = factory.Trait(status=Answer.Status.ACCEPTED)


class OfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offer

    association = factory.SubFactory(AssociationFactory)
    kind = Offer.Kind.EQUIPMENT
    title = factory.Sequence(lambda n: f"Teltta {n}")
    description = "Iso juhlateltta sivuseinineen."
    terms = Offer.Terms.LEND

    class Params:
        skill = factory.Trait(
            kind=Offer.Kind.SKILL,
            terms=Offer.Terms.FREE,
            title=factory.Sequence(lambda n: f"Järjestyksenvalvoja {n}"),
            qualification_expires_on=factory.LazyFunction(lambda: days(20)),
        )


class ShareRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShareRequest

    offer = factory.SubFactory(OfferFactory)
    association = factory.SubFactory(AssociationFactory)
    requested_by = factory.SubFactory(UserFactory)
    starts_on = factory.LazyFunction(lambda: days(10))
    ends_on = factory.LazyFunction(lambda: days(11))
    message = "Tarvitsemme kesäjuhlaan."

    class Params:
        accepted = factory.Trait(status=ShareRequest.Status.ACCEPTED)
