"""Money is Decimal so'm with two places; providers that speak tiyin (so'm x 100) are converted
exactly, once, at the boundary. Floats are refused outright: they cannot hold money exactly."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import models

from .errors import InvalidAmount

TIYIN_PER_SOM = 100
SOM_QUANT = Decimal("0.01")
MAX_DIGITS = 14
MAX_SOM = Decimal(10 ** (MAX_DIGITS - 2)) - SOM_QUANT


def money_field(**kwargs) -> models.DecimalField:
    """The one column type for sums of money."""
    return models.DecimalField(max_digits=MAX_DIGITS, decimal_places=2, **kwargs)


def to_decimal(value: Decimal | int | str) -> Decimal:
    """Parse an exact amount of so'm; reject floats, non-finite values and sub-tiyin precision."""
    if isinstance(value, (bool, float)):
        raise InvalidAmount(details={"value": repr(value)})
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as exc:
        raise InvalidAmount(details={"value": str(value)[:50]}) from exc
    if not amount.is_finite() or abs(amount) > MAX_SOM:
        raise InvalidAmount(details={"value": str(value)[:50]})
    exact = amount.quantize(SOM_QUANT, rounding=ROUND_HALF_UP)
    if amount != exact:
        raise InvalidAmount(details={"value": str(value)[:50]})
    return exact


def som_to_tiyin(amount: Decimal | int | str) -> int:
    """Exact conversion of so'm to integer tiyin."""
    return int(to_decimal(amount) * TIYIN_PER_SOM)


def tiyin_to_som(tiyin: int) -> Decimal:
    """Exact conversion of integer tiyin to Decimal so'm."""
    if isinstance(tiyin, bool) or not isinstance(tiyin, int):
        raise InvalidAmount(details={"value": repr(tiyin)})
    amount = (Decimal(tiyin) / TIYIN_PER_SOM).quantize(SOM_QUANT)
    if abs(amount) > MAX_SOM:
        raise InvalidAmount(details={"value": str(tiyin)[:50]})
    return amount
