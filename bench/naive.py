"""The naive baseline (benchmarks only, never routed in production): the catalog written the
obvious way — a plain ModelViewSet with ModelSerializers, `icontains` search over the names, no
select_related/prefetch, stock summed per product on request, alternatives computed in Python.
It answers the same questions as the real endpoints so the two can be timed side by side."""

from django.db.models import Q, Sum
from django.urls import include, path
from django.utils import timezone
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.routers import SimpleRouter

from apps.core.pagination import StandardPagination
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


router = SimpleRouter()
router.register("products", NaiveProductViewSet, basename="naive-product")
urlpatterns = [path("", include(router.urls))]
