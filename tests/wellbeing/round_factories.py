"""Factories for the input rounds' rows."""

from datetime import timedelta

import factory
from django.utils import timezone

from tests.factories import AssociationFactory
from wellbeing.models import AnswerTargetGroup, InputAnswer, InputRound, Quotation, Theme


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Teema {n}")
    slug = factory.Sequence(lambda n: f"teema-{n}")


class InputRoundFactory(factory.django.DjangoModelFactory):
    """An open round taking answers for three more weeks, with two themes."""

    class Meta:
        model = InputRound
        skip_postgeneration_save = True

    year = factory.LazyFunction(lambda: timezone.localdate().year)
    title = factory.Sequence(lambda n: f"Hyvinvointikysely {n}")
    instructions = "Kertokaa, mitä näette toiminnassanne."
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=7))
    deadline = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=21))
    status = InputRound.Status.OPEN
    opened_at = factory.LazyFunction(timezone.now)

    class Params:
        draft = factory.Trait(status=InputRound.Status.DRAFT, opened_at=None)
        closed = factory.Trait(
            status=InputRound.Status.CLOSED, closed_at=factory.LazyFunction(timezone.now)
        )
        published = factory.Trait(
            status=InputRound.Status.PUBLISHED,
            summary="Yhdistykset kertoivat yksinäisyydestä.",
            published_at=factory.LazyFunction(timezone.now),
        )

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if not create:
            return
        if extracted is None:
            extracted = [
                ThemeFactory(slug="yksinaisyys", name="Yksinäisyys"),
                ThemeFactory(slug="liikunta", name="Liikunta"),
            ]
        self.themes.set(extracted)


class InputAnswerFactory(factory.django.DjangoModelFactory):
    """A sent answer touching the round's first theme."""

    class Meta:
        model = InputAnswer
        skip_postgeneration_save = True

    round = factory.SubFactory(InputRoundFactory)
    association = factory.SubFactory(AssociationFactory)
    status = InputAnswer.Status.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)
    observed_needs = "Yksin asuvat ikäihmiset jäävät kotiin."
    own_actions = "Kahvitupa kerran viikossa."
    proposals = "Palveluliikenne kylien kautta."

    class Params:
        draft = factory.Trait(status=InputAnswer.Status.DRAFT, submitted_at=None)

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if not create:
            return
        if extracted is None:
            extracted = list(self.round.themes.all()[:1])
        self.themes.set(extracted)


class ReachedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnswerTargetGroup

    answer = factory.SubFactory(InputAnswerFactory)
    people_reached = 40


class QuotationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quotation

    answer = factory.SubFactory(InputAnswerFactory)
    text = "Moni ei enää näe naapureitaan."
    is_approved = True
