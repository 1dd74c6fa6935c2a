"""Pieces shared by the catalog endpoints: page shapes for the schema, pagination,
and the cached public read."""

from collections.abc import Callable

from django.db.models import QuerySet
from drf_spectacular.utils import inline_serializer
from rest_framework import serializers
from rest_framework.request import Request

from apps.core.pagination import StandardPagination
from apps.core.schema import errors  # noqa: F401 - re-exported for the catalog endpoints

from ..cache import catalog_cached


def paginated(name: str, item: type[serializers.Serializer]) -> serializers.Serializer:
    return inline_serializer(
        name,
        {
            "count": serializers.IntegerField(),
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": item(many=True),
        },
    )


def paginate(
    request: Request, view, queryset: QuerySet, serializer: type[serializers.Serializer]
) -> dict:
    """One page of `queryset` rendered with `serializer`, as the paginated body."""
    paginator = StandardPagination()
    page = paginator.paginate_queryset(queryset, request, view=view)
    return paginator.get_paginated_response(serializer(page, many=True).data).data


def is_staff_request(request: Request) -> bool:
    user = request.user
    return bool(user and user.is_authenticated and user.is_pharmacy_staff)


def public_read(request: Request, *, scope: str, compute: Callable[[], object]) -> object:
    """Public catalog reads are the same for every shopper: cache them per URL and language.
    Staff may see inactive products, so their reads bypass the cache."""
    if is_staff_request(request):
        return compute()
    params = f"{request.get_host()}|{request.LANGUAGE_CODE}|{request.get_full_path()}"
    return catalog_cached(scope=scope, params=params, compute=compute)
