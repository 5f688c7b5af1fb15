"""Forms of the yearly follow-up: the self-assessment, its actions, the marks and the survey."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.forms import StatedTextLimits, limit_help
from wellbeing.followup_services import Given
from wellbeing.models import (
    AreaAssessment,
    AssessmentAction,
    MarkFigure,
    SelfAssessment,
    Survey,
    SurveyQuestion,
)

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AssessmentForm(StatedTextLimits, forms.ModelForm):
    class Meta:
        model = SelfAssessment
        fields = ["year", "scale_max", "participants", "summary", "is_published"]
        widgets = {
            "participants": forms.Textarea(attrs={"rows": 3}),
            "summary": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The year names the assessment in its address; it stays.
            self.fields["year"].disabled = True
        else:
            self.fields["year"].initial = timezone.localdate().year


class AreaForm(StatedTextLimits, forms.ModelForm):
    """One area of the workbook; the score's limit is the assessment's scale."""

    class Meta:
        model = AreaAssessment
        fields = ["current_state", "target_state", "follow_up", "score"]
        widgets = {
            "current_state": forms.Textarea(attrs={"rows": 3}),
            "target_state": forms.Textarea(attrs={"rows": 3}),
            "follow_up": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, scale_max: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["score"].widget.attrs.update({"min": 0, "max": scale_max})
        self.fields["score"].help_text = _("From 0 to the highest score of the assessment.")


class ActionForm(StatedTextLimits, forms.ModelForm):
    class Meta:
        model = AssessmentAction
        fields = ["area", "term", "description", "owner", "due_on", "done_on"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "due_on": DATE_INPUT,
            "done_on": DATE_INPUT,
        }


class MarkFigureForm(StatedTextLimits, forms.ModelForm):
    limit_help_fields = ("figure",)

    class Meta:
        model = MarkFigure
        fields = ["figure", "explanation"]
        widgets = {"explanation": forms.Textarea(attrs={"rows": 3})}


class SurveyForm(StatedTextLimits, forms.ModelForm):
    class Meta:
        model = Survey
        fields = ["year", "opens_on", "closes_on", "intro"]
        widgets = {
            "opens_on": DATE_INPUT,
            "closes_on": DATE_INPUT,
            "intro": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["year"].disabled = True
        else:
            self.fields["year"].initial = timezone.localdate().year

    def clean(self):
        cleaned = super().clean() or {}
        opens_on, closes_on = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens_on and closes_on and closes_on < opens_on:
            self.add_error("closes_on", _("The survey must close on or after its opening day."))
        return cleaned


class QuestionForm(StatedTextLimits, forms.ModelForm):
    limit_help_fields = ("text",)

    class Meta:
        model = SurveyQuestion
        fields = ["text", "theme", "kind"]


CANT_SAY = "cant_say"


class ResponseForm(forms.Form):
    """One field per question: a score 1–5 or "can't say", or a free text. All may be left
    empty in a draft; the service asks for every scale question when the answer is sent."""

    def __init__(self, *args, questions, answers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        answers = answers or {}
        for question in self.questions:
            name = f"q{question.pk}"
            answer = answers.get(question.pk)
            if question.is_scale:
                self.fields[name] = forms.ChoiceField(
                    label=question.label,
                    required=False,
                    widget=forms.RadioSelect,
                    choices=[
                        ("1", _("1 – disagree completely")),
                        ("2", "2"),
                        ("3", "3"),
                        ("4", "4"),
                        ("5", _("5 – agree completely")),
                        (CANT_SAY, _("can't say")),
                    ],
                )
                if answer is not None:
                    self.initial[name] = CANT_SAY if answer.cant_say else str(answer.score or "")
            else:
                self.fields[name] = forms.CharField(
                    label=question.label,
                    required=False,
                    max_length=2000,
                    widget=forms.Textarea(attrs={"rows": 4}),
                    help_text=limit_help(2000),
                )
                if answer is not None:
                    self.initial[name] = answer.text

    def given(self) -> dict[int, Given]:
        """The cleaned answers, by question id, as the service takes them."""
        result = {}
        for question in self.questions:
            value = self.cleaned_data.get(f"q{question.pk}") or ""
            if question.is_scale:
                if value == CANT_SAY:
                    result[question.pk] = Given(cant_say=True)
                else:
                    result[question.pk] = Given(score=int(value) if value else None)
            else:
                result[question.pk] = Given(text=value)
        return result
