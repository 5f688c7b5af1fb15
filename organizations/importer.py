"""Reading associations from a CSV file shaped like an extract of the YTJ / PRH registers.

Columns (header row required, names case-insensitive, `;` `,` or tab as separator, UTF-8):

    ytunnus          business ID, 1234567-8 (optional; the key for updates when present)
    nimi             name (required; the key for updates when there is no business ID)
    kotipaikka       domicile
    rekisterinumero  association register number, 123.456
    toimiala         categories: slugs or names, several separated by | or ,
                     (the column may also be called `category`)
    www              website; https:// is assumed when missing
    sahkoposti       public e-mail
    puhelin          public phone
    perustamisvuosi  founding year

A bad row is reported with its line number and reason and changes nothing; the good rows are
kept. Every change goes through organizations.services.
"""

import csv
import io
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from tqdm import tqdm

from organizations.forms import clean_business_id, clean_founded_year
from organizations.models import Association, Category
from organizations.services import create_association, update_association_profile
from organizations.validators import validate_register_number

COLUMNS = {
    "ytunnus": "business_id",
    "nimi": "name",
    "kotipaikka": "domicile",
    "rekisterinumero": "register_number",
    "toimiala": "categories",
    "category": "categories",
    "www": "website",
    "sahkoposti": "public_email",
    "puhelin": "public_phone",
    "perustamisvuosi": "founded_year",
}


class ImportRowForm(forms.Form):
    business_id = forms.CharField(max_length=12, required=False)
    name = forms.CharField(max_length=200)
    domicile = forms.CharField(max_length=100, required=False)
    register_number = forms.CharField(
        max_length=12, required=False, validators=[validate_register_number]
    )
    categories = forms.CharField(required=False)
    website = forms.URLField(required=False, assume_scheme="https")
    public_email = forms.EmailField(required=False)
    public_phone = forms.CharField(max_length=40, required=False)
    founded_year = forms.IntegerField(required=False)

    def clean_business_id(self):
        return clean_business_id(self.cleaned_data.get("business_id", ""))

    def clean_founded_year(self):
        return clean_founded_year(self.cleaned_data.get("founded_year"))

    def clean_categories(self):
        names = [
            part.strip()
            for part in self.cleaned_data.get("categories", "").replace("|", ",").split(",")
        ]
        categories = []
        for name in filter(None, names):
            found = Category.objects.filter(
                Q(slug__iexact=name)
                | Q(name__iexact=name)
                | Q(name_fi__iexact=name)
                | Q(name_sv__iexact=name)
                | Q(name_en__iexact=name)
            ).first()
            if found is None:
                raise ValidationError(
                    _("Unknown category “%(name)s”.") % {"name": name}, code="unknown_category"
                )
            categories.append(found)
        return categories


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


def _describe(error: ValidationError | forms.Form) -> str:
    if isinstance(error, forms.Form):
        return "; ".join(
            f"{name}: {' '.join(map(str, messages))}"
            if name != "__all__"
            else " ".join(map(str, messages))
            for name, messages in error.errors.items()
        )
    return " ".join(error.messages)


def _existing(data: dict) -> Association | None:
    if data["business_id"]:
        found = Association.objects.filter(business_id=data["business_id"]).first()
        if found is not None:
            return found
    matches = list(Association.objects.filter(name__iexact=data["name"])[:2])
    if len(matches) > 1:
        raise ValidationError(
            _("Several associations are called “%(name)s”; give the business ID.")
            % {"name": data["name"]},
            code="ambiguous_name",
        )
    return matches[0] if matches else None


def read_rows(text: str) -> tuple[list[tuple[int, dict]], list[tuple[int, str]]]:
    """The data rows with their line numbers, and problems with the header."""
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = [column.strip().lower() for column in next(reader, [])]
    if "nimi" not in header:
        return [], [(1, _("The header row must have a column called “nimi”."))]
    rows = []
    for values in reader:
        if not any(value.strip() for value in values):
            continue
        data = {}
        for column, value in zip(header, values, strict=False):
            if column in COLUMNS:
                data[COLUMNS[column]] = value.strip()
        rows.append((reader.line_num, data))
    return rows, []


def import_associations(text: str, *, dry_run: bool = False, progress=None) -> ImportResult:
    """Create or update associations from CSV text; bad rows are reported, good ones kept."""
    result = ImportResult()
    rows, problems = read_rows(text)
    result.errors += problems
    with transaction.atomic():
        for line, raw in tqdm(rows, file=progress, disable=progress is None, unit="row"):
            form = ImportRowForm(raw)
            if not form.is_valid():
                result.errors.append((line, _describe(form)))
                continue
            # An empty cell means "not known", so it never wipes a value already in the register.
            data = {
                key: value
                for key, value in form.cleaned_data.items()
                if key in raw and value not in ("", None, [])
            }
            try:
                with transaction.atomic():
                    association = _existing(form.cleaned_data)
                    if association is None:
                        create_association(data=data, by=None)
                        result.created += 1
                        continue
                    before = Association.objects.get(pk=association.pk).updated_at
                    update_association_profile(association=association, data=data, by=None)
                    association.refresh_from_db(fields=["updated_at"])
                    changed = association.updated_at != before
                    result.updated += changed
                    result.unchanged += not changed
            except ValidationError as error:
                result.errors.append((line, _describe(error)))
        if dry_run:
            transaction.set_rollback(True)
    return result
