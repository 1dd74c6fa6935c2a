"""Gunicorn settings for the web process: `gunicorn -c config/gunicorn.py config.wsgi`.

Read from the environment (documented in .env.example) because gunicorn loads this file before
Django. Logs are one JSON object per line on stdout/stderr, like the application's, and every
access line carries the request id nginx passed (or Django made).
"""

import json
import logging
import multiprocessing
import os
import time

from gunicorn.glogging import Logger
from pythonjsonlogger.json import JsonFormatter

LOG_TIME_FORMAT = "%Y-%m-%dT%H:%M:%S%z"


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Sync workers: one request at a time each, so the count bounds DB connections per node
# (workers x nodes must stay under PostgreSQL's max_connections, or put PgBouncer between).
workers = _int("GUNICORN_WORKERS", min(2 * multiprocessing.cpu_count() + 1, 8))
threads = _int("GUNICORN_THREADS", 1)
worker_class = "gthread" if threads > 1 else "sync"
# A request that takes longer than this is killed: nothing user-facing may be that slow (slow
# work goes to Celery). nginx's proxy_read_timeout is a little longer, so gunicorn answers first.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = 5
# Recycle workers now and then (jittered so they do not all restart at once).
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = max_requests // 10
# Heartbeat files on tmpfs: a worker blocked on a slow disk is not mistaken for a hung one.
SHM = "/dev/shm"  # noqa: S108  (tmpfs for heartbeat files, not a shared temp file)
worker_tmp_dir = SHM if os.path.isdir(SHM) else None
# Only nginx may set X-Forwarded-Proto (HTTPS detection). Compose: the nginx container's address
# is not fixed, and gunicorn is not published outside the compose network, so "*" is set there.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# No runtime control socket: it defaults to one path per user, which two instances on a host
# (or a read-only home) would fight over; systemd/compose signals cover reloads and restarts.
control_socket_disable = True
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()


class JsonLogger(Logger):
    """Access lines as JSON built from the parts (never string-formatted, so a quote in a path
    or user agent cannot break the line); gunicorn's own messages through the JSON formatter."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        formatter = JsonFormatter(
            "%(asctime)s %(levelname)s %(name)s %(message)s",
            datefmt=LOG_TIME_FORMAT,
            rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
        )
        for handler in self.error_log.handlers:
            handler.setFormatter(formatter)

    def access(self, resp, req, environ, request_time) -> None:
        if not self.access_log_enabled:
            return
        headers = {name.lower(): value for name, value in resp.headers}
        status = resp.status.split(None, 1)[0] if isinstance(resp.status, str) else resp.status
        line = {
            "time": time.strftime(LOG_TIME_FORMAT),
            "level": "INFO",
            "logger": "gunicorn.access",
            "request_id": headers.get("x-request-id") or environ.get("HTTP_X_REQUEST_ID", "-"),
            "method": environ.get("REQUEST_METHOD"),
            "path": environ.get("PATH_INFO"),
            "status": int(status),
            "bytes": getattr(resp, "sent", None),
            "duration_ms": round(request_time.total_seconds() * 1000, 1),
            "remote_addr": environ.get("REMOTE_ADDR"),
            "forwarded_for": environ.get("HTTP_X_FORWARDED_FOR", ""),
            "user_agent": environ.get("HTTP_USER_AGENT", ""),
        }
        self.access_log.log(logging.INFO, json.dumps(line, ensure_ascii=False))


logger_class = JsonLogger


def child_exit(server, worker) -> None:
    """Drop the dead worker's live gauges from the shared Prometheus directory."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
