from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

GTIN_LENGTHS = (8, 12, 13, 14)


def gtin_is_valid(code: str) -> bool:
    """EAN-8, UPC-A, EAN-13 or GTIN-14 with a correct check digit."""
    if not (code.isascii() and code.isdigit() and len(code) in GTIN_LENGTHS):
        return False
    digits = [int(d) for d in code]
    body, check = digits[:-1], digits[-1]
    # Weights 3,1,3,1,... from the digit next to the check digit leftwards.
    total = sum(d * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10 == check


def validate_gtin(value: str) -> None:
    if not gtin_is_valid(value):
        raise ValidationError(
            _("Enter a valid EAN-8, EAN-13, UPC-A or GTIN-14 barcode."), code="invalid_barcode"
        )
