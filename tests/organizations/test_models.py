import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import translation

from organizations.models import Association, Membership
from organizations.validators import (
    business_id_with_check_digit,
    validate_business_id,
    validate_register_number,
)
from tests.organizations.factories import AssociationFactory, CategoryFactory, MembershipFactory


@pytest.mark.parametrize("value", ["1234567-1", "0112038-9", "2900000-4"])
def test_valid_business_ids_pass(value):
    validate_business_id(value)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("1234567-8", "invalid_business_id"),
        ("123456-7", "invalid_business_id"),
        ("abcdefg-h", "invalid_business_id"),
        ("12345671", "business_id_format"),
    ],
)
def test_bad_business_ids_are_explained(value, code):
    with pytest.raises(ValidationError) as error:
        validate_business_id(value)

    assert error.value.code == code


@pytest.mark.parametrize("value", ["123.456", "1.234", "99.001"])
def test_valid_register_numbers_pass(value):
    validate_register_number(value)


@pytest.mark.parametrize("value", ["123456", "1234.567", "12.34", "abc.def", "123.456 "])
def test_bad_register_numbers_are_refused(value):
    with pytest.raises(ValidationError) as error:
        validate_register_number(value)

    assert error.value.code == "invalid_register_number"


def test_check_digit_helper_makes_ids_the_validator_accepts():
    made = [business_id_with_check_digit(f"{n:07d}") for n in range(2900000, 2900200)]

    for business_id in filter(None, made):
        validate_business_id(business_id)
    assert made.count(None) < len(made) // 5


@pytest.mark.django_db
def test_two_associations_cannot_share_a_business_id():
    AssociationFactory(business_id="1234567-1")

    with pytest.raises(IntegrityError):
        AssociationFactory(business_id="1234567-1")


@pytest.mark.django_db
def test_many_associations_may_leave_the_business_id_empty():
    AssociationFactory.create_batch(2, business_id="")

    assert Association.objects.filter(business_id="").count() == 2


@pytest.mark.django_db
def test_founding_year_before_1800_is_refused_by_the_model():
    association = AssociationFactory.build(founded_year=1700)

    with pytest.raises(ValidationError) as error:
        association.full_clean()

    assert "The founding year must be 1800 or later." in str(error.value)


@pytest.mark.django_db
def test_a_user_has_one_open_membership_per_association(association_rep, association):
    with pytest.raises(IntegrityError):
        MembershipFactory(user=association_rep, association=association, pending=True)


@pytest.mark.django_db
def test_a_rejection_without_a_reason_cannot_be_stored(association):
    with pytest.raises(IntegrityError):
        MembershipFactory(association=association, status=Membership.Status.REJECTED)


@pytest.mark.django_db
def test_visible_to_shows_an_unlisted_association_to_its_applicant_and_the_officer(
    plain_user, liaison_officer, association
):
    waiting = AssociationFactory(is_listed=False)
    MembershipFactory(user=plain_user, association=waiting, pending=True)
    stranger = MembershipFactory(association=association).user

    assert waiting in Association.objects.visible_to(plain_user)
    assert waiting in Association.objects.visible_to(liaison_officer)
    assert waiting not in Association.objects.visible_to(stranger)
    assert association in Association.objects.visible_to(stranger)


@pytest.mark.django_db
def test_with_list_data_rows_read_no_deferred_field_and_name_categories_in_one_query(
    django_assert_num_queries,
):
    sports = CategoryFactory(name="Urheilu", name_fi="Urheilu", name_sv="Idrott", order=2)
    culture = CategoryFactory(name="Kulttuuri", name_fi="Kulttuuri", name_sv="", order=1)
    both = AssociationFactory()
    both.categories.set([sports, culture])
    AssociationFactory.create_batch(2)

    with translation.override("sv"), django_assert_num_queries(1):
        rows = {
            a.pk: (a.name, a.slug, a.domicile, a.purpose, a.is_verified, a.category_names)
            for a in Association.objects.with_list_data()
        }

    assert len(rows) == 3
    # In the categories' own order, in the reader's language, Finnish where it has none.
    assert rows[both.pk][5] == ["Kulttuuri", "Idrott"]
