from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from communication import audiences, permissions
from communication.models import Message, News
from grants.models import GrantRound
from organizations.models import Category
from portal.forms import StatedTextLimits, in_every_language
from portal.models import Sector

IMAGE_MAX_BYTES = 5 * 1024 * 1024
IMAGE_FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}
EMAIL_MAX = 254


def clean_uploaded_image(image):
    """A PNG, JPEG, GIF or WebP image of at most 5 MB, or the form's error."""
    if not image or not hasattr(image, "content_type"):
        return image  # unchanged or cleared
    if image.size > IMAGE_MAX_BYTES:
        raise ValidationError(_("The image may be at most 5 MB."), code="image_too_large")
    image_format = None
    try:
        image.seek(0)
        with Image.open(image) as opened:
            image_format = opened.format
            opened.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        image_format = None
    finally:
        image.seek(0)
    if image_format not in IMAGE_FORMATS:
        raise ValidationError(
            _("The image must be a PNG, JPEG, GIF or WebP image."), code="image_not_image"
        )
    return image


class NewsForm(StatedTextLimits, forms.ModelForm):
    """News in Finnish, with Swedish and English versions when the writer has them."""

    class Meta:
        model = News
        fields = [
            "association",
            *in_every_language("title", "lead", "body"),
            "image",
            *in_every_language("image_alt"),
        ]
        help_texts = {"image": _("PNG, JPEG, GIF or WebP, at most 5 MB.")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        association: Any = self.fields["association"]
        if permissions.can_moderate_news(user):
            # The officer writes the municipality's news and keeps an association's as it is.
            del self.fields["association"]
        else:
            association.queryset = permissions.news_associations(user)
            association.required = True
            association.empty_label = None
        for name in ("title_fi", "lead_fi", "body_fi"):
            self.fields[name].required = True

    def clean_image(self):
        return clean_uploaded_image(self.cleaned_data.get("image"))

    def clean(self):
        data = super().clean() or {}
        if data.get("image") and not (data.get("image_alt_fi") or "").strip():
            self.add_error("image_alt_fi", _("Describe the image for those who cannot see it."))
        for code, _name in settings.LANGUAGES[1:]:
            parts = [f"title_{code}", f"lead_{code}", f"body_{code}"]
            given = [bool((data.get(name) or "").strip()) for name in parts]
            if any(given) and not all(given):
                for name, filled in zip(parts, given, strict=True):
                    if not filled:
                        self.add_error(name, _("Write the title, lead and text of this language."))
        return data


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the news returned?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The association sees this."),
    )


def sector_choices() -> list[tuple[str, Any]]:
    return [("", "---------"), *Sector.choices]


class MessageForm(StatedTextLimits, forms.ModelForm):
    """The message in Finnish, with Swedish and English versions, and to whom it goes."""

    sector = forms.ChoiceField(label=_("Sector"), choices=sector_choices, required=False)

    class Meta:
        model = Message
        fields = [
            "audience",
            "sector",
            "category",
            "grant_round",
            "survey_year",
            *in_every_language("subject", "body"),
        ]
        widgets = {"audience": forms.RadioSelect}
        help_texts = {
            "survey_year": _("For the audience that has not answered the survey."),
            "grant_round": _("For the audience granted in a round."),
            "category": _("For the audience of a category."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["audience"].choices = audiences.audience_choices()
        fields["category"].queryset = Category.objects.order_by("order", "name")
        fields["grant_round"].queryset = GrantRound.objects.select_related("programme").order_by(
            "-opens_at", "title"
        )
        self.fields["survey_year"].initial = timezone.localdate().year
        self.fields["survey_year"].widget.attrs.update({"min": 2000, "max": 2100})
        self.fields["sector"].help_text = _("For the audience of a sector.")
        for name in ("subject_fi", "body_fi"):
            self.fields[name].required = True
        for name in in_every_language("body"):
            self.fields[name].widget.attrs["rows"] = 8

    def clean_survey_year(self):
        year = self.cleaned_data.get("survey_year")
        if year is not None and not 2000 <= year <= 2100:
            raise ValidationError(_("Give a year between 2000 and 2100."), code="year")
        return year

    def clean(self):
        data = super().clean() or {}
        needs: dict[str, tuple[str, Any]] = {
            Message.Audience.SECTOR: ("sector", _("Choose the sector.")),
            Message.Audience.CATEGORY: ("category", _("Choose the category.")),
            Message.Audience.ROUND: ("grant_round", _("Choose the grant round.")),
            Message.Audience.NO_SURVEY: ("survey_year", _("Choose the survey year.")),
        }
        audience = data.get("audience")
        if audience in needs:
            field, text = needs[audience]
            if not data.get(field) and field not in self.errors:
                self.add_error(field, text)
        for code, _name in settings.LANGUAGES[1:]:
            subject = (data.get(f"subject_{code}") or "").strip()
            body = (data.get(f"body_{code}") or "").strip()
            if bool(subject) != bool(body):
                missing = f"subject_{code}" if not subject else f"body_{code}"
                self.add_error(missing, _("Write both the subject and the message."))
        return data


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=_("Your e-mail address"), max_length=EMAIL_MAX)
    sectors = forms.MultipleChoiceField(
        label=_("New grant rounds of these sectors"),
        choices=Sector.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    categories = forms.MultipleChoiceField(
        label=_("New events of these kinds"),
        choices=[],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    news = forms.BooleanField(label=_("News"), required=False)
    language = forms.ChoiceField(label=_("Language of the e-mails"), choices=settings.LANGUAGES)

    def __init__(self, *args, **kwargs):
        from events.models import Event

        super().__init__(*args, **kwargs)
        self.fields["categories"].choices = Event.Category.choices  # type: ignore[attr-defined]
        self.fields["language"].initial = get_language()
        self.fields["email"].widget.attrs["autocomplete"] = "email"

    def clean(self):
        data = super().clean() or {}
        if not (data.get("sectors") or data.get("categories") or data.get("news")):
            raise ValidationError(_("Choose at least one thing to subscribe to."), code="no_topic")
        return data
