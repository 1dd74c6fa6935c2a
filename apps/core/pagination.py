from django.conf import settings
from rest_framework.pagination import PageNumberPagination


class StandardPagination(PageNumberPagination):
    """Page-number pagination with a hard cap: `?page_size` above the cap is clamped to it,
    nonsense values fall back to the default, so no query string can make a page unbounded."""

    page_size_query_param = "page_size"
    max_page_size = settings.API_MAX_PAGE_SIZE
