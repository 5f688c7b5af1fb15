"""What every endpoint of the open API shares."""

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
