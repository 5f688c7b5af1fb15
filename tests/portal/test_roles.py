import pytest

from organizations.models import Membership
from portal import roles
from portal.models import RoleGrant, Sector
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_liaison_officer_counts_as_officer_of_every_sector(liaison_officer):
    assert roles.is_liaison_officer(liaison_officer)
    assert roles.officer_sectors(liaison_officer) == set(Sector.values)


def test_sector_officer_is_officer_of_their_sector_only(sector_officer):
    assert roles.is_sector_officer(sector_officer, Sector.CULTURE)
    assert not roles.is_sector_officer(sector_officer, Sector.SPORTS)
    assert not roles.is_liaison_officer(sector_officer)


def test_representative_represents_only_their_association(
    association_rep, association, other_association
):
    assert roles.represents(association_rep, association)
    assert not roles.represents(association_rep, other_association)


def test_pending_membership_does_not_make_a_representative(association):
    user = UserFactory()
    MembershipFactory(user=user, association=association, pending=True)

    assert not roles.represents(user, association)


def test_anonymous_user_has_no_roles(django_user_model):
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()

    assert not roles.is_liaison_officer(anonymous)
    assert roles.represented_association_ids(anonymous) == frozenset()


def test_inactive_user_has_no_roles(association_rep, association):
    association_rep.is_active = False

    assert not roles.represents(association_rep, association)


def test_roles_are_read_once_per_user_object_in_one_query(
    association_rep, association, django_assert_num_queries
):
    RoleGrant.objects.create(user=association_rep, role=RoleGrant.Role.COUNCIL_MEMBER)
    roles.forget(association_rep)

    with django_assert_num_queries(1):
        assert not roles.is_liaison_officer(association_rep)
        assert roles.represented_association_ids(association_rep) == {association.pk}
        assert roles.is_council_member(association_rep)


def test_ended_membership_no_longer_represents(association_rep, association):
    Membership.objects.filter(user=association_rep).update(status=Membership.Status.ENDED)
    roles.forget(association_rep)

    assert not roles.represents(association_rep, association)


def test_the_second_factor_is_read_in_the_same_query_as_the_roles(
    liaison_officer, django_assert_num_queries
):
    roles.forget(liaison_officer)

    with django_assert_num_queries(1):
        assert roles.is_liaison_officer(liaison_officer)
        assert roles.has_authenticator(liaison_officer)
        assert roles.represented_association_ids(liaison_officer) == set()
    # The row that tells of the authenticator is no role.
    assert {role for role, _sector in roles.roles_of(liaison_officer).grants} == {
        RoleGrant.Role.LIAISON_OFFICER
    }


def test_recovery_codes_alone_are_no_second_factor():
    from allauth.mfa.models import Authenticator

    officer = UserFactory()
    RoleGrant.objects.create(user=officer, role=RoleGrant.Role.LIAISON_OFFICER)
    Authenticator.objects.create(
        user=officer, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "x"}
    )

    assert roles.is_liaison_officer(officer)
    assert not roles.has_authenticator(officer)
