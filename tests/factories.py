"""Factories shared by every app's tests; an app's own rows have factories in tests/<app>/."""

import factory
from allauth.mfa.models import Authenticator
from django.utils import timezone
from django.utils.text import slugify

from organizations.models import Association, Category, Membership, TargetGroup
from portal.models import RoleGrant, User

PASSWORD = "salasana-Testi-123"
# The staff fixtures' authenticator secret, so that browser tests can type a valid code.
TOTP_SECRET = "JBSWY3DPEHPK3PXP"


def with_totp(user):
    """Staff must have a second factor; tests give them one so that pages open."""
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": TOTP_SECRET}
    )
    return user


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.fi")
    first_name = factory.Faker("first_name", locale="fi_FI")
    last_name = factory.Faker("last_name", locale="fi_FI")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        """allauth lets a user log in only with a verified address."""
        if create:
            self.emailaddress_set.create(email=self.email, primary=True, verified=True)


class RoleGrantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleGrant

    user = factory.SubFactory(UserFactory)
    role = RoleGrant.Role.LIAISON_OFFICER


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Luokka {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class TargetGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TargetGroup
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Kohderyhmä {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class AssociationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Association

    name = factory.Sequence(lambda n: f"Testiyhdistys {n} ry")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    domicile = "Esimerkkilä"
    purpose = "Yhdistyksen tarkoitus on edistää jäsentensä harrastustoimintaa."
    public_email = factory.LazyAttribute(lambda o: f"info@{o.slug}.example.fi")
    contact_name = factory.Faker("name", locale="fi_FI")
    contact_email = factory.LazyAttribute(lambda o: f"puheenjohtaja@{o.slug}.example.fi")
    contact_phone = "040 123 4567"
    is_verified = True
    verified_at = factory.LazyFunction(timezone.now)

    class Params:
        unverified = factory.Trait(is_verified=False, verified_at=None)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    association = factory.SubFactory(AssociationFactory)
    role = Membership.Role.CHAIR
    status = Membership.Status.APPROVED
    decided_at = factory.LazyFunction(timezone.now)

    class Params:
        pending = factory.Trait(status=Membership.Status.PENDING, decided_at=None)
