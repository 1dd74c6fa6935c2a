import hmac
import logging
import sys

from django.conf import settings
from django.db.utils import InterfaceError, OperationalError
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import extend_schema, inline_serializer
from prometheus_client import CONTENT_TYPE_PLAIN_0_0_4, generate_latest
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from . import metrics
from .errors import ServiceUnavailable
from .exceptions import error_body
from .health import run_checks
from .http import client_ip
from .private_media import private_file_response

logger = logging.getLogger(__name__)

API_SECTIONS = (
    "users",
    "notifications",
    "products",
    "prescriptions",
    "orders",
    "payments",
    "delivery",
    "dashboard",
)


class ApiRootView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(
        responses=inline_serializer("ApiRoot", {"sections": serializers.DictField()}),
    )
    def get(self, request):
        base = reverse("api-root", request=request)
        return Response(
            {
                "sections": {name: f"{base}{name}/" for name in API_SECTIONS},
                "schema": reverse("schema", request=request),
                "docs": reverse("swagger-ui", request=request),
            }
        )


class HealthView(APIView):
    """Liveness: the process answers. Touches nothing else."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(responses=inline_serializer("Health", {"status": serializers.CharField()}))
    def get(self, request):
        return Response({"status": "ok"})


class HealthDetailedView(APIView):
    """Readiness: database, cache, broker and disk; 503 naming every part that failed."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(
        responses={
            200: inline_serializer(
                "HealthDetailed",
                {"status": serializers.CharField(), "checks": serializers.DictField()},
            ),
            503: inline_serializer(
                "HealthDetailedFailing",
                {
                    "status": serializers.CharField(),
                    "checks": serializers.DictField(),
                    "failing": serializers.ListField(),
                },
            ),
        }
    )
    def get(self, request):
        checks = run_checks()
        failing = [name for name, result in checks.items() if result != "ok"]
        if failing:
            return Response(
                {"status": "unavailable", "checks": checks, "failing": failing}, status=503
            )
        return Response({"status": "ok", "checks": checks})


@csrf_exempt  # an unknown path answers 404 for every method, not a CSRF page
def api_not_found(request, *args, **kwargs):
    return JsonResponse(error_body("not_found", _("Not found.")), status=404)


def not_found(request, exception=None):
    if request.path.startswith("/api/"):
        return api_not_found(request)
    return HttpResponse(_("Not found."), status=404, content_type="text/plain; charset=utf-8")


# Seconds a client is told to wait after a 503 for an unreachable database (a restart or failover
# usually takes a few seconds).
DATABASE_RETRY_AFTER_SECONDS = 5


def server_error(request):
    # Django calls this inside the `except` of the request: the error is still at hand.
    if isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        return database_unavailable(request)
    if request.path.startswith("/api/"):
        body = error_body("server_error", _("Something went wrong on our side. Please try again."))
        return JsonResponse(body, status=500)
    return HttpResponse(_("Server error."), status=500, content_type="text/plain; charset=utf-8")


def database_unavailable(request):
    """The database could not be reached or dropped the connection (restart, failover, network):
    a temporary condition, so a 503 with Retry-After in the one error format rather than a 500.
    Django still logs the error with its traceback (and reports it to Sentry); the client sees
    neither. The next request reconnects by itself (CONN_HEALTH_CHECKS)."""
    error = ServiceUnavailable()
    if request.path.startswith("/api/"):
        response = JsonResponse(error_body(error.code, error.message), status=503)
    else:
        response = HttpResponse(
            str(error.message), status=503, content_type="text/plain; charset=utf-8"
        )
    response["Retry-After"] = str(DATABASE_RETRY_AFTER_SECONDS)
    return response


def spa_index(request, *args, **kwargs):
    """Serve the built SPA's index.html for client-side routes (the embedded shop)."""
    index = settings.SPA_DIST_DIR / "index.html"
    if not index.is_file():
        raise Http404("The web client is not built: run `make frontend`.")
    response = FileResponse(index.open("rb"), content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response


def metrics_view(request):
    """Prometheus scrape endpoint. With METRICS_TOKEN set the scraper must send it as a bearer
    token; otherwise the client must be in METRICS_ALLOWED_NETWORKS. nginx additionally keeps
    /metrics to internal networks."""
    if settings.METRICS_TOKEN:
        scheme, _, sent = request.headers.get("Authorization", "").partition(" ")
        expected = settings.METRICS_TOKEN.encode()
        if scheme != "Bearer" or not hmac.compare_digest(sent.encode(), expected):
            response = HttpResponse("Unauthorized.\n", status=401, content_type="text/plain")
            response["WWW-Authenticate"] = 'Bearer realm="metrics"'
            return response
    elif not metrics.is_allowed_network(client_ip(request)):
        return HttpResponse("Forbidden.\n", status=403, content_type="text/plain")
    body = generate_latest(metrics.scrape_registry())
    return HttpResponse(body, content_type=CONTENT_TYPE_PLAIN_0_0_4)


def private_media(request, path: str):
    """A private file for pharmacy staff (wrapped in the admin's staff check in config/urls.py):
    operators reviewing prescriptions open them from admin. Customers reach their own files
    through the owning app's view, which checks ownership and calls the same helper."""
    logger.info(
        "private file served to staff",
        extra={"user_id": request.user.pk, "private_path": path},
    )
    return private_file_response(relative_path=path)


# Private areas of the storefront and the API are no business of crawlers.
ROBOTS_DISALLOW = (
    "/api/",
    "/admin/",
    "/cart",
    "/checkout",
    "/orders",
    "/account",
    "/prescriptions",
)


def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW)]
    lines.append(f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
