from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from organizations.models import ActivityLanguage, Association, Category, Membership, TargetGroup
from organizations.services import PROFILE_FIELDS, likely_duplicates
from organizations.validators import validate_business_id, validate_register_number
from portal.forms import StatedTextLimits

LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}


def clean_business_id(value: str) -> str:
    """Accept spaces around the ID; the validator then checks form and check digit."""
    value = "".join(value.split())
    if value:
        validate_business_id(value)
    return value


def clean_founded_year(value: int | None) -> int | None:
    this_year = timezone.localdate().year
    if value is not None and not 1800 <= value <= this_year:
        raise ValidationError(
            _("Give a founding year between 1800 and %(year)s.") % {"year": this_year},
            code="founded_year_range",
        )
    return value


def https_by_default(field, **kwargs):
    """Addresses typed without a scheme are taken to be https://."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class AssociationProfileForm(StatedTextLimits, forms.ModelForm):
    """The profile a representative keeps up to date; public and private contacts apart."""

    languages = forms.MultipleChoiceField(
        label=_("Languages of activity"),
        choices=ActivityLanguage.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    categories: forms.ModelMultipleChoiceField[Category] = forms.ModelMultipleChoiceField(
        label=_("Categories"),
        queryset=Category.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    target_groups: forms.ModelMultipleChoiceField[TargetGroup] = forms.ModelMultipleChoiceField(
        label=_("Target groups"),
        queryset=TargetGroup.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Association
        formfield_callback = https_by_default
        fields = list(PROFILE_FIELDS)
        help_texts = {
            "contact_name": _(
                "Shown only to the association's representatives and the municipality."
            ),
            "logo": _("PNG, JPEG, GIF or WebP, at most 2 MB."),
            "business_id": _("For example 1234567-1."),
            "purpose_fi": _("What the association is for, in a few sentences."),
            "purpose_sv": _("Shown on the Swedish pages. Left empty, they show the Finnish text."),
            "purpose_en": _("Shown on the English pages. Left empty, they show the Finnish text."),
        }

    def clean_business_id(self):
        return clean_business_id(self.cleaned_data.get("business_id", ""))

    def clean_founded_year(self):
        return clean_founded_year(self.cleaned_data.get("founded_year"))

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if not logo or not hasattr(logo, "content_type"):
            return logo  # unchanged or cleared
        if logo.size > LOGO_MAX_BYTES:
            raise ValidationError(_("The logo may be at most 2 MB."), code="logo_too_large")
        try:
            logo.seek(0)
            with Image.open(logo) as image:
                image_format = image.format
                image.verify()
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise ValidationError(
                _("The logo must be a PNG, JPEG, GIF or WebP image."), code="logo_not_image"
            ) from None
        finally:
            logo.seek(0)
        if image_format not in LOGO_FORMATS:
            raise ValidationError(
                _("The logo must be a PNG, JPEG, GIF or WebP image."), code="logo_not_image"
            )
        return logo


class MembershipRequestForm(StatedTextLimits, forms.Form):
    role = forms.ChoiceField(
        label=_("Your role in the association"), choices=Membership.Role.choices
    )
    message = forms.CharField(
        label=_("Message to the liaison officer"),
        required=False,
        max_length=Membership._meta.get_field("message").max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example, when you were chosen to the role."),
    )


class AssociationRegistrationForm(MembershipRequestForm):
    """A new association: the basics now, the rest once the officer has approved the request."""

    name = forms.CharField(label=_("Name of the association"), max_length=200)
    business_id = forms.CharField(
        label=_("Business ID (Y-tunnus)"),
        max_length=12,
        required=False,
        help_text=_("For example 1234567-1."),
    )
    register_number = forms.CharField(
        label=_("Association register number"),
        max_length=12,
        required=False,
        validators=[validate_register_number],
        help_text=_("For example 123.456."),
    )
    domicile = forms.CharField(label=_("Domicile"), max_length=100, required=False)
    categories: forms.ModelMultipleChoiceField[Category] = forms.ModelMultipleChoiceField(
        label=_("Categories"),
        queryset=Category.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    purpose = forms.CharField(
        label=_("Purpose"),
        required=False,
        max_length=Association._meta.get_field("purpose").max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    public_email = forms.EmailField(label=_("Public e-mail"), required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    field_order = [
        "name",
        "business_id",
        "register_number",
        "domicile",
        "categories",
        "purpose",
        "public_email",
        "website",
        "role",
        "message",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A name like a listed one asks the person to look first; they may still go on, with a
        # tick, and find everything they typed still in the form.
        name = self.data.get("name", "") if self.is_bound else ""
        self.likely_duplicates = likely_duplicates(name) if name.strip() else []
        if self.likely_duplicates:
            self.fields["is_different_association"] = forms.BooleanField(
                label=_("My association is a different one: send the registration anyway"),
                required=False,
            )
            self.order_fields(["name", "is_different_association", *self.field_order])

    def clean_business_id(self):
        value = clean_business_id(self.cleaned_data.get("business_id", ""))
        if value and Association.objects.filter(business_id=value).exists():
            raise ValidationError(
                _("An association with this business ID is already in the register."),
                code="business_id_taken",
            )
        return value

    def clean(self):
        data = super().clean() or {}
        if self.likely_duplicates and not data.get("is_different_association"):
            self.add_error(
                "name",
                ValidationError(
                    _(
                        "The register already has an association with the same or a very "
                        "similar name: %(names)s. Check that it is not yours; if yours is a "
                        "different association, tick the box below and send again."
                    )
                    % {"names": ", ".join(a.name for a in self.likely_duplicates)},
                    code="likely_duplicate",
                ),
            )
        data.pop("is_different_association", None)
        return data


class RejectionForm(StatedTextLimits, forms.Form):
    reason = forms.CharField(
        label=_("Reason for the rejection"),
        max_length=Membership._meta.get_field("decision_reason").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The user sees this reason in the e-mail."),
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Write the reason for the rejection."), code="required")
        return reason
