"""What the accounts services need to know about the HTTP request that triggered them."""

import ipaddress
from dataclasses import dataclass

from rest_framework.throttling import BaseThrottle


@dataclass(frozen=True)
class ClientInfo:
    ip: str | None
    user_agent: str = ""


def client_info(request) -> ClientInfo:
    """The caller's address as the throttles see it (the `NUM_PROXIES` rule, so a spoofed
    `X-Forwarded-For` is ignored) and a truncated user agent."""
    raw_ip = BaseThrottle().get_ident(request)
    try:
        ip = str(ipaddress.ip_address(raw_ip))
    except ValueError:
        ip = None
    return ClientInfo(ip=ip, user_agent=request.META.get("HTTP_USER_AGENT", "")[:300])
