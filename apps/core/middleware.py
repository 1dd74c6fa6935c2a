import logging
import re
import time
import uuid

from django.conf import settings

from . import metrics
from .logging import request_id_var

logger = logging.getLogger("dorixona.request")
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9\-_.]{8,64}$")


class RequestIdMiddleware:
    """Tags each request with an id (the proxy's `X-Request-ID` when well-formed, else a new
    one), logs method, path, status and duration, and warns about slow requests."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _VALID_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        token = request_id_var.set(request_id)
        request.request_id = request_id
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            response["X-Request-ID"] = request_id
            level = logging.WARNING if duration_ms >= settings.SLOW_REQUEST_MS else logging.INFO
            logger.log(
                level,
                "%s %s %s %sms%s",
                request.method,
                request.path,
                response.status_code,
                duration_ms,
                " slow" if level == logging.WARNING else "",
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": duration_ms,
                },
            )
            return response
        finally:
            request_id_var.reset(token)


class RequestMetricsMiddleware:
    """Records each request's duration and status in Prometheus, labelled by the URL pattern
    that answered it (`api/v1/orders/<int:pk>/`), so ids in paths never multiply the series."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        route = match.route if match is not None and match.route else "<unmatched>"
        method = request.method if request.method in metrics.HTTP_METHODS else "other"
        metrics.http_request_duration_seconds.labels(method=method, route=route).observe(
            time.perf_counter() - started
        )
        metrics.http_requests_total.labels(
            method=method, route=route, status=str(response.status_code)
        ).inc()
        return response
