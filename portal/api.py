"""What every endpoint of the open API shares: paging (errors are documented in api_schema)."""

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination


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
