"""The real URLconf plus the naive baseline under /bench/naive/ (benchmarks only)."""

from django.urls import include, path

from config.urls import handler404, handler500
from config.urls import urlpatterns as real

from .naive import urlpatterns as naive

urlpatterns = [path("bench/naive/", include(naive)), *real]
__all__ = ["handler404", "handler500", "urlpatterns"]
