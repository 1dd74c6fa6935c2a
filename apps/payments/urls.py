from django.urls import path

from . import api, webhooks

urlpatterns = [
    path("payme/", webhooks.payme_webhook, name="payments-payme"),
    path("click/prepare/", webhooks.click_prepare_webhook, name="payments-click-prepare"),
    path("click/complete/", webhooks.click_complete_webhook, name="payments-click-complete"),
    path("create/", api.PaymentCreateView.as_view(), name="payments-create"),
    path("<int:payment_id>/", api.PaymentDetailView.as_view(), name="payments-detail"),
    path("cash/confirm/", api.CashConfirmView.as_view(), name="payments-cash-confirm"),
    path("cash/ledger/", api.CashLedgerView.as_view(), name="payments-cash-ledger"),
    path("cash/hand-in/", api.CashHandInView.as_view(), name="payments-cash-hand-in"),
    path(
        "simulator/<str:provider>/<str:number>/",
        api.SimulatorView.as_view(),
        name="payments-simulator",
    ),
]
