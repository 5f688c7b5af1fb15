"""Translated fields read in SQL as django-modeltranslation reads them on a model instance."""

from django.conf import settings
from django.db.models import CharField, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language
from modeltranslation.utils import build_localized_fieldname, resolution_order


def reading_order(field: str) -> list[str]:
    """The field's language columns in the order a reader sees them: the reader's language,
    then the fallback languages (an empty text counts as missing)."""
    codes = resolution_order(get_language() or settings.LANGUAGE_CODE)
    return [build_localized_fieldname(field, code) for code in codes]


def reading_sql(table: str, field: str) -> str:
    """The same in raw SQL: `table`'s translated column as the reader sees it."""
    columns = (f"NULLIF({table}.{column}, '')" for column in reading_order(field))
    return f"COALESCE({', '.join(columns)}, {table}.{field})"


def shown_name(prefix: str = "") -> Coalesce:
    """A translated name as a model instance shows it (the reader's language, then the
    fallbacks), read in SQL; `prefix` leads to the model that has it, e.g. "space__". A
    statement that reads it is the reader's language's."""
    return Coalesce(
        *(NullIf(f"{prefix}{column}", Value("")) for column in reading_order("name")),
        f"{prefix}name",
        output_field=CharField(),
    )
