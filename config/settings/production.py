"""Production: refuses to start with development defaults, and turns on HTTPS-only settings."""

from .base import *
from .guards import check_production_settings

check_production_settings(
    secret_key=SECRET_KEY,
    insecure_key=INSECURE_SECRET_KEY,
    debug=DEBUG,
    allowed_hosts=ALLOWED_HOSTS,
)

SERVE_MEDIA = env.bool("SERVE_MEDIA", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
# Probes and the Prometheus scraper talk plain HTTP to gunicorn on the internal network.
SECURE_REDIRECT_EXEMPT = [r"^health/", r"^metrics$"]
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LOG_JSON = env.bool("LOG_JSON", default=True)
LOGGING["handlers"]["console"]["formatter"] = "json" if LOG_JSON else "readable"
