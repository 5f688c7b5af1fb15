import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fi import ytunnus

REGISTER_NUMBER = re.compile(r"^\d{1,3}\.\d{3}$")


def validate_business_id(value: str) -> None:
    """A Finnish business ID (Y-tunnus) in the form 1234567-1 with a correct check digit."""
    try:
        ytunnus.validate(value)
    except StdnumError:
        raise ValidationError(
            _("%(value)s is not a valid business ID. Write it as 1234567-1."),
            code="invalid_business_id",
            params={"value": value},
        ) from None
    if ytunnus.format(value) != value:
        raise ValidationError(
            _("Write the business ID as 1234567-1."),
            code="business_id_format",
        )


def validate_register_number(value: str) -> None:
    """The national register of associations' number, e.g. 123.456."""
    if not REGISTER_NUMBER.match(value):
        raise ValidationError(
            _("Write the register number as 123.456."), code="invalid_register_number"
        )


BUSINESS_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2)


def business_id_with_check_digit(digits: str) -> str | None:
    """The full business ID for seven digits, or None when no check digit fits (remainder 1)."""
    remainder = sum(int(d) * w for d, w in zip(digits, BUSINESS_ID_WEIGHTS, strict=True)) % 11
    if remainder == 1:
        return None
    return f"{digits}-{0 if remainder == 0 else 11 - remainder}"
