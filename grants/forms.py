from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from grants.models import (
    LONG_TEXT_MAX,
    SHORT_TEXT_MAX,
    AssessmentCriterion,
    BudgetLine,
    ExtraQuestion,
    GrantApplication,
    GrantRound,
    UseReport,
    UseReportEvent,
)
from grants.services import ACTIVITY_FIELDS, MAX_ATTACHMENT_BYTES, STANDARD_FIELDS
from organizations.models import Association
from portal.forms import StatedTextLimits


class ApplicationForm(StatedTextLimits, forms.ModelForm):
    class Meta:
        model = GrantApplication
        fields = (*STANDARD_FIELDS, *ACTIVITY_FIELDS)
        widgets = {
            "activity_starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "activity_ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "purpose_and_activities": forms.Textarea(attrs={"rows": 5}),
            "target_groups": forms.Textarea(attrs={"rows": 3}),
            "planned_events": forms.Textarea(attrs={"rows": 4}),
        }


class BudgetLineForm(StatedTextLimits, forms.ModelForm):
    limit_help_fields = ("description",)

    class Meta:
        model = BudgetLine
        fields = ["category", "description", "amount"]


class BaseBudgetLineFormSet(forms.BaseFormSet):
    def lines(self) -> list[dict]:
        """The filled, not deleted lines as dictionaries for the service."""
        return [
            {key: form.cleaned_data[key] for key in ("category", "description", "amount")}
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE", False)
        ]

    def total(self) -> Decimal:
        return sum((line["amount"] for line in self.lines()), Decimal(0))


BudgetLineFormSet: type[BaseBudgetLineFormSet] = forms.formset_factory(  # type: ignore[assignment]
    BudgetLineForm, formset=BaseBudgetLineFormSet, extra=2, can_delete=True, max_num=50
)


class ExtraAnswersForm(StatedTextLimits, forms.Form):
    """One text field per extra question of the round."""

    def __init__(self, *args, questions=(), initial_answers=None, **kwargs):
        super().__init__(*args, **kwargs)
        initial_answers = initial_answers or {}
        self.questions = list(questions)
        for question in self.questions:
            self.fields[f"q{question.pk}"] = forms.CharField(
                label=question.text,
                help_text=question.help_text,
                max_length=LONG_TEXT_MAX,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=initial_answers.get(question.pk, ""),
            )
        self.state_limits()

    def answers(self) -> dict[int, str]:
        return {q.pk: self.cleaned_data.get(f"q{q.pk}", "") for q in self.questions}


class AttachmentForm(StatedTextLimits, forms.Form):
    limit_help_fields = ("description",)

    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, PNG, JPEG, DOCX, XLSX or ODT, at most %(mb)s MB.")
        % {"mb": MAX_ATTACHMENT_BYTES // (1024 * 1024)},
    )
    description = forms.CharField(label=_("What the file is"), max_length=200, required=False)

    def __init__(self, *args, form_id: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if form_id:
            # The fields sit beside the application form but are sent with it.
            for field in self.fields.values():
                field.widget.attrs["form"] = form_id


class NewApplicationForm(forms.Form):
    association: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Association"), queryset=Association.objects.none()
    )
    copy_previous = forms.BooleanField(
        label=_("Fill in from the association's previous application"), required=False
    )

    def __init__(self, *args, associations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["association"].queryset = associations  # type: ignore[attr-defined]
        if associations.count() == 1:
            self.fields["association"].initial = associations.first()


class DisqualificationForm(StatedTextLimits, forms.Form):
    is_disqualified = forms.TypedChoiceField(
        label=_("Are you disqualified (esteellinen) from handling this application?"),
        choices=[
            ("no", _("No, I am not disqualified")),
            ("yes", _("Yes, I am disqualified")),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        help_text=_(
            "You are disqualified if, for example, you or a close relative sits on the "
            "applicant's board or would benefit from the decision."
        ),
    )
    reason = forms.CharField(
        label=_("Reason for disqualification"),
        max_length=SHORT_TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        data = super().clean() or {}
        if data.get("is_disqualified") and not data.get("reason", "").strip():
            self.add_error("reason", _("Say why you are disqualified."))
        return data


class ScoreForm(StatedTextLimits, forms.Form):
    """A score and rationale for every criterion of the round."""

    def __init__(self, *args, criteria=(), existing=None, **kwargs):
        super().__init__(*args, **kwargs)
        existing = existing or {}
        self.criteria = list(criteria)
        for criterion in self.criteria:
            score = existing.get(criterion.pk)
            self.fields[f"score_{criterion.pk}"] = forms.IntegerField(
                label=_("%(name)s: score (0–5, weight %(weight)s)")
                % {"name": criterion.name, "weight": criterion.weight},
                min_value=0,
                max_value=5,
                initial=score.score if score else None,
            )
            self.fields[f"rationale_{criterion.pk}"] = forms.CharField(
                label=_("%(name)s: rationale") % {"name": criterion.name},
                max_length=SHORT_TEXT_MAX,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=score.rationale if score else "",
            )
        self.state_limits()

    def scores(self) -> dict[int, tuple[int, str]]:
        return {
            c.pk: (self.cleaned_data[f"score_{c.pk}"], self.cleaned_data[f"rationale_{c.pk}"])
            for c in self.criteria
        }


class DecisionForm(StatedTextLimits, forms.Form):
    amount = forms.DecimalField(
        label=_("Amount granted (€)"),
        min_value=Decimal(0),
        max_digits=12,
        decimal_places=2,
        help_text=_("0 € refuses the grant."),
    )
    reasons = forms.CharField(
        label=_("Reasons"),
        max_length=LONG_TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when the grant is refused or reduced."),
    )


class ReviewerForm(forms.Form):
    email = forms.EmailField(label=_("Reviewer's e-mail address"))


class UseReportForm(StatedTextLimits, forms.ModelForm):
    class Meta:
        model = UseReport
        fields = ["volunteer_hours", "total_costs", "grant_used", "narrative"]
        widgets = {"narrative": forms.Textarea(attrs={"rows": 5})}


class UseReportEventForm(forms.ModelForm):
    class Meta:
        model = UseReportEvent
        fields = ["name", "held_on", "participants"]
        widgets = {"held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class BaseEventFormSet(forms.BaseFormSet):
    def events(self) -> list[dict]:
        return [
            {key: form.cleaned_data[key] for key in ("name", "held_on", "participants")}
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE", False)
        ]


UseReportEventFormSet: type[BaseEventFormSet] = forms.formset_factory(  # type: ignore[assignment]
    UseReportEventForm, formset=BaseEventFormSet, extra=2, can_delete=True, max_num=100
)


class UseReportReviewForm(StatedTextLimits, forms.Form):
    accept = forms.TypedChoiceField(
        label=_("Decision on the report"),
        choices=[("yes", _("Accept the report")), ("no", _("Ask for completion"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment to the association"),
        max_length=SHORT_TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class GrantRoundForm(StatedTextLimits, forms.ModelForm):
    """A round's settings; the programme is one of the officer's sectors."""

    class Meta:
        model = GrantRound
        fields = [
            "programme",
            "title",
            "instructions",
            "is_year_round",
            "opens_at",
            "closes_at",
            "decision_batch_dates",
            "budget",
            "min_amount",
            "max_amount",
            "requires_verified_association",
            "requires_previous_use_report",
            "required_attachments",
            "use_report_due_on",
            "uses_instalments",
            "is_published",
        ]
        widgets = {
            "opens_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "closes_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "use_report_due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "instructions": forms.Textarea(attrs={"rows": 8}),
            "required_attachments": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes  # type: ignore[attr-defined]
        self.fields["decision_batch_dates"].help_text = _(
            "For a year-round round: dates separated by commas, e.g. 2026-03-15,2026-06-15."
        )


class CriterionForm(StatedTextLimits, forms.ModelForm):
    class Meta:
        model = AssessmentCriterion
        fields = ["name", "description", "weight"]


class ExtraQuestionForm(forms.ModelForm):
    class Meta:
        model = ExtraQuestion
        fields = ["text", "help_text", "is_required"]


class BaseRowFormSet(forms.BaseFormSet):
    def rows(self) -> list[dict]:
        """The filled, not deleted rows, without the DELETE flag."""
        return [
            {key: value for key, value in form.cleaned_data.items() if key != "DELETE"}
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE", False)
        ]


CriterionFormSet: type[BaseRowFormSet] = forms.formset_factory(  # type: ignore[assignment]
    CriterionForm, formset=BaseRowFormSet, extra=2, can_delete=True, max_num=20
)
ExtraQuestionFormSet: type[BaseRowFormSet] = forms.formset_factory(  # type: ignore[assignment]
    ExtraQuestionForm, formset=BaseRowFormSet, extra=1, can_delete=True, max_num=20
)
