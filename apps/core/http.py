"""Who is calling: the client address exactly as DRF's throttles see it."""

from django.http import HttpRequest
from rest_framework.settings import api_settings


def client_ip(request: HttpRequest) -> str:
    """The client address with NUM_PROXIES applied: behind one nginx it is the entry nginx
    appended to X-Forwarded-For, so a forged header sent by the client changes nothing."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    remote_addr = request.META.get("REMOTE_ADDR", "")
    num_proxies = api_settings.NUM_PROXIES
    if not num_proxies or not forwarded:
        return remote_addr
    addresses = forwarded.split(",")
    return addresses[-min(num_proxies, len(addresses))].strip()
