"""A mistyped or mangled address in the grant pages answers 404 or 400, never a server error."""

import pytest
from django.urls import URLPattern, reverse

from grants.urls import urlpatterns

pytestmark = pytest.mark.django_db

ROUTES = [
    str(pattern.pattern)
    for pattern in urlpatterns
    if isinstance(pattern, URLPattern) and "<int:pk>" in str(pattern.pattern)
]
BAD_VALUES = ["abc", "99999999999999999999", "9" * 5000, "%00", "1%00", "-1", "０"]


@pytest.mark.parametrize("value", BAD_VALUES)
@pytest.mark.parametrize("route", ROUTES)
def test_a_malformed_identifier_in_a_grant_address_is_not_found(
    client_for, association_rep, sector_officer, route, value
):
    path = reverse("grants:round_list") + route.replace("<int:pk>", value)
    anonymous, rep, officer = (client_for(u) for u in (None, association_rep, sector_officer))

    answers = [anonymous.get(path)] + [
        getattr(client, method)(path) for client in (rep, officer) for method in ("get", "post")
    ]

    if answers[0].status_code == 302:
        assert "/accounts/login/" in answers[0]["Location"]
        answers = answers[1:]
    # 405 where the page takes only a POST.
    assert {answer.status_code for answer in answers} <= {400, 404, 405}


def test_every_grant_page_with_an_identifier_is_covered():
    with_parameters = [
        str(pattern.pattern)
        for pattern in urlpatterns
        if isinstance(pattern, URLPattern) and "<" in str(pattern.pattern)
    ]

    assert with_parameters == ROUTES
    assert "haut/<int:pk>/" in ROUTES
