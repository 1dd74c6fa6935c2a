"""Products: the public catalog (list, search, detail, alternatives) and operator edits."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.schema import errors

from ..models import ActiveSubstance, Category, DosageForm, Manufacturer
from ..permissions import CatalogWriteThrottle, ReadOnlyOrStaff
from ..selectors import (
    ORDERINGS,
    product_alternatives,
    product_get,
    product_list,
    product_list_rows,
)
from ..services.catalog import product_create, product_update
from ..validators import gtin_is_valid
from .common import is_staff_request, paginate, paginated, public_read
from .serializers import ProductDetailOutput, ProductListItemOutput, ProductStaffOutput

PAGE_PARAMETERS = [
    OpenApiParameter("page", int, description="Page number (from 1)."),
    OpenApiParameter("page_size", int, description="Items per page (at most 100)."),
]
KEY_PARAMETER = OpenApiParameter(
    "key", str, OpenApiParameter.PATH, description="Product id (digits) or slug."
)


class CompositionInput(serializers.Serializer):
    substance = serializers.PrimaryKeyRelatedField(queryset=ActiveSubstance.objects.all())
    amount = serializers.CharField(max_length=32, required=False, allow_blank=True)
    unit = serializers.CharField(max_length=16, required=False, allow_blank=True)


class ProductInput(serializers.Serializer):
    name_uz = serializers.CharField(max_length=255)
    name_ru = serializers.CharField(max_length=255)
    name_en = serializers.CharField(max_length=255, required=False, allow_blank=True)
    description_uz = serializers.CharField(required=False, allow_blank=True)
    description_ru = serializers.CharField(required=False, allow_blank=True)
    description_en = serializers.CharField(required=False, allow_blank=True)
    slug = serializers.SlugField(max_length=280, required=False)
    barcode = serializers.CharField(max_length=14, required=False, allow_null=True)
    category = serializers.PrimaryKeyRelatedField(queryset=Category.objects.all())
    manufacturer = serializers.PrimaryKeyRelatedField(
        queryset=Manufacturer.objects.all(), required=False, allow_null=True
    )
    dosage_form = serializers.ChoiceField(choices=DosageForm.choices)
    strength = serializers.CharField(max_length=100, required=False, allow_blank=True)
    pack_size = serializers.IntegerField(min_value=1, max_value=100_000, required=False)
    requires_prescription = serializers.BooleanField(required=False)
    price = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=Decimal("0.01"))
    ikpu_code = serializers.RegexField(r"^[0-9]{17}$")
    package_code = serializers.CharField(max_length=20)
    vat_percent = serializers.IntegerField(min_value=0, max_value=100, required=False)
    is_active = serializers.BooleanField(required=False)
    storage_conditions = serializers.CharField(max_length=255, required=False, allow_blank=True)
    leaflet = serializers.CharField(required=False, allow_blank=True)
    low_stock_threshold = serializers.IntegerField(min_value=Decimal(0), required=False)
    substances = CompositionInput(many=True, required=False)

    def validate_slug(self, value: str) -> str:
        if value.isdigit():
            raise serializers.ValidationError(_("A slug cannot be only digits."))
        return value

    def validate_barcode(self, value: str | None) -> str | None:
        if value and not gtin_is_valid(value):
            raise serializers.ValidationError(
                _("Enter a valid EAN-8, EAN-13, UPC-A or GTIN-14 barcode.")
            )
        return value or None

    def validate_substances(self, value: list[dict]) -> list[dict]:
        ids = [item["substance"].pk for item in value]
        if len(ids) != len(set(ids)):
            raise serializers.ValidationError(_("Each active substance may be listed once."))
        return value


class ProductListApi(APIView):
    """The catalog. Reading is public; operators and admins add products."""

    permission_classes = [ReadOnlyOrStaff]
    throttle_classes = [CatalogWriteThrottle]

    class FilterSerializer(serializers.Serializer):
        q = serializers.CharField(required=False, min_length=2, max_length=100)
        category = serializers.CharField(required=False, max_length=140)
        requires_prescription = serializers.BooleanField(required=False, allow_null=True)
        substance = serializers.IntegerField(required=False, min_value=1)
        manufacturer = serializers.IntegerField(required=False, min_value=1)
        dosage_form = serializers.ChoiceField(choices=DosageForm.choices, required=False)
        price_min = serializers.DecimalField(
            max_digits=14, decimal_places=2, min_value=Decimal(0), required=False
        )
        price_max = serializers.DecimalField(
            max_digits=14, decimal_places=2, min_value=Decimal(0), required=False
        )
        in_stock = serializers.BooleanField(required=False, allow_null=True)
        ordering = serializers.ChoiceField(
            choices=sorted(ORDERINGS),
            required=False,
            help_text="Default: relevance when searching, else -popularity.",
        )

    @extend_schema(
        operation_id="products_list",
        parameters=[FilterSerializer, *PAGE_PARAMETERS],
        responses={
            200: paginated("PaginatedProductList", ProductListItemOutput),
            **errors(400, 404),
        },
    )
    def get(self, request):
        filters = self.FilterSerializer(data=request.query_params.dict())
        filters.is_valid(raise_exception=True)
        include_inactive = is_staff_request(request)
        return Response(
            public_read(
                request,
                scope="product-list",
                compute=lambda: paginate(
                    request,
                    self,
                    product_list(filters=filters.validated_data, include_inactive=include_inactive),
                    ProductListItemOutput,
                    # A search scores every candidate: count them in the query of the page.
                    rows=(lambda ids: product_list_rows(ids=ids))
                    if filters.validated_data.get("q")
                    else None,
                ),
            )
        )

    @extend_schema(
        operation_id="products_create",
        request=ProductInput,
        responses={201: ProductStaffOutput, **errors(400, 401, 403, 409, 429)},
    )
    def post(self, request):
        data = ProductInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        compositions = fields.pop("substances", [])
        product = product_create(data=fields, compositions=compositions, actor=request.user)
        return Response(ProductStaffOutput(product).data, status=status.HTTP_201_CREATED)


class ProductDetailApi(APIView):
    """One product by id or slug with substances, images and leaflet; operators edit it."""

    permission_classes = [ReadOnlyOrStaff]
    throttle_classes = [CatalogWriteThrottle]

    @extend_schema(
        operation_id="products_retrieve",
        parameters=[KEY_PARAMETER],
        responses={200: ProductDetailOutput, **errors(404)},
    )
    def get(self, request, key: str):
        include_inactive = is_staff_request(request)
        return Response(
            public_read(
                request,
                scope="product-detail",
                compute=lambda: (
                    ProductDetailOutput(
                        product_get(key=key, include_inactive=include_inactive)
                    ).data
                ),
            )
        )

    @extend_schema(
        operation_id="products_partial_update",
        parameters=[KEY_PARAMETER],
        request=ProductInput(partial=True),
        responses={200: ProductStaffOutput, **errors(400, 401, 403, 404, 409, 429)},
    )
    def patch(self, request, key: str):
        product = product_get(key=key, include_inactive=True)
        data = ProductInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        compositions = fields.pop("substances", None)
        product = product_update(
            product=product, data=fields, compositions=compositions, actor=request.user
        )
        return Response(ProductStaffOutput(product).data)


class ProductAlternativesApi(APIView):
    """Products with the same active substances: same strength and form first, then in stock,
    then the cheapest."""

    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="products_alternatives",
        parameters=[KEY_PARAMETER, *PAGE_PARAMETERS],
        responses={
            200: paginated("PaginatedAlternativeList", ProductListItemOutput),
            **errors(404),
        },
    )
    def get(self, request, key: str):
        return Response(
            public_read(
                request,
                scope="product-alternatives",
                compute=lambda: paginate(
                    request,
                    self,
                    product_alternatives(key=key),
                    ProductListItemOutput,
                ),
            )
        )
