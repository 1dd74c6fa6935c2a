"""HTTP layer of payments (our API): parse, call one service or selector, render. Errors are
raised by the services and rendered by the one exception handler. The provider callbacks are in
`webhooks.py`; they speak the providers' protocols instead."""

from django.http import Http404
from django.shortcuts import render
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.permissions import IsCourier, IsCustomer, IsStaff
from apps.core.schema import errors
from apps.orders.selectors import order_accepts_payment, order_get_by_number

from . import selectors, services, simulator
from .links import checkout_url, order_return_url, provider_available, simulator_enabled
from .models import ONLINE_PROVIDER_CHOICES, ONLINE_PROVIDERS, PaymentProvider, PaymentStatus

AMOUNT = {"max_digits": 14, "decimal_places": 2}

# --- payments ------------------------------------------------------------------------------------


class PaymentOutput(serializers.Serializer):
    id = serializers.IntegerField()
    order_id = serializers.IntegerField()
    order_number = serializers.CharField(source="order.number")
    provider = serializers.ChoiceField(choices=PaymentProvider.choices)
    amount = serializers.DecimalField(**AMOUNT)
    status = serializers.ChoiceField(choices=PaymentStatus.choices)
    status_display = serializers.CharField(source="get_status_display")
    created_at = serializers.DateTimeField()
    paid_at = serializers.DateTimeField(allow_null=True)
    refunded_at = serializers.DateTimeField(allow_null=True)
    order_is_paid = serializers.SerializerMethodField()
    checkout_url = serializers.SerializerMethodField(
        help_text="Where to (still) pay, while this attempt is open and the order awaits payment."
    )

    def get_order_is_paid(self, payment) -> bool:
        return payment.order.paid_at is not None

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_checkout_url(self, payment) -> str | None:
        open_attempt = payment.status in (PaymentStatus.PENDING, PaymentStatus.PROCESSING)
        if not open_attempt or not order_accepts_payment(order=payment.order):
            return None
        if not provider_available(payment.provider):
            return None
        return checkout_url(
            order=payment.order, provider=payment.provider, request=self.context.get("request")
        )


class PaymentCreateView(APIView):
    """The customer starts paying their order online and gets where to pay."""

    permission_classes = [IsCustomer]

    class PaymentCreateInput(serializers.Serializer):
        order_id = serializers.IntegerField(min_value=1)
        provider = serializers.ChoiceField(choices=ONLINE_PROVIDER_CHOICES)

    class PaymentCreateOutput(serializers.Serializer):
        payment_id = serializers.IntegerField(source="payment.pk")
        checkout_url = serializers.URLField()

    @extend_schema(
        request=PaymentCreateInput,
        responses={
            201: PaymentCreateOutput,
            200: OpenApiResponse(
                PaymentCreateOutput, description="The open attempt of this order and provider."
            ),
            **errors(
                400,
                401,
                403,
                404,
                409,
                s400="provider_not_available",
                s409="order_already_paid, order_not_payable",
            ),
        },
        summary="Start an online payment (Payme or Click) of one's own order",
    )
    def post(self, request):
        serializer = self.PaymentCreateInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        started = services.payment_start(
            customer=request.user, request=request, **serializer.validated_data
        )
        code = status.HTTP_201_CREATED if started.created else status.HTTP_200_OK
        return Response(self.PaymentCreateOutput(started).data, status=code)


class PaymentDetailView(APIView):
    """A payment of one's own order (anyone else's is 404)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses={200: PaymentOutput, **errors(401, 404)},
        summary="The status of one's own payment",
    )
    def get(self, request, payment_id: int):
        payment = selectors.payment_get_for_owner(user=request.user, payment_id=payment_id)
        return Response(PaymentOutput(payment, context={"request": request}).data)


# --- cash ----------------------------------------------------------------------------------------


class CashPaymentOutput(serializers.Serializer):
    payment_id = serializers.IntegerField(source="pk")
    order_id = serializers.IntegerField()
    order_number = serializers.CharField(source="order.number")
    amount = serializers.DecimalField(**AMOUNT)
    status = serializers.ChoiceField(choices=PaymentStatus.choices)
    collected_by = serializers.IntegerField(source="collected_by_id")
    collected_at = serializers.DateTimeField(source="paid_at")


class CashConfirmView(APIView):
    """The courier (for an order assigned to them) or an operator at the counter confirms the
    cash received for a cash order; the order is then paid."""

    permission_classes = [IsCourier | IsStaff]

    class CashConfirmInput(serializers.Serializer):
        order_id = serializers.IntegerField(min_value=1)
        amount = serializers.DecimalField(min_value=0, **AMOUNT)

    @extend_schema(
        request=CashConfirmInput,
        responses={
            201: CashPaymentOutput,
            200: OpenApiResponse(CashPaymentOutput, description="Confirmed before: the same."),
            **errors(
                400,
                401,
                403,
                404,
                409,
                s400="cash_amount_mismatch",
                s409="not_cash_order, order_already_paid, order_not_payable",
            ),
        },
        summary="Confirm the cash received for a cash order",
    )
    def post(self, request):
        serializer = self.CashConfirmInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        confirmation = services.cash_payment_confirm(
            collector=request.user, **serializer.validated_data
        )
        code = status.HTTP_201_CREATED if confirmation.created else status.HTTP_200_OK
        return Response(CashPaymentOutput(confirmation.payment).data, status=code)


class CashLedgerRowOutput(serializers.Serializer):
    class CollectionOutput(serializers.Serializer):
        payment_id = serializers.IntegerField()
        order_number = serializers.CharField()
        amount = serializers.DecimalField(**AMOUNT)
        collected_at = serializers.DateTimeField()

    collector_id = serializers.IntegerField()
    collector_name = serializers.CharField()
    collector_phone = serializers.CharField()
    collector_role = serializers.CharField()
    amount_due = serializers.DecimalField(**AMOUNT)
    collections_count = serializers.IntegerField()
    oldest_collected_at = serializers.DateTimeField()
    collections = CollectionOutput(many=True)


class CashLedgerView(APIView):
    """Cash collected and not yet handed in, per collector. Couriers see their own."""

    permission_classes = [IsCourier | IsStaff]

    @extend_schema(
        responses={200: CashLedgerRowOutput(many=True), **errors(401, 403)},
        summary="The cash ledger: what each collector must hand in",
    )
    def get(self, request):
        return Response(
            CashLedgerRowOutput(selectors.cash_ledger(user=request.user), many=True).data
        )


class CashHandInView(APIView):
    """Staff record cash handed in by a collector, after counting it."""

    permission_classes = [IsStaff]

    class CashHandInInput(serializers.Serializer):
        payment_ids = serializers.ListField(
            child=serializers.IntegerField(min_value=1), min_length=1, max_length=500
        )
        amount = serializers.DecimalField(min_value=0, **AMOUNT)

    class CashHandInOutput(serializers.Serializer):
        handed_in = serializers.IntegerField(source="count")
        amount = serializers.DecimalField(**AMOUNT)

    @extend_schema(
        request=CashHandInInput,
        responses={
            200: CashHandInOutput,
            **errors(
                400, 401, 403, 404, 409, s400="cash_amount_mismatch", s409="cash_already_handed_in"
            ),
        },
        summary="Record cash handed in (staff)",
    )
    def post(self, request):
        serializer = self.CashHandInInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        hand_in = services.cash_hand_in(received_by=request.user, **serializer.validated_data)
        return Response(self.CashHandInOutput(hand_in).data)


# --- development simulator -----------------------------------------------------------------------


class SimulatorView(APIView):
    """Development only (404 unless DEBUG or PAYMENTS_SIMULATOR_ENABLED): GET shows a pay page,
    POST plays the provider against our own webhooks and pays (or fails) the order."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    class SimulatorInput(serializers.Serializer):
        outcome = serializers.ChoiceField(
            choices=[simulator.SimulatorOutcome.PAY, simulator.SimulatorOutcome.FAIL],
            default=simulator.SimulatorOutcome.PAY,
        )
        redirect = serializers.BooleanField(
            default=False, help_text="Answer with a redirect to the order page (the HTML form)."
        )

    class SimulatorOutput(serializers.Serializer):
        class StepOutput(serializers.Serializer):
            call = serializers.CharField()
            request = serializers.DictField()
            response = serializers.DictField()

        provider = serializers.ChoiceField(choices=ONLINE_PROVIDER_CHOICES)
        outcome = serializers.CharField()
        is_paid = serializers.BooleanField()
        steps = StepOutput(many=True)
        return_url = serializers.URLField()

    def _order(self, provider: str, number: str):
        order = order_get_by_number(number=number)
        if not simulator_enabled() or provider not in ONLINE_PROVIDERS or order is None:
            raise Http404
        return order

    @extend_schema(exclude=True)
    def get(self, request, provider: str, number: str):
        order = self._order(provider, number)
        return render(
            request,
            "payments/simulator.html",
            {"order": order, "provider": PaymentProvider(provider), "action": request.path},
        )

    @extend_schema(
        request=SimulatorInput,
        responses={
            200: SimulatorOutput,
            303: None,
            **errors(400, 404, 503, s503="simulator_webhook_unavailable"),
        },
        summary="Development: play Payme or Click against our webhooks",
    )
    def post(self, request, provider: str, number: str):
        order = self._order(provider, number)
        serializer = self.SimulatorInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        played = simulator.simulator_play(
            order=order,
            provider=provider,
            outcome=serializer.validated_data["outcome"],
            base_url=request.build_absolute_uri("/"),
        )
        return_url = order_return_url(order=order, request=request)
        if serializer.validated_data["redirect"]:
            return Response(status=status.HTTP_303_SEE_OTHER, headers={"Location": return_url})
        body = {**played.__dict__, "is_paid": played.is_paid, "return_url": return_url}
        return Response(self.SimulatorOutput(body).data)
