"""Every write to the catalog and stock goes through these services."""

from .stock import (
    Allocation,
    stock_correct,
    stock_receive,
    stock_release,
    stock_reserve,
    stock_sell,
    stock_write_off,
)

__all__ = [
    "Allocation",
    "stock_correct",
    "stock_receive",
    "stock_release",
    "stock_reserve",
    "stock_sell",
    "stock_write_off",
]
