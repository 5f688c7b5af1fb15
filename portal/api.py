"""What every endpoint of the open API shares: paging (errors are documented in api_schema),
and serializers whose fields are built once."""

import copy

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.fields import Field
from rest_framework.pagination import PageNumberPagination
from rest_framework.serializers import BaseSerializer, Serializer


class PagePagination(PageNumberPagination):
    """Pages by number; a `page` that is no page number is refused with 400 and the reason.

    A well-formed number past the last page stays DRF's 404, as for any missing resource.
    """

    invalid_number_message = _("A page number is a whole number from 1 up, or “last”.")

    def get_page_number(self, request, paginator):
        number = super().get_page_number(request, paginator)
        if isinstance(number, int):
            return number
        if not (number.isascii() and number.isdecimal()) or not number.strip("0"):
            raise ValidationError({self.page_query_param: [self.invalid_number_message]})
        return number

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["description"] = (
                    "A page number from 1 up, or `last`; past the last page the answer is 404."
                )
                parameter["schema"] = {
                    "anyOf": [
                        {"type": "integer", "minimum": 1},
                        {"type": "string", "enum": list(self.last_page_strings)},
                    ]
                }
        return parameters


class FieldsBuiltOnce(Serializer):
    """A serializer base: the fields are built once per class and copied for each serializer.

    DRF builds a model serializer's fields anew for every serializer it makes, reading the
    model's fields and their options: for the register's 28 fields that took 0.8 ms of each
    request. Each serializer still gets fields of its own, bound to it (and so to its request),
    as shallow copies of the first ones; a nested serializer is copied as DRF copies it.
    For read-only serializers whose fields depend on their class alone; put it before the
    serializer class it speeds up (class S(FieldsBuiltOnce, ModelSerializer)).
    """

    _built_fields: dict[str, Field]

    def get_fields(self):
        cls = type(self)
        built = cls.__dict__.get("_built_fields")
        if built is None:
            built = cls._built_fields = super().get_fields()
        return {
            name: copy.deepcopy(field) if isinstance(field, BaseSerializer) else copy.copy(field)
            for name, field in built.items()
        }
