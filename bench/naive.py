"""The naive baseline (benchmarks only, never routed in production): the catalog written the
obvious way — a plain ModelViewSet with ModelSerializers, `icontains` search over the names, no
select_related/prefetch, stock summed per product on request, alternatives computed in Python —
and an admin dashboard that aggregates the raw orders of the period on every request instead of
reading roll-ups. It answers the same questions as the real endpoints so the two can be timed
side by side."""

from django.db.models import Q, Sum
from django.urls import include, path
from django.utils import timezone
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from apps.core.pagination import StandardPagination
from apps.core.permissions import IsAdmin
from apps.dashboard.api import period_from_request
from apps.dashboard.periods import Preset
from apps.products.models import Manufacturer, Product, ProductSubstance


class NaiveManufacturerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Manufacturer
        fields = ["id", "name", "country"]


class NaiveProductSerializer(serializers.ModelSerializer):
    manufacturer = NaiveManufacturerSerializer()
    stock = serializers.SerializerMethodField()
    thumbnail = serializers.SerializerMethodField()

    class Meta:
        model = Product
        fields = [
            "id",
            "slug",
            "name_uz",
            "strength",
            "dosage_form",
            "pack_size",
            "price",
            "requires_prescription",
            "stock",
            "thumbnail",
            "manufacturer",
            "category",
        ]

    def get_stock(self, product) -> int:
        total = product.batches.filter(expiry_date__gt=timezone.localdate()).aggregate(
            total=Sum("quantity") - Sum("reserved")
        )["total"]
        return total or 0

    def get_thumbnail(self, product) -> str | None:
        image = product.images.order_by("position").first()
        return image.thumbnail.url if image else None


class NaiveCompositionSerializer(serializers.ModelSerializer):
    inn = serializers.CharField(source="substance.inn")

    class Meta:
        model = ProductSubstance
        fields = ["substance", "inn", "amount", "unit"]


class NaiveProductDetailSerializer(NaiveProductSerializer):
    substances = NaiveCompositionSerializer(source="compositions", many=True)

    class Meta(NaiveProductSerializer.Meta):
        fields = [*NaiveProductSerializer.Meta.fields, "description_uz", "leaflet", "substances"]


class NaiveProductViewSet(viewsets.ModelViewSet):
    queryset = Product.objects.filter(is_active=True).order_by("-popularity", "pk")
    serializer_class = NaiveProductSerializer
    pagination_class = StandardPagination
    permission_classes = [AllowAny]
    authentication_classes = []
    lookup_field = "slug"
    http_method_names = ["get"]

    def get_queryset(self):
        queryset = super().get_queryset()
        text = self.request.query_params.get("q")
        if text:
            queryset = queryset.filter(
                Q(name_uz__icontains=text) | Q(name_ru__icontains=text) | Q(name_en__icontains=text)
            )
        return queryset

    def get_serializer_class(self):
        return (
            NaiveProductDetailSerializer
            if self.action == "retrieve"
            else super().get_serializer_class()
        )

    @action(detail=True)
    def alternatives(self, request, slug=None):
        product = self.get_object()
        wanted = {c.substance_id for c in product.compositions.all()}
        candidates = (
            Product.objects.filter(is_active=True, compositions__substance_id__in=wanted)
            .exclude(pk=product.pk)
            .distinct()
        )
        same = [p for p in candidates if {c.substance_id for c in p.compositions.all()} == wanted]
        same.sort(key=lambda p: (p.dosage_form != product.dosage_form, p.price, p.pk))
        page = self.paginate_queryset(same)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


def naive_admin_dashboard(period) -> dict:
    """What a dashboard without roll-ups does: aggregate the raw orders of the period on every
    request — the day series by status and method (from which the KPIs and the payment split
    follow), top products and substances by revenue, the courier league — plus the same live
    stock counts as the real dashboard."""
    from django.db.models import Count
    from django.db.models.functions import TruncDate

    from apps.dashboard.periods import SHOP_TZ, day_bounds
    from apps.dashboard.selectors import admin_stock_counts
    from apps.dashboard.services import SETTLED, _prefixed
    from apps.orders.models import Order, OrderItem, OrderStatusHistory

    start, _ = day_bounds(period.start)
    _, end = day_bounds(period.end)
    orders = Order.objects.filter(created_at__gte=start, created_at__lt=end)
    series = list(
        orders.annotate(day=TruncDate("created_at", tzinfo=SHOP_TZ))
        .values("day", "payment_method", "status")
        .annotate(n=Count("id"), revenue=Sum("total", filter=SETTLED))
        .order_by("day")
    )
    items = OrderItem.objects.filter(
        _prefixed(SETTLED, "order__"), order__created_at__gte=start, order__created_at__lt=end
    )
    top_products = list(
        items.values("product_id", "product__name_uz")
        .annotate(units=Sum("quantity"), revenue=Sum("line_total"))
        .order_by("-revenue")[:10]
    )
    top_substances = list(
        items.values("product__compositions__substance__inn")
        .annotate(units=Sum("quantity"), revenue=Sum("line_total"))
        .order_by("-revenue")[:10]
    )
    league = list(
        OrderStatusHistory.objects.filter(
            to_status="delivered", actor_role="courier", created_at__gte=start, created_at__lt=end
        )
        .values("actor_id", "actor__first_name", "actor__last_name")
        .annotate(deliveries=Count("id"))
        .order_by("-deliveries")[:10]
    )
    kpis = {
        "orders_total": sum(row["n"] for row in series),
        "revenue_total": sum(row["revenue"] or 0 for row in series),
    }
    return {
        "kpis": kpis,
        "series": series,
        "top_products": top_products,
        "top_substances": top_substances,
        "courier_league": league,
        "stock": admin_stock_counts(),
    }


class NaiveAdminDashboardView(APIView):
    """The admin dashboard aggregated from raw orders on request (same period parameters)."""

    permission_classes = [IsAdmin]

    def get(self, request):
        period = period_from_request(request, default=Preset.LAST_30_DAYS)
        return Response(naive_admin_dashboard(period))


router = SimpleRouter()
router.register("products", NaiveProductViewSet, basename="naive-product")
urlpatterns = [
    path("", include(router.urls)),
    path("dashboard/admin/", NaiveAdminDashboardView.as_view()),
]
