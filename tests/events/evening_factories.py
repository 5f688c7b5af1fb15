"""Factories for association evenings and the annual cycle."""

from datetime import timedelta

import factory
from django.utils import timezone

from events.models import CycleItem, Evening, EveningInvitation
from tests.events.factories import day_at
from tests.factories import AssociationFactory


class EveningFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evening

    title = factory.Sequence(lambda n: f"Yhdistysilta {n}")
    description = "Kunnan ja yhdistysten yhteinen ilta."
    starts_at = factory.LazyFunction(lambda: day_at(10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    address = "Kunnantalo, Kirkkotie 1"

    class Params:
        announced = factory.Trait(invited_at=factory.LazyFunction(lambda: day_at(-1)))
        past = factory.Trait(
            starts_at=factory.LazyFunction(lambda: day_at(-10)),
            invited_at=factory.LazyFunction(lambda: day_at(-30)),
        )


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EveningInvitation

    evening = factory.SubFactory(EveningFactory, announced=True)
    association = factory.SubFactory(AssociationFactory)
    email = factory.LazyAttribute(lambda o: o.association.contact_email)
    language = "fi"
    sent_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=3))


class CycleItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CycleItem

    title = factory.Sequence(lambda n: f"Talousarvio {n}")
    kind = CycleItem.Kind.BUDGET
    starts_on = factory.LazyFunction(lambda: timezone.localdate().replace(month=5, day=1))
