"""Reference lists of the public catalog: the category tree, active substances, manufacturers."""

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.schema import errors

from ..selectors import category_tree, manufacturer_list, substance_list
from .common import paginate, paginated, public_read
from .products import PAGE_PARAMETERS
from .serializers import ManufacturerOutput, SubstanceOutput


class SearchFilter(serializers.Serializer):
    search = serializers.CharField(required=False, max_length=100, allow_blank=True)


class CategoryTreeApi(APIView):
    """Active categories as a tree, ordered by position."""

    permission_classes = [AllowAny]

    class CategoryNode(serializers.Serializer):
        id = serializers.IntegerField(source="category.id")
        slug = serializers.CharField(source="category.slug")
        name = serializers.CharField(source="category.name")
        icon = serializers.CharField(source="category.icon")
        children = serializers.SerializerMethodField()

        @extend_schema_field(
            {"type": "array", "items": {"$ref": "#/components/schemas/CategoryNode"}}
        )
        def get_children(self, node) -> list:
            return type(self)(node["children"], many=True).data

    @extend_schema(
        operation_id="products_categories",
        responses={200: CategoryNode(many=True)},
    )
    def get(self, request):
        return Response(
            public_read(
                request,
                scope="category-tree",
                compute=lambda: self.CategoryNode(category_tree(), many=True).data,
            )
        )


class SubstanceListApi(APIView):
    """Active substances, searchable by INN, Uzbek or Russian name, or ATC code."""

    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="products_substances",
        parameters=[SearchFilter, *PAGE_PARAMETERS],
        responses={200: paginated("PaginatedSubstanceList", SubstanceOutput), **errors(400, 404)},
    )
    def get(self, request):
        filters = SearchFilter(data=request.query_params.dict())
        filters.is_valid(raise_exception=True)
        search = filters.validated_data.get("search", "")
        return Response(
            public_read(
                request,
                scope="substances",
                compute=lambda: paginate(
                    request, self, substance_list(search=search), SubstanceOutput
                ),
            )
        )


class ManufacturerListApi(APIView):
    """Manufacturers, searchable by name."""

    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="products_manufacturers",
        parameters=[SearchFilter, *PAGE_PARAMETERS],
        responses={
            200: paginated("PaginatedManufacturerList", ManufacturerOutput),
            **errors(400, 404),
        },
    )
    def get(self, request):
        filters = SearchFilter(data=request.query_params.dict())
        filters.is_valid(raise_exception=True)
        search = filters.validated_data.get("search", "")
        return Response(
            public_read(
                request,
                scope="manufacturers",
                compute=lambda: paginate(
                    request, self, manufacturer_list(search=search), ManufacturerOutput
                ),
            )
        )
