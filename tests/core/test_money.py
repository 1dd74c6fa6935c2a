from decimal import Decimal

import pytest

from apps.core.errors import InvalidAmount
from apps.core.money import MAX_SOM, som_to_tiyin, tiyin_to_som, to_decimal


@pytest.mark.parametrize(
    ("som", "tiyin"),
    [
        (Decimal("0"), 0),
        (Decimal("0.01"), 1),
        (Decimal("12500"), 1_250_000),
        ("12500.50", 1_250_050),
        (7, 700),
        (MAX_SOM, 99_999_999_999_999),
        (Decimal("-15.25"), -1525),
    ],
)
def test_som_to_tiyin_is_exact(som, tiyin):
    assert som_to_tiyin(som) == tiyin
    assert tiyin_to_som(tiyin) == to_decimal(som)


@pytest.mark.parametrize(
    "bad",
    [
        0.1,
        1.0,
        True,
        "0.005",
        "abc",
        "",
        "NaN",
        "Infinity",
        "1e400",
        Decimal("1.001"),
        MAX_SOM + Decimal("0.01"),
    ],
)
def test_to_decimal_rejects_inexact_or_invalid_amounts(bad):
    with pytest.raises(InvalidAmount):
        to_decimal(bad)


@pytest.mark.parametrize("bad", [1.5, "100", None, True, 10**14 * 100])
def test_tiyin_to_som_rejects_non_integers_and_overflow(bad):
    with pytest.raises(InvalidAmount):
        tiyin_to_som(bad)


def test_trailing_zeroes_and_whitespace_are_normalised():
    assert to_decimal(" 100.10 ") == Decimal("100.10")
    assert str(to_decimal("100")) == "100.00"
    assert str(to_decimal("1E+2")) == "100.00"
