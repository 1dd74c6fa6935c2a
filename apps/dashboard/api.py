"""Role dashboards: admin (roll-ups over a period, CSV export of each table), operator (work
queues), courier (own figures) and customer (own orders). Each view calls one selector."""

from datetime import date

from django.core.validators import MaxValueValidator, MinValueValidator
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.permissions import IsAdmin, IsCourier, IsCustomer, IsStaff
from apps.core.schema import errors

from . import selectors
from .exports import csv_render
from .periods import Period, Preset, period_resolve

SANE_DATES = [MinValueValidator(date(2000, 1, 1)), MaxValueValidator(date(2100, 1, 1))]


class RenamedFromMixin:
    """`from` is a Python keyword: the field is declared as `from_` and exposed as `from`."""

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = fields.pop("from_")
        return fields


class PeriodInput(RenamedFromMixin, serializers.Serializer):
    from_ = serializers.DateField(
        required=False, validators=SANE_DATES, help_text="First day (Asia/Tashkent)."
    )
    to = serializers.DateField(
        required=False, validators=SANE_DATES, help_text="Last day, included."
    )
    preset = serializers.ChoiceField(
        choices=Preset.ALL, required=False, help_text="Used when neither `from` nor `to` is given."
    )


def period_from_request(request, *, default: str) -> Period:
    data = PeriodInput(data=request.query_params)
    data.is_valid(raise_exception=True)
    values = data.validated_data
    return period_resolve(
        start=values.get("from"), end=values.get("to"), preset=values.get("preset"), default=default
    )


class DaySeriesOutput(serializers.Serializer):
    day = serializers.DateField()
    orders_total = serializers.IntegerField()
    paid_orders = serializers.IntegerField()
    revenue_total = serializers.DecimalField(max_digits=16, decimal_places=2)
    revenue_payme = serializers.DecimalField(max_digits=16, decimal_places=2)
    revenue_click = serializers.DecimalField(max_digits=16, decimal_places=2)
    revenue_cash = serializers.DecimalField(max_digits=16, decimal_places=2)
    average_basket = serializers.DecimalField(max_digits=16, decimal_places=2)
    new_customers = serializers.IntegerField()
    cancellations = serializers.IntegerField()
    refunds = serializers.IntegerField()
    refunds_amount = serializers.DecimalField(max_digits=16, decimal_places=2)
    rx_orders = serializers.IntegerField()


class PeriodOutput(RenamedFromMixin, serializers.Serializer):
    from_ = serializers.DateField()
    to = serializers.DateField()


class KpisOutput(DaySeriesOutput):
    day = None
    rx_share = serializers.DecimalField(max_digits=6, decimal_places=4)
    cancellation_rate = serializers.DecimalField(max_digits=6, decimal_places=4)


class PaymentSplitOutput(serializers.Serializer):
    payment_method = serializers.CharField()
    revenue = serializers.DecimalField(max_digits=16, decimal_places=2)
    share = serializers.DecimalField(max_digits=6, decimal_places=4)


class TopProductOutput(serializers.Serializer):
    product_id = serializers.IntegerField()
    name = serializers.CharField()
    units = serializers.IntegerField()
    revenue = serializers.DecimalField(max_digits=16, decimal_places=2)
    returns = serializers.IntegerField()


class TopSubstanceOutput(serializers.Serializer):
    substance_id = serializers.IntegerField()
    inn = serializers.CharField()
    units = serializers.IntegerField()
    revenue = serializers.DecimalField(max_digits=16, decimal_places=2)


class CourierLeagueOutput(serializers.Serializer):
    courier_id = serializers.IntegerField()
    name = serializers.CharField()
    deliveries = serializers.IntegerField()
    on_time = serializers.IntegerField()
    on_time_share = serializers.DecimalField(max_digits=6, decimal_places=4)
    failed = serializers.IntegerField()
    cash_collected = serializers.DecimalField(max_digits=16, decimal_places=2)


class StockOutput(serializers.Serializer):
    low_stock_products = serializers.IntegerField()
    near_expiry_batches = serializers.IntegerField()


class HealthOutput(serializers.Serializer):
    created_at = serializers.DateTimeField()
    queue_length = serializers.IntegerField()
    failed_notifications = serializers.IntegerField()
    payment_errors = serializers.IntegerField(allow_null=True)
    database_bytes = serializers.IntegerField(allow_null=True)


class AdminDashboardOutput(serializers.Serializer):
    period = PeriodOutput()
    kpis = KpisOutput()
    series = DaySeriesOutput(many=True)
    payment_split = PaymentSplitOutput(many=True)
    top_products = TopProductOutput(many=True)
    top_substances = TopSubstanceOutput(many=True)
    courier_league = CourierLeagueOutput(many=True)
    stock = StockOutput()
    system_health = HealthOutput(allow_null=True)


class AdminDashboardView(APIView):
    """Admins only. Figures come from the roll-ups (refreshed every few minutes) and are cached
    until the next refresh."""

    permission_classes = [IsAdmin]

    @extend_schema(
        parameters=[PeriodInput],
        responses={200: AdminDashboardOutput, **errors(400, 401, 403, s400="invalid_period")},
        summary="Admin dashboard: KPIs, series, rankings, stock and health for a period",
    )
    def get(self, request):
        period = period_from_request(request, default=Preset.LAST_30_DAYS)
        return Response(AdminDashboardOutput(selectors.admin_dashboard(period=period)).data)


class AdminExportView(APIView):
    """One admin table of the period as CSV (text cells that a spreadsheet would run as a
    formula are prefixed with a quote)."""

    permission_classes = [IsAdmin]

    @extend_schema(
        parameters=[
            PeriodInput,
            OpenApiParameter(
                "table", str, OpenApiParameter.PATH, enum=list(selectors.ADMIN_TABLES)
            ),
        ],
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="CSV file."),
            **errors(400, 401, 403, 404, s400="invalid_period", s404="unknown_table"),
        },
        summary="Admin dashboard table as CSV",
    )
    def get(self, request, table: str):
        period = period_from_request(request, default=Preset.LAST_30_DAYS)
        body = csv_render(rows=selectors.admin_table(table=table, period=period))
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
        filename = f"dorixona-{table}-{period.start}-{period.end}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class QueuedOrderOutput(serializers.Serializer):
    number = serializers.CharField()
    status = serializers.CharField()
    payment_method = serializers.CharField()
    delivery_type = serializers.CharField()
    total = serializers.DecimalField(max_digits=16, decimal_places=2)
    created_at = serializers.DateTimeField()


class QueueOutput(serializers.Serializer):
    count = serializers.IntegerField()
    oldest_created_at = serializers.DateTimeField(allow_null=True)
    orders = QueuedOrderOutput(many=True)


class OperatorQueuesOutput(serializers.Serializer):
    awaiting_prescription_review = QueueOutput()
    awaiting_preparation = QueueOutput()
    awaiting_courier = QueueOutput()


class TodayOutput(DaySeriesOutput):
    day = None
    average_basket = None


class OperatorDashboardOutput(serializers.Serializer):
    queues = OperatorQueuesOutput()
    today = TodayOutput()


class OperatorDashboardView(APIView):
    """Operators and admins: the work queues, oldest first, and today's numbers."""

    permission_classes = [IsStaff]

    @extend_schema(
        responses={200: OperatorDashboardOutput, **errors(401, 403)},
        summary="Operator dashboard: queues and today's numbers",
    )
    def get(self, request):
        return Response(OperatorDashboardOutput(selectors.operator_dashboard()).data)


class CourierSummaryOutput(serializers.Serializer):
    deliveries = serializers.IntegerField()
    on_time = serializers.IntegerField()
    on_time_share = serializers.DecimalField(max_digits=6, decimal_places=4)
    failed = serializers.IntegerField()
    cash_collected = serializers.DecimalField(max_digits=16, decimal_places=2)


class CourierDashboardOutput(serializers.Serializer):
    today = CourierSummaryOutput()
    week = CourierSummaryOutput(help_text="The last 7 days, today included.")


class CourierDashboardView(APIView):
    """Couriers: their own deliveries today and over the last 7 days."""

    permission_classes = [IsCourier]

    @extend_schema(
        responses={200: CourierDashboardOutput, **errors(401, 403)},
        summary="Courier dashboard: own figures today and this week",
    )
    def get(self, request):
        dashboard = selectors.courier_dashboard(courier_id=request.user.pk)
        return Response(CourierDashboardOutput(dashboard).data)


class CustomerDashboardOutput(serializers.Serializer):
    orders_total = serializers.IntegerField()
    orders_by_status = serializers.DictField(child=serializers.IntegerField())
    orders_settled = serializers.IntegerField()
    spent_total = serializers.DecimalField(max_digits=16, decimal_places=2)
    prescriptions_by_status = serializers.DictField(child=serializers.IntegerField())


class CustomerDashboardView(APIView):
    """Customers: their own orders, spending and prescriptions."""

    permission_classes = [IsCustomer]

    @extend_schema(
        responses={200: CustomerDashboardOutput, **errors(401, 403)},
        summary="Customer dashboard: own orders, spending and prescriptions",
    )
    def get(self, request):
        dashboard = selectors.customer_dashboard(customer_id=request.user.pk)
        return Response(CustomerDashboardOutput(dashboard).data)
