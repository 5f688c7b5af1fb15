import pytest

from tests.factories import AssociationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_liaison_officer_uses_the_admin_as_back_office(client_for, liaison_officer):
    association = AssociationFactory(name="Adminissa näkyvä ry")
    client = client_for(liaison_officer)

    assert client.get("/admin/").status_code == 200
    listing = client.get("/admin/organizations/association/")
    assert listing.status_code == 200
    assert association.name in listing.content.decode()
    assert client.get("/admin/portal/auditevent/").status_code == 200


def test_liaison_officer_cannot_make_anyone_an_administrator(client_for, liaison_officer):
    other = UserFactory()

    page = client_for(liaison_officer).get(f"/admin/portal/user/{other.pk}/change/")

    assert page.status_code == 200
    assert 'name="is_superuser"' not in page.content.decode()
    assert client_for(liaison_officer).get("/admin/auth/group/").status_code == 403


@pytest.mark.parametrize(
    "who", ["plain_user", "association_rep", "sector_officer", "council_member"]
)
def test_other_roles_are_refused_the_admin(request, client_for, who):
    client = client_for(request.getfixturevalue(who))

    response = client.get("/admin/", follow=True)

    assert response.status_code == 403


def test_admin_login_goes_through_the_portals_log_in_with_its_second_factor(resident):
    response = resident.get("/admin/", follow=True)

    assert response.redirect_chain[-1][0].startswith("/accounts/login/?next=")
    assert "/admin/" in response.redirect_chain[-1][0]
