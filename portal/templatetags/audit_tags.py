"""Audit log and change history in the reader's words: no action codes, no raw stored values."""

import datetime

from django import template
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import truncatechars
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.audit import action_label

register = template.Library()

EMPTY = "–"


@register.filter
def audit_action(action: str) -> str:
    """`{{ event.action|audit_action }}`: the action's label in the current language."""
    return str(action_label(action))


def _field_for(model: type[models.Model], change: dict) -> models.Field | None:
    """The changed field the change names, if the model has it."""
    try:
        field = model._meta.get_field(change.get("field", ""))
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None


def _choice_label(field: models.Field, value) -> str:
    return str(dict(field.flatchoices).get(value, value))


def readable_value(field: models.Field | None, value) -> str:
    """One stored value as the field's form shows it: labels, yes/no, dates, names."""
    if isinstance(field, models.BooleanField):
        if value is None:
            return EMPTY
        return _("yes") if value else _("no")
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(field, ArrayField) and isinstance(value, list | tuple):
        base = field.base_field
        items = [_choice_label(base, item) if base.choices else str(item) for item in value]
        return ", ".join(items)
    if field is not None and field.choices:
        return _choice_label(field, value)
    if isinstance(field, models.ForeignKey):
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else EMPTY
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return date_filter(value, "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_filter(value, "DATE_FORMAT")
    return truncatechars(str(value), 80)


@register.simple_tag
def history_value(instance: models.Model, change: dict, side: str) -> str:
    """`{% history_value association change "old" %}`: one side of a change, readable."""
    field = _field_for(type(instance), change)
    return readable_value(field, change.get(side))
