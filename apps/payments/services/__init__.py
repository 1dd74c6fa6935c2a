"""Every write to payments goes through these services."""

from .audit import payment_log_write, payment_status_set
from .cash import CashConfirmation, CashHandIn, cash_hand_in, cash_payment_confirm
from .click import ClickOutcome, click_complete, click_prepare
from .expiry import payme_transactions_expire
from .mismatches import payment_mismatch_flag, payment_mismatch_resolve
from .partial_refunds import (
    click_partial_refund,
    partial_refund_complete,
    partial_refunds_sweep,
    payments_order_items_removed,
)
from .payme import (
    payme_cancel,
    payme_check,
    payme_check_perform,
    payme_create,
    payme_fiscal_data_set,
    payme_perform,
    payme_statement,
)
from .reconciliation import ReconciliationReport, payments_reconcile
from .refunds import (
    click_refund,
    payment_refund_complete,
    payment_refunds_sweep,
    payments_order_cancelled,
)
from .start import PaymentStart, payment_start

__all__ = [
    "CashConfirmation",
    "CashHandIn",
    "ClickOutcome",
    "PaymentStart",
    "ReconciliationReport",
    "cash_hand_in",
    "cash_payment_confirm",
    "click_complete",
    "click_partial_refund",
    "click_prepare",
    "click_refund",
    "partial_refund_complete",
    "partial_refunds_sweep",
    "payme_cancel",
    "payme_check",
    "payme_check_perform",
    "payme_create",
    "payme_fiscal_data_set",
    "payme_perform",
    "payme_statement",
    "payme_transactions_expire",
    "payment_log_write",
    "payment_mismatch_flag",
    "payment_mismatch_resolve",
    "payment_refund_complete",
    "payment_refunds_sweep",
    "payment_start",
    "payment_status_set",
    "payments_order_cancelled",
    "payments_order_items_removed",
    "payments_reconcile",
]
