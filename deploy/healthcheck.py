#!/usr/bin/env python3
"""Container health check for the web process: GET /health/ on the local gunicorn.

Sends the first DJANGO_ALLOWED_HOSTS name as Host, since production Django refuses any other
(a bare 127.0.0.1 would get 400). Standard library only, so it costs no Django start-up."""

import os
import sys
import urllib.request

port = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000").rsplit(":", 1)[-1]
host = (os.environ.get("DJANGO_ALLOWED_HOSTS") or "localhost").split(",")[0].strip().lstrip(".")
request = urllib.request.Request(f"http://127.0.0.1:{port}/health/", headers={"Host": host})
try:
    with urllib.request.urlopen(request, timeout=4) as response:  # noqa: S310 (fixed local URL)
        sys.exit(0 if response.status == 200 else 1)
except OSError as exc:
    print(f"unhealthy: {exc}", file=sys.stderr)
    sys.exit(1)
