#!/usr/bin/env python3
"""Full-stack smoke: the production shape, as local processes, checked over HTTP through nginx.

Starts gunicorn (production settings), a Celery worker and beat against PostgreSQL and Redis (a
database and a Redis database number of its own), a fake SMS gateway and nginx serving the
project's own config (rendered for local ports and paths, TLS with a throw-away certificate).
Then checks, through nginx: health with the workers, the SPA and its cache headers, API docs,
admin, /metrics with and without its token, security headers, a private file (refused, then
served by X-Accel-Redirect), rate limits, the Payme allow-list, an SMS sent by the worker (right
after commit, and by beat's outbox sweeper when the broker was down at commit), structured logs
with request ids, and a backup -> restore round trip. Everything it starts it stops, also on
failure or interrupt; the whole run is bounded in time.

    .venv/bin/python scripts/smoke_stack.py          # or: make smoke

Environment: DATABASE_URL / REDIS_URL name the servers (their database name and number are
replaced); SMOKE_DATABASE (default <name>_smoke) and SMOKE_REDIS_DB (default: REDIS_URL's + 8)
pick the smoke's own; SMOKE_KEEP=1 keeps the work directory with all logs.
"""

import contextlib
import http.client
import http.server
import json
import os
import re
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import redis
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import render_nginx  # noqa: E402

STACK_SECONDS = 170  # the stack part; building a real SPA first is not counted
HOST = "localhost"  # a name, so TLS clients send SNI (the default server rejects bare IPs)
ADMIN_PHONE = "+998900000099"
PATIENT_PHONE = "+998901234567"
PNG = b"\x89PNG\r\n\x1a\n" + b"smoke-prescription-bytes" * 8


class SmokeFailed(Exception):
    pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def log(message: str) -> None:
    print(message, flush=True)


# --- The fake SMS gateway ------------------------------------------------------------------------
class Gateway(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        self.messages: list[dict] = []
        super().__init__(("127.0.0.1", 0), GatewayHandler)

    def texts(self) -> list[str]:
        return [message.get("message", "") for message in list(self.messages)]


class GatewayHandler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.server.messages.append(json.loads(body or b"{}"))
        reply = json.dumps({"id": f"smoke-{len(self.server.messages)}"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *args):
        pass


# --- The run -------------------------------------------------------------------------------------
class Smoke:
    def __init__(self):
        self.work = Path(tempfile.mkdtemp(prefix="dx-smoke-"))
        self.work.chmod(0o755)
        self.processes: dict[str, subprocess.Popen] = {}
        self.passed = 0
        self.failed: list[str] = []
        self.gateway: Gateway | None = None
        database_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
        redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
        base = urlsplit(database_url)
        self.database = os.environ.get("SMOKE_DATABASE") or f"{base.path.lstrip('/')}_smoke"
        self.database_url = urlunsplit(base._replace(path=f"/{self.database}"))
        self.maintenance_url = urlunsplit(base._replace(path="/postgres"))
        redis_parts = urlsplit(redis_url)
        base_db = int(redis_parts.path.lstrip("/") or 0)
        self.redis_db = int(os.environ.get("SMOKE_REDIS_DB") or (base_db + 8) % 16)
        self.redis_url = urlunsplit(redis_parts._replace(path=f"/{self.redis_db}"))
        self.ports = {name: free_port() for name in ("gunicorn", "https", "http")}
        self.base = f"https://{HOST}:{self.ports['https']}"
        self.metrics_token = secrets.token_urlsafe(24)
        self.admin_password = secrets.token_urlsafe(16)
        self.cert = self.work / "tls" / "cert.pem"

    # --- reporting ---
    def check(self, name: str, condition: bool, detail: str = "") -> bool:
        if condition:
            self.passed += 1
            log(f"  ok    {name}")
        else:
            self.failed.append(name)
            log(f"  FAIL  {name}{': ' + detail if detail else ''}")
        return condition

    # --- environment ---
    def env(self, **extra: str) -> dict[str, str]:
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("DJANGO_", "SENTRY_", "CELERY_", "GUNICORN_", "PROMETHEUS_"))
        }
        env.update(
            DJANGO_SETTINGS_MODULE="config.settings.production",
            DJANGO_SECRET_KEY=self.secret_key,
            DJANGO_ALLOWED_HOSTS=f"{HOST},127.0.0.1",
            DJANGO_CSRF_TRUSTED_ORIGINS=self.base,
            DATABASE_URL=self.database_url,
            REDIS_URL=self.redis_url,
            CELERY_BROKER_URL=self.redis_url,
            CELERY_TASK_ALWAYS_EAGER="0",
            STATIC_ROOT=str(self.work / "static"),
            MEDIA_ROOT=str(self.work / "media"),
            PRIVATE_MEDIA_ROOT=str(self.work / "private"),
            PRIVATE_MEDIA_ACCEL_PREFIX="/protected/",
            SERVE_MEDIA="0",
            NUM_PROXIES="1",
            LOG_JSON="1",
            LOG_LEVEL="INFO",
            SMS_PROVIDER="http",
            SMS_GATEWAY_URL=f"http://127.0.0.1:{self.gateway.server_address[1]}/send",
            SMS_GATEWAY_TOKEN="smoke-gateway-token",
            METRICS_TOKEN=self.metrics_token,
            # Merchant credentials of the production shape (never real ones): with them the
            # deploy check passes and the provider links are offered.
            PAYME_MERCHANT_ID="smoke-merchant-0000000000",
            PAYME_KEY="smoke-payme-key",
            CLICK_SERVICE_ID="10000",
            CLICK_MERCHANT_ID="20000",
            CLICK_MERCHANT_USER_ID="30000",
            CLICK_SECRET_KEY="smoke-click-secret",
            PROMETHEUS_MULTIPROC_DIR=str(self.work / "metrics"),
            HEALTH_CHECK_CELERY_WORKERS="1",
            NOTIFICATION_SWEEP_SECONDS="2",
            BACKUP_DIR=str(self.work / "backups"),
            GUNICORN_BIND=f"127.0.0.1:{self.ports['gunicorn']}",
            GUNICORN_WORKERS="2",
            FORWARDED_ALLOW_IPS="127.0.0.1",
            DJANGO_SUPERUSER_PASSWORD=self.admin_password,
            PYTHONUNBUFFERED="1",
        )
        env.update(extra)
        return env

    def manage(self, *args: str, timeout: float = 60, **env: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env(**env),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if result.returncode != 0:
            raise SmokeFailed(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
        self.command_log = result.stderr
        return result.stdout

    def start(self, name: str, command: list[str], **env: str) -> None:
        logfile = (self.work / "logs" / f"{name}.log").open("wb")
        self.processes[name] = subprocess.Popen(
            command,
            cwd=ROOT,
            env=self.env(**env),
            stdout=logfile,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: children are stopped with it
        )
        log(f"  started {name} (pid {self.processes[name].pid})")

    def stop_all(self) -> None:
        for name in reversed(list(self.processes)):
            process = self.processes[name]
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
        for name, process in self.processes.items():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                log(f"  {name} did not stop within 15 s: killing it")
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)
            # Anything it left behind in its group (prefork children) goes too.
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)

    # --- preparation ---
    def prepare(self) -> None:
        for directory in ("static", "media", "private", "backups", "metrics", "logs", "tls"):
            (self.work / directory).mkdir(mode=0o755)
        self.secret_key = secrets.token_urlsafe(50)
        self.gateway = Gateway()
        threading.Thread(target=self.gateway.serve_forever, daemon=True).start()
        self.reset_datastores()
        subprocess.run(
            [
                *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
                *("-subj", f"/CN={HOST}", "-addext", f"subjectAltName=DNS:{HOST}"),
                *("-keyout", str(self.work / "tls" / "key.pem"), "-out", str(self.cert)),
            ],
            check=True,
            capture_output=True,
        )
        self.spa = self.spa_dist()
        private = self.work / "private" / "prescriptions" / "smoke"
        private.mkdir(parents=True)
        (private / "rx-1.png").write_bytes(PNG)
        log("  migrate, collectstatic, first admin")
        self.manage("migrate", "--noinput", timeout=120)
        self.manage("collectstatic", "--noinput", "--verbosity", "0", timeout=120)
        self.manage("createsuperuser", "--noinput", "--phone_number", ADMIN_PHONE)
        self.check("manage.py check --deploy is clean", self.deploy_check())
        for path in self.work.rglob("*"):
            path.chmod(0o755 if path.is_dir() else 0o644)

    def deploy_check(self) -> bool:
        output = self.manage("check", "--deploy", "--fail-level", "WARNING")
        return "no issues" in output

    def reset_datastores(self, *, drop_only: bool = False) -> None:
        with psycopg.connect(self.maintenance_url, autocommit=True) as connection:
            for name in (self.database, f"{self.database}_restore"):
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            if not drop_only:
                connection.execute(f'CREATE DATABASE "{self.database}"')
        client = redis.Redis.from_url(self.redis_url)
        client.flushdb()
        client.close()

    def spa_dist(self) -> Path:
        """The real build when frontend/ exists (built if needed), else a tiny stand-in with a
        hashed asset, laid out as Vite lays out frontend/dist."""
        frontend = ROOT / "frontend"
        if (frontend / "package.json").is_file():
            if not (frontend / "dist" / "index.html").is_file():
                log("  building the SPA (make frontend)")
                subprocess.run(["make", "frontend"], cwd=ROOT, check=True, timeout=600)
            return frontend / "dist"
        dist = self.work / "spa"
        (dist / "assets").mkdir(parents=True)
        script = "const routes = " + json.dumps([f"/route/{i}" for i in range(300)]) + ";\n"
        script += "document.getElementById('root').textContent = 'Dorixona';\n"
        asset = f"index-{uuid.uuid5(uuid.NAMESPACE_URL, script).hex[:8]}.js"
        (dist / "assets" / asset).write_text(script)
        (dist / "index.html").write_text(
            '<!doctype html><html lang="uz"><head><meta charset="utf-8"><title>Dorixona</title>'
            f'<script type="module" crossorigin src="/assets/{asset}"></script></head>'
            '<body><div id="root"></div></body></html>'
        )
        return dist

    def start_stack(self) -> None:
        python = sys.executable
        self.start(
            "gunicorn", [python, "-m", "gunicorn", "-c", "config/gunicorn.py", "config.wsgi"]
        )
        self.start(
            "worker",
            [
                *(python, "-m", "celery", "-A", "config", "worker", "-Q", "default,sms,heavy"),
                *("-n", "smoke@%h", "--concurrency", "2", "-l", "INFO"),
            ],
        )
        self.start(
            "beat",
            [
                *(python, "-m", "celery", "-A", "config", "beat", "-l", "INFO"),
                *("-s", str(self.work / "celerybeat-schedule")),
            ],
        )
        prefix = self.work / "nginx"
        main = render_nginx.local_nginx(
            prefix,
            {
                "upstream": f"127.0.0.1:{self.ports['gunicorn']}",
                "server_names": HOST,
                "http_port": str(self.ports["http"]),
                "https_port": str(self.ports["https"]),
                "cert": str(self.cert),
                "cert_key": str(self.work / "tls" / "key.pem"),
                "spa_root": str(self.spa),
                "static_root": f"{self.work / 'static'}/",
                "media_root": f"{self.work / 'media'}/",
                "private_root": f"{self.work / 'private'}/",
                "acme_root": str(self.work / "acme"),
                "resolver": "127.0.0.1",
            },
        )
        # Enforce Payme's allow-list, as a production server would.
        allow = prefix / "conf" / "dorixona" / "payme-allow.conf"
        shutil.copy(allow, prefix / "conf" / "dorixona" / "webhooks.d" / "payme-allow.conf")
        for path in prefix.rglob("*"):
            path.chmod(0o755 if path.is_dir() else 0o644)
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        test = subprocess.run(
            [nginx, "-t", "-c", str(main), "-p", str(prefix)], capture_output=True, text=True
        )
        if not self.check("nginx -t accepts the rendered config", test.returncode == 0):
            raise SmokeFailed(test.stderr)
        self.start("nginx", [nginx, "-c", str(main), "-p", str(prefix), "-g", "daemon off;"])

    def wait_until(self, what: str, probe, *, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        last = None
        while time.monotonic() < deadline:
            for name, process in self.processes.items():
                if process.poll() is not None:
                    raise SmokeFailed(f"{name} exited with {process.returncode}")
            try:
                if probe():
                    return
            except requests.RequestException as exc:
                last = exc
            time.sleep(0.3)
        raise SmokeFailed(f"{what} not ready within {seconds:.0f} s ({last})")

    # --- HTTP helpers ---
    def get(self, path: str, **kwargs) -> requests.Response:
        kwargs.setdefault("timeout", 10)
        kwargs.setdefault("allow_redirects", False)
        return requests.get(f"{self.base}{path}", verify=str(self.cert), **kwargs)

    # --- the checks ---
    def run_checks(self) -> None:
        gunicorn = f"http://127.0.0.1:{self.ports['gunicorn']}/health/"
        self.wait_until(
            "gunicorn",
            lambda: requests.get(gunicorn, headers={"Host": HOST}, timeout=2).ok,
            seconds=30,
        )
        self.wait_until("nginx", lambda: self.get("/health/", timeout=2).ok, seconds=15)

        log("health")
        request_id = f"smoke-{uuid.uuid4().hex[:16]}"
        self.health_request_id = request_id
        response = self.get("/health/", headers={"X-Request-ID": request_id})
        self.check("/health/ answers through nginx", response.json() == {"status": "ok"})
        self.check("the request id comes back", response.headers.get("X-Request-ID") == request_id)
        self.wait_until(
            "the Celery worker",
            lambda: self.get("/health/detailed/").json()["checks"].get("workers") == "ok",
            seconds=45,
        )
        detailed = self.get("/health/detailed/")
        checks = detailed.json()["checks"]
        self.check(
            "/health/detailed/ is ok with workers",
            detailed.status_code == 200
            and set(checks) == {"database", "cache", "broker", "disk", "workers"}
            and set(checks.values()) == {"ok"},
            str(detailed.json()),
        )
        self.check_spa()
        self.check_backend_pages()
        self.check_metrics(before_traffic=True)
        self.check_private_file()
        self.check_sms()
        self.check_limits()
        self.check_metrics(before_traffic=False)
        self.check_logs()
        self.check_backup()

    def check_spa(self) -> None:
        log("SPA and static files")
        index = self.get("/")
        headers = index.headers
        self.check("/ serves the SPA entry page", index.status_code == 200 and "root" in index.text)
        self.check("the entry page is revalidated", headers.get("Cache-Control") == "no-cache")
        self.check(
            "security headers on the SPA",
            "script-src 'self'" in headers.get("Content-Security-Policy", "")
            and "frame-ancestors 'none'" in headers.get("Content-Security-Policy", "")
            and headers.get("X-Frame-Options") == "DENY"
            and headers.get("X-Content-Type-Options") == "nosniff"
            and headers.get("Referrer-Policy") == "strict-origin-when-cross-origin"
            and headers.get("Strict-Transport-Security", "").startswith("max-age=31536000"),
            str(dict(headers)),
        )
        deep = self.get("/orders/17")
        self.check("client-side routes fall back to the entry page", deep.text == index.text)
        asset = re.search(r'src="(/assets/[^"]+\.js)"', index.text)
        if self.check("the entry page names a hashed asset", asset is not None):
            script = self.get(asset.group(1), headers={"Accept-Encoding": "gzip"})
            self.check(
                "hashed assets are cached for a year, gzipped",
                script.status_code == 200
                and script.headers.get("Cache-Control") == "public, max-age=31536000, immutable"
                and script.headers.get("Content-Encoding") == "gzip",
                str(dict(script.headers)),
            )
        self.check(
            "a missing asset is a 404, not the entry page",
            self.get("/assets/missing-0000.js").status_code == 404,
        )
        redirect = requests.get(
            f"http://{HOST}:{self.ports['http']}/orders/1", allow_redirects=False, timeout=5
        )
        self.check(
            "plain HTTP redirects to HTTPS",
            redirect.status_code == 301 and redirect.headers["Location"].startswith("https://"),
        )

    def check_backend_pages(self) -> None:
        log("API, docs and admin")
        docs = self.get("/api/docs/")
        self.check(
            "/api/docs/ is served with its CDN allowed",
            docs.status_code == 200
            and "cdn.jsdelivr.net" in docs.headers.get("Content-Security-Policy", ""),
        )
        schema = self.get("/api/schema/")
        self.check("/api/schema/ is served", schema.status_code == 200 and "openapi" in schema.text)
        robots = self.get("/robots.txt")
        self.check(
            "robots.txt comes from Django, not the SPA",
            robots.status_code == 200 and "Sitemap:" in robots.text,
        )
        sitemap = self.get("/sitemap.xml")
        self.check(
            "sitemap.xml is served", sitemap.status_code == 200 and "<sitemap" in sitemap.text
        )
        missing = self.get("/api/v1/no-such-thing/")
        self.check(
            "unknown API paths answer in the error format",
            missing.status_code == 404 and missing.json()["error"]["code"] == "not_found",
        )
        self.check(
            "proxied replies carry each security header once",
            missing.headers.get("X-Frame-Options") == "DENY"
            and missing.headers.get("X-Content-Type-Options") == "nosniff"
            and "," not in missing.headers.get("Strict-Transport-Security", ",")
            and missing.headers.get("Content-Security-Policy", "").startswith("default-src 'none'"),
            str(dict(missing.headers)),
        )
        login = self.get("/admin/login/")
        self.check(
            "the admin login page is served",
            login.status_code == 200 and "csrfmiddlewaretoken" in login.text,
        )
        css = re.search(r'href="(/static/admin/css/base\.[0-9a-f]{12}\.css)"', login.text)
        if self.check("admin static files have hashed names", css is not None):
            style = self.get(css.group(1))
            self.check(
                "collected static files are served by nginx with a long cache",
                style.status_code == 200 and "immutable" in style.headers.get("Cache-Control", ""),
            )

    def check_metrics(self, *, before_traffic: bool) -> None:
        if before_traffic:
            log("metrics")
            self.check(
                "/metrics refuses a scrape without the token",
                self.get("/metrics").status_code == 401,
            )
            wrong = self.get("/metrics", headers={"Authorization": "Bearer wrong"})
            self.check("/metrics refuses a wrong token", wrong.status_code == 401)
            return
        response = self.get("/metrics", headers={"Authorization": f"Bearer {self.metrics_token}"})
        text = response.text
        health = re.search(
            r'dorixona_http_requests_total\{method="GET",route="health/",status="200"\} (\S+)', text
        )
        self.check(
            "/metrics with the token shows request counts by route",
            response.status_code == 200 and health is not None and float(health.group(1)) >= 3,
        )
        self.check(
            "latency is recorded by route, not by path",
            'dorixona_http_request_duration_seconds_bucket{le="0.1",method="GET",route="health/"}'
            in text
            and "orders/17" not in text,
        )
        self.check(
            "queue depth and broker state are read at scrape time",
            'dorixona_celery_queue_length{queue="sms"}' in text
            and "dorixona_broker_up 1.0" in text,
        )
        sample = [line for line in text.splitlines() if line.startswith("dorixona_")][:8]
        log("    " + "\n    ".join(sample))

    def check_private_file(self) -> None:
        log("private files")
        url = "/admin/private-media/prescriptions/smoke/rx-1.png"
        anonymous = self.get(url)
        self.check(
            "a private file is refused without a staff login",
            anonymous.status_code == 302
            and anonymous.headers["Location"].startswith("/admin/login/")
            and PNG not in anonymous.content,
        )
        self.check(
            "the internal location cannot be requested directly",
            self.get("/protected/prescriptions/smoke/rx-1.png").status_code == 404,
        )
        session = requests.Session()
        tls = {"verify": str(self.cert), "timeout": 10}
        page = session.get(f"{self.base}/admin/login/", **tls)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        login = session.post(
            f"{self.base}/admin/login/?next=/admin/",
            data={"username": ADMIN_PHONE, "password": self.admin_password},
            headers={"Referer": f"{self.base}/admin/login/", "X-CSRFToken": token},
            allow_redirects=False,
            **tls,
        )
        self.check("the first admin logs in to admin", login.status_code == 302, login.text[:300])
        served = session.get(f"{self.base}{url}", allow_redirects=False, **tls)
        self.check(
            "staff get the file, sent by nginx (X-Accel-Redirect)",
            served.status_code == 200
            and served.content == PNG
            and served.headers.get("Content-Type") == "image/png"
            and "X-Accel-Redirect" not in served.headers
            and {"private", "no-store"} <= set(served.headers["Cache-Control"].split(", "))
            and served.headers["Cache-Control"].count("private") == 1
            and served.headers.get("X-Content-Type-Options") == "nosniff",
            str(dict(served.headers)),
        )
        audit = session.get(f"{self.base}/admin/auditlog/logentry/", **tls)
        self.check("the audit log is visible in admin", audit.status_code == 200)

    def enqueue_sms(self, order_number: str, **env: str) -> None:
        code = (
            "from apps.notifications.services import notification_enqueue;"
            "notification_enqueue(type='order_created', channel='sms', "
            f"recipient='{PATIENT_PHONE}', context={{'order_number': '{order_number}'}})"
        )
        self.manage("shell", "-c", code, **env)

    def wait_for_sms(self, order_number: str, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if any(order_number in text for text in self.gateway.texts()):
                return True
            time.sleep(0.3)
        return False

    def check_sms(self) -> None:
        log("SMS through the worker")
        self.enqueue_sms("SMOKE-1")
        self.check(
            "an SMS queued after commit is sent by the worker to the gateway",
            self.wait_for_sms("SMOKE-1", 30),
            str(self.gateway.messages),
        )
        # The broker is unreachable for this one process: the outbox row is committed but no
        # task is queued. Beat's sweeper must find it and the worker send it.
        self.enqueue_sms("SMOKE-2", CELERY_BROKER_URL=f"redis://127.0.0.1:{free_port()}/0")
        self.check(
            "an SMS whose broker was down at commit is sent by beat's outbox sweeper",
            "left for the sweeper" in self.command_log and self.wait_for_sms("SMOKE-2", 40),
            self.command_log[-500:],
        )
        with psycopg.connect(self.database_url) as connection:
            statuses = connection.execute(
                "SELECT status, count(*) FROM notifications_notification GROUP BY status"
            ).fetchall()
        self.check("both outbox rows are marked sent", dict(statuses) == {"sent": 2}, str(statuses))
        self.check(
            "the gateway got the right number and sender",
            all(m["phone"] == PATIENT_PHONE.lstrip("+") for m in self.gateway.messages),
        )

    def check_limits(self) -> None:
        log("limits")
        statuses = []
        for _ in range(12):
            response = requests.post(
                f"{self.base}/api/v1/users/login/", json={}, verify=str(self.cert), timeout=10
            )
            statuses.append(response.status_code)
        throttled = response
        self.check(
            "OTP/login endpoints are rate-limited by nginx",
            statuses.count(429) >= 5
            and throttled.status_code == 429
            and throttled.headers.get("Retry-After") == "60"
            and throttled.json()["error"]["code"] == "throttled",
            str(statuses),
        )
        payme = self.get("/api/v1/payments/payme/")
        self.check("Payme callbacks from outside its range are refused", payme.status_code == 403)
        click = self.get("/api/v1/payments/click/prepare/")
        self.check(
            "Click callbacks are not caught by Payme's list",
            click.status_code != 403,
            str(click.status_code),
        )
        # Announce large bodies without sending them: nginx must refuse on the header alone.
        for path, megabytes in (("/api/v1/orders/checkout/", 13), ("/api/v1/prescriptions/", 53)):
            status = self.announce_body(path, megabytes * 1024 * 1024)
            self.check(
                f"a {megabytes} MB body to {path} is refused by nginx", status == 413, str(status)
            )

    def announce_body(self, path: str, length: int) -> int:
        context = ssl.create_default_context(cafile=str(self.cert))
        connection = http.client.HTTPSConnection(HOST, self.ports["https"], context=context)
        try:
            connection.putrequest("POST", path)
            connection.putheader("Content-Type", "application/octet-stream")
            connection.putheader("Content-Length", str(length))
            connection.endheaders()
            return connection.getresponse().status
        finally:
            connection.close()

    def check_logs(self) -> None:
        log("structured logs")
        time.sleep(0.5)
        request_id = self.health_request_id

        def json_lines(name: str) -> list[dict]:
            lines = []
            path = self.work / name
            for raw in path.read_text(errors="replace").splitlines():
                with contextlib.suppress(ValueError):
                    if raw.startswith("{"):
                        lines.append(json.loads(raw))
            return lines

        app_lines = json_lines("logs/gunicorn.log")
        ours = [line for line in app_lines if line.get("request_id") == request_id]
        loggers = {line.get("logger") for line in ours}
        self.check(
            "gunicorn and Django log JSON lines with the request id nginx passed",
            {"dorixona.request", "gunicorn.access"} <= loggers,
            str(loggers),
        )
        edge = [
            line
            for line in json_lines("nginx/logs/dorixona.access.log")
            if line.get("request_id") == request_id
        ]
        self.check("nginx logs the same request id", len(edge) == 1)
        worker = json_lines("logs/worker.log")
        sent = [line for line in worker if "succeeded" in line.get("message", "")]
        self.check(
            "the worker logs JSON lines tagged with the task's id",
            bool(sent) and all(line.get("request_id") not in (None, "-") for line in sent),
        )
        self.check(
            "no SMS text or phone number reaches the logs",
            not any(
                "SMOKE-1" in str(line) or PATIENT_PHONE in str(line) for line in app_lines + worker
            ),
        )
        for line in ours[:2] + edge[:1] + sent[:1]:
            log("    " + json.dumps(line, ensure_ascii=False)[:240])

    def check_backup(self) -> None:
        log("backup round trip")
        output = self.manage("db_backup", timeout=60)
        dump = Path(output.split(" (")[0].strip())
        self.check("db_backup writes a dump", dump.is_file() and dump.stat().st_size > 0)
        restored = self.manage(
            "db_restore",
            str(dump),
            "--target",
            f"{self.database}_restore",
            "--create",
            "--compare",
            timeout=90,
        )
        self.check(
            "the dump restores into a fresh database with equal tables",
            "Every table matches the source database." in restored,
            restored,
        )
        log("    " + restored.strip().splitlines()[0])

    # --- the whole run ---
    def run(self) -> int:
        started = time.monotonic()
        log(f"smoke: work directory {self.work}")
        log(
            f"smoke: database {self.database}, Redis db {self.redis_db}, "
            f"nginx https://{HOST}:{self.ports['https']}"
        )
        try:
            log("preparing")
            self.prepare()
            signal.alarm(STACK_SECONDS)
            log("starting the stack")
            self.start_stack()
            self.run_checks()
        except (SmokeFailed, subprocess.SubprocessError, requests.RequestException) as exc:
            self.failed.append(f"stopped early: {exc}")
            log(f"  FAIL  stopped early: {exc}")
        except StackTimeout:
            self.failed.append(f"took longer than {STACK_SECONDS} s")
            log(f"  FAIL  took longer than {STACK_SECONDS} s")
        finally:
            signal.alarm(0)
            log("stopping everything")
            self.stop_all()
            if self.gateway is not None:
                self.gateway.shutdown()
            with contextlib.suppress(psycopg.Error, redis.RedisError):
                self.reset_datastores(drop_only=True)
            if self.failed:
                self.show_logs()
            if self.failed or os.environ.get("SMOKE_KEEP"):
                log(f"smoke: logs kept in {self.work}")
            else:
                shutil.rmtree(self.work, ignore_errors=True)
        log(f"smoke: finished in {time.monotonic() - started:.0f} s")
        log(f"smoke: {self.passed} passed, {len(self.failed)} failed")
        return 1 if self.failed else 0

    def show_logs(self) -> None:
        for path in sorted((self.work / "logs").glob("*.log")) + sorted(
            (self.work / "nginx" / "logs").glob("*.log")
        ):
            tail = path.read_text(errors="replace").splitlines()[-15:]
            log(f"--- {path.name} (last lines) ---")
            for line in tail:
                log(f"  {line[:300]}")


class StackTimeout(Exception):
    pass


def _on_alarm(signum, frame):
    raise StackTimeout


def _on_terminate(signum, frame):
    raise SmokeFailed(f"interrupted by signal {signum}")


def main() -> int:
    if not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()):
        subprocess.run(["bash", str(ROOT / "scripts" / "install_stack_tools.sh")], check=False)
    if not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()):
        log("smoke: SKIPPED - nginx is not installed and could not be installed (needs root + apt)")
        return 0
    signal.signal(signal.SIGALRM, _on_alarm)
    signal.signal(signal.SIGTERM, _on_terminate)
    signal.signal(signal.SIGINT, _on_terminate)
    return Smoke().run()


if __name__ == "__main__":
    sys.exit(main())
