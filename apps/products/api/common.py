"""Pieces shared by the catalog endpoints: page shapes for the schema, pagination,
and the cached public read."""

from collections.abc import Callable
from functools import partial

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Count, QuerySet, Window
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


class CountedWithPagePaginator(Paginator):
    """A paginator for ranked searches that counts the matches in the query that finds the page.

    The plain paginator runs `count(*)` and then the page, so PostgreSQL scores every search
    candidate twice (trigram and prefix match, `word_similarity`): the count was half of a
    search's time under load. Here one query selects the ids of the page together with
    `count(*) OVER ()` over all matches, and `rows(ids)` loads the page's objects by primary
    key. Same answer, same two queries, one scoring pass. A page past the end is still an
    `EmptyPage` (404), "last" still counts first."""

    def __init__(self, object_list, per_page, *, rows: Callable[[list[int]], list], **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.rows = rows

    def page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError) as error:
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from error
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        bottom = (number - 1) * self.per_page
        found = list(
            self.object_list.annotate(matches=Window(Count("*"))).values_list("pk", "matches")[
                bottom : bottom + self.per_page
            ]
        )
        if found:
            self.__dict__["count"] = found[0][1]  # `count` is a cached_property
        elif number == 1 and self.allow_empty_first_page:
            self.__dict__["count"] = 0
        else:
            raise EmptyPage(self.error_messages["no_results"])
        return self._get_page(self.rows([pk for pk, _matches in found]), number, self)


def paginate(
    request: Request,
    view,
    queryset: QuerySet,
    serializer: type[serializers.Serializer],
    *,
    rows: Callable[[list[int]], list] | None = None,
) -> dict:
    """One page of `queryset` rendered with `serializer`, as the paginated body. With `rows`
    (ids -> objects), the count comes with the page's ids (`CountedWithPagePaginator`)."""
    paginator = StandardPagination()
    if rows is not None:
        paginator.django_paginator_class = partial(CountedWithPagePaginator, rows=rows)
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
