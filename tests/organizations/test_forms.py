import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from organizations.forms import (
    AssociationProfileForm,
    AssociationRegistrationForm,
    MembershipRequestForm,
    RejectionForm,
)

pytestmark = pytest.mark.django_db


def image_file(image_format: str, name: str = "logo") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, format=image_format)
    return SimpleUploadedFile(f"{name}.{image_format.lower()}", buffer.getvalue())


def profile_form(association, files=None, **data):
    base = {"name": association.name, "domicile": "Esimerkkilä"}
    return AssociationProfileForm({**base, **data}, files or {}, instance=association)


def test_profile_form_trims_spaces_around_the_business_id(association):
    form = profile_form(association, business_id=" 1234567-1 ")

    assert form.is_valid(), form.errors
    assert form.cleaned_data["business_id"] == "1234567-1"


def test_profile_form_turns_a_bare_domain_into_an_https_address(association):
    form = profile_form(association, website="www.seura.fi")

    assert form.is_valid(), form.errors
    assert form.cleaned_data["website"] == "https://www.seura.fi"


@pytest.mark.parametrize("image_format", ["PNG", "JPEG", "GIF", "WEBP"])
def test_profile_form_accepts_common_image_formats(association, image_format):
    form = profile_form(association, files={"logo": image_file(image_format)})

    assert form.is_valid(), form.errors


def test_profile_form_judges_the_logo_by_content_not_by_name(association):
    disguised = SimpleUploadedFile("logo.png", b"<svg xmlns='http://www.w3.org/2000/svg'/>")

    form = profile_form(association, files={"logo": disguised})

    assert not form.is_valid()
    assert "logo" in form.errors


def test_profile_form_refuses_an_image_format_outside_the_list(association):
    form = profile_form(association, files={"logo": image_file("BMP")})

    assert not form.is_valid()
    assert form.errors["logo"]


def test_profile_form_accepts_a_founding_year_this_year(association):
    from django.utils import timezone

    form = profile_form(association, founded_year=str(timezone.localdate().year))

    assert form.is_valid(), form.errors


def test_registration_form_needs_a_name_and_a_role():
    form = AssociationRegistrationForm({})

    assert set(form.errors) == {"name", "role"}


def test_membership_request_form_refuses_an_unknown_role():
    form = MembershipRequestForm({"role": "emperor"})

    assert form.errors["role"][0].startswith("Select a valid choice")


def test_rejection_form_refuses_a_reason_of_only_spaces():
    form = RejectionForm({"reason": "    "})

    assert not form.is_valid()
    assert "reason" in form.errors


@pytest.mark.parametrize("form_class", [AssociationRegistrationForm, AssociationProfileForm])
def test_the_example_business_id_in_the_help_text_is_a_valid_one(form_class):
    help_text = str(form_class.base_fields["business_id"].help_text)
    example = help_text.split()[-1].rstrip(".")

    form = AssociationRegistrationForm({"name": "Uusi ry", "role": "chair", "business_id": example})

    assert form.is_valid(), form.errors
