"""Factories for the register's tests; the shared ones live in tests/factories.py."""

import factory

from organizations.validators import business_id_with_check_digit
from tests.factories import (
    AssociationFactory,
    CategoryFactory,
    MembershipFactory,
    TargetGroupFactory,
    UserFactory,
)

__all__ = [
    "AssociationFactory",
    "CategoryFactory",
    "MembershipFactory",
    "TargetGroupFactory",
    "UserFactory",
    "valid_business_id",
]


def valid_business_id(number: int) -> str:
    """A business ID with a correct check digit, made from the first fitting seven-digit number."""
    while (business_id := business_id_with_check_digit(f"{number:07d}")) is None:
        number += 1
    return business_id


class ListedAssociationFactory(AssociationFactory):
    business_id = factory.Sequence(lambda n: valid_business_id(1000000 + 3 * n))
