"""The private services of the fault-injection suite: a PostgreSQL cluster of its own (`initdb` in
a temporary folder), a `redis-server`, the fake SMS gateway, and the app as it runs in production
(gunicorn, a Celery worker and beat) pointed at them. All on spare ports, so stopping any of them
never touches the shared PostgreSQL and Redis of the machine."""

import contextlib
import glob
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import redis
import requests
from pytest_httpserver import HTTPServer

from tests.conftest import FakeSmsGateway, free_port

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "Secret-pass-123"  # the seeded customers' password (tests.users.factories)


def wait_until(
    what: str,
    probe: Callable[[], Any],
    *,
    timeout: float,
    interval: float = 0.2,
    stack: "AppStack | None" = None,
) -> Any:
    """Poll `probe` until it returns something truthy; fail naming `what` after `timeout`
    seconds, or at once when one of the stack's processes has died (with its log)."""
    deadline = time.monotonic() + timeout
    last: object = None
    while True:
        if stack is not None:
            stack.check_alive()
        try:
            result = probe()
        except (requests.RequestException, psycopg.Error, redis.RedisError, OSError) as exc:
            result, last = None, exc
        if result:
            return result
        if time.monotonic() >= deadline:
            raise AssertionError(f"{what}: not within {timeout:.0f} s (last: {last!r})")
        time.sleep(interval)


def _run(command: list[str], *, timeout: float = 60, **kwargs) -> str:
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=timeout, check=False, **kwargs
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"{' '.join(command)} exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
        )
    return result.stdout


# --- PostgreSQL ----------------------------------------------------------------------------------
def postgres_bindir() -> Path | None:
    """The newest /usr/lib/postgresql/<version>/bin with initdb, else initdb on PATH."""

    def version(path: str) -> float:
        match = re.search(r"/(\d+(?:\.\d+)?)/bin$", path)
        return float(match.group(1)) if match else 0.0

    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=version, reverse=True):
        if (Path(candidate) / "initdb").is_file() and (Path(candidate) / "pg_ctl").is_file():
            return Path(candidate)
    initdb = shutil.which("initdb")
    if initdb and shutil.which("pg_ctl"):
        return Path(initdb).parent
    return None


def postgres_unavailable_reason() -> str | None:
    if postgres_bindir() is None:
        return "initdb/pg_ctl not found (/usr/lib/postgresql/*/bin or PATH)"
    if os.geteuid() == 0:
        import pwd

        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no 'postgres' OS user to run initdb as"
        if shutil.which("runuser") is None:
            return "running as root and runuser is missing"
    return None


class PrivatePostgres:
    """A throw-away cluster: trust auth, unix socket in its own folder, TCP on a spare port,
    durability off (fsync) since nothing in it outlives the run. initdb and postgres refuse to
    run as root, so as root they run as the `postgres` OS user on a folder it owns."""

    DATABASE = "dorixona"

    def __init__(self, workdir: Path):
        self.bindir = postgres_bindir()
        self.port = free_port()
        self.dir = workdir / "postgres"
        self.dir.mkdir(mode=0o700)
        self.data = self.dir / "data"
        self.logfile = self.dir / "postgres.log"
        self.as_owner: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.dir, user="postgres", group="postgres")
            self.as_owner = ["runuser", "-u", "postgres", "--"]

    def _pg(self, program: str, *args: str, timeout: float = 60) -> str:
        return _run([*self.as_owner, str(self.bindir / program), *args], timeout=timeout)

    def _options(self) -> str:
        return (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c full_page_writes=off -c synchronous_commit=off -c max_connections=60"
        )

    def init(self) -> None:
        self._pg(
            "initdb",
            *("-D", str(self.data), "-A", "trust", "-U", "postgres"),
            *("-E", "UTF8", "--no-locale", "--no-sync"),
        )
        self.start()
        with psycopg.connect(self.url("postgres"), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{self.DATABASE}"')

    def _pg_ctl(self, action: str, *args: str) -> None:
        self._pg(
            "pg_ctl",
            *("-D", str(self.data), "-l", str(self.logfile), "-w", "-t", "30"),
            *args,
            action,
            timeout=45,
        )

    def start(self) -> None:
        self._pg_ctl("start", "-o", self._options())

    def stop(self, mode: str = "fast") -> None:
        self._pg_ctl("stop", "-m", mode)

    def restart(self) -> None:
        self._pg_ctl("restart", "-m", "fast", "-o", self._options())

    def is_running(self) -> bool:
        if not self.data.is_dir():
            return False
        command = [*self.as_owner, str(self.bindir / "pg_ctl"), "-D", str(self.data), "status"]
        return subprocess.run(command, capture_output=True, check=False).returncode == 0

    def ensure_running(self) -> None:
        if not self.is_running():
            self.start()

    def destroy(self) -> None:
        if self.is_running():
            with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
                self.stop(mode="immediate")

    def url(self, database: str | None = None) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database or self.DATABASE}"

    def query(self, sql: str, params: tuple | dict = ()) -> list[tuple]:
        with psycopg.connect(self.url(), autocommit=True, connect_timeout=5) as connection:
            return connection.execute(sql, params).fetchall()

    def log_text(self) -> str:
        return self.logfile.read_text(errors="replace") if self.logfile.exists() else ""


# --- Redis ---------------------------------------------------------------------------------------
class PrivateRedis:
    """`redis-server` on a spare port, no persistence: a restart comes back empty, like a
    cache or broker node that was replaced."""

    def __init__(self, workdir: Path):
        self.binary = shutil.which("redis-server")
        self.port = free_port()
        self.dir = workdir / "redis"
        self.dir.mkdir()
        self.process: subprocess.Popen | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def ping(self) -> bool:
        client = redis.Redis(port=self.port, socket_connect_timeout=1, socket_timeout=1)
        try:
            return bool(client.ping())
        finally:
            client.close()

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                *(self.binary, "--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no", "--dir", str(self.dir)),
                *("--logfile", str(self.dir / "redis.log"), "--daemonize", "no"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        wait_until("redis-server answers PING", self.ping, timeout=15, interval=0.05)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)

    def is_running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def ensure_running(self) -> None:
        if not self.is_running():
            self.start()


# --- The SMS gateway -----------------------------------------------------------------------------
class _QuickHTTPServer(HTTPServer):
    """Stops within 50 ms instead of werkzeug's half-second poll."""

    def thread_target(self) -> None:
        self.server.serve_forever(poll_interval=0.05)


class SmsGateway(FakeSmsGateway):
    """The suite's fake gateway (tests.conftest.FakeSmsGateway: deduplicates `Idempotency-Key`)
    on a fixed port of its own, so it can be taken down and brought back at the same address."""

    def __init__(self):
        server = _QuickHTTPServer(host="127.0.0.1", port=free_port(), threaded=True)
        server.start()
        super().__init__(server)

    def down(self) -> None:
        if self.server.is_running():
            self.server.stop()

    def up(self) -> None:
        if not self.server.is_running():
            self.server.start()

    def slow(self, seconds: float) -> None:
        """Answer each message only after `seconds` (it is recorded when it arrives)."""
        self.before_reply = lambda request: time.sleep(seconds)

    def reset(self) -> None:
        self.before_reply = None
        self.up()

    def count_to(self, phone: str) -> int:
        return len(self.texts_to(phone))


# --- The application -----------------------------------------------------------------------------
class AppStack:
    """gunicorn, Celery worker(s) and beat with production settings against the private
    services. Every process runs in its own session (process group) with its log in the work
    folder; `stop_all` ends them and anything they started.

    Like systemd (`Restart=always` in deploy/systemd) or Compose (`restart: unless-stopped`), a
    supervisor thread starts the worker and beat again when they exit without being stopped,
    and records it in `crashes`; gunicorn's master respawns its own workers."""

    SUPERVISED = ("worker", "beat")
    RESTART_SECONDS = 1.0  # RestartSec=5 in production; shorter to keep the suite quick

    def __init__(
        self, workdir: Path, postgres: PrivatePostgres, cache: PrivateRedis, gateway: SmsGateway
    ):
        self.workdir = workdir
        self.postgres = postgres
        self.redis = cache
        self.gateway = gateway
        self.web_port = free_port()
        self.base_url = f"http://127.0.0.1:{self.web_port}"
        self.processes: dict[str, subprocess.Popen] = {}
        self.log_starts: dict[str, int] = {}  # where each process's current run begins in its log
        self.crashes: list[tuple[str, int]] = []  # (name, exit code) of supervised processes
        self._argv: dict[str, list[str]] = {}
        self._restart_at: dict[str, float] = {}
        self._lock = threading.RLock()
        self._closing = threading.Event()
        self._supervisor: threading.Thread | None = None
        self.secret_key = secrets.token_urlsafe(50)
        self.logs = workdir / "logs"
        for name in ("logs", "static", "media", "private", "metrics"):
            (workdir / name).mkdir()

    # --- environment ---
    def env(self, **extra: str) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(
                ("DJANGO_", "CELERY_", "GUNICORN_", "SMS_", "NOTIFICATION_", "SENTRY_")
            )
            and key not in ("DATABASE_URL", "REDIS_URL", "PROMETHEUS_MULTIPROC_DIR")
        }
        env.update(
            DJANGO_SETTINGS_MODULE="config.settings.production",
            DJANGO_SECRET_KEY=self.secret_key,
            DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
            DJANGO_SECURE_SSL_REDIRECT="0",
            DATABASE_URL=self.postgres.url(),
            DATABASE_CONNECT_TIMEOUT="2",
            REDIS_URL=self.redis.url(0),
            CELERY_BROKER_URL=self.redis.url(1),
            CELERY_TASK_ALWAYS_EAGER="0",
            STATIC_ROOT=str(self.workdir / "static"),
            MEDIA_ROOT=str(self.workdir / "media"),
            PRIVATE_MEDIA_ROOT=str(self.workdir / "private"),
            PROMETHEUS_MULTIPROC_DIR=str(self.workdir / "metrics"),
            LOG_JSON="0",
            LOG_LEVEL="INFO",
            SMS_PROVIDER="http",
            SMS_GATEWAY_URL=self.gateway.url,
            SMS_GATEWAY_TOKEN="fault-gateway-token",
            SMS_GATEWAY_SUPPORTS_IDEMPOTENCY="1",
            # Short timeouts and backoff so an outage plays out in seconds, not minutes.
            SMS_GATEWAY_CONNECT_TIMEOUT="1",
            SMS_GATEWAY_TIMEOUT="1",
            SMS_RETRY_BASE_SECONDS="1",
            SMS_RETRY_MAX_SECONDS="2",
            SMS_MAX_ATTEMPTS="12",
            NOTIFICATION_SEND_LEASE_SECONDS="6",
            NOTIFICATION_SWEEP_SECONDS="1",
            # A task taken by a worker that vanished (SIGKILL of the whole node) is handed out
            # again after this long; longer than any task or retry countdown of the suite.
            CELERY_VISIBILITY_TIMEOUT="8",
            GUNICORN_BIND=f"127.0.0.1:{self.web_port}",
            GUNICORN_WORKERS="2",
            GUNICORN_TIMEOUT="30",
            GUNICORN_ACCESS_LOG="",
            PYTHONUNBUFFERED="1",
        )
        env.update(extra)
        return env

    def python(self, *args: str, timeout: float = 120) -> str:
        return _run([sys.executable, *args], cwd=ROOT, env=self.env(), timeout=timeout)

    # --- processes ---
    def start(self, name: str, argv: list[str]) -> subprocess.Popen:
        with self._lock:
            logfile = (self.logs / f"{name}.log").open("ab")
            self.log_starts[name] = logfile.tell()
            process = subprocess.Popen(
                argv,
                cwd=ROOT,
                env=self.env(),
                stdout=logfile,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own group: its children are stopped with it
            )
            logfile.close()
            self.processes[name] = process
            self._argv[name] = argv
            self._restart_at.pop(name, None)
            return process

    def supervise(self) -> None:
        self._supervisor = threading.Thread(target=self._supervise, daemon=True)
        self._supervisor.start()

    def _supervise(self) -> None:
        while not self._closing.wait(0.2):
            with self._lock:
                for name in self.SUPERVISED:
                    process = self.processes.get(name)
                    if process is not None and process.poll() is not None:
                        self.crashes.append((name, process.returncode))
                        del self.processes[name]
                        self._restart_at[name] = time.monotonic() + self.RESTART_SECONDS
                for name, due in list(self._restart_at.items()):
                    if time.monotonic() >= due and name not in self.processes:
                        self.start(name, self._argv[name])

    def start_web(self) -> None:
        self.start(
            "web",
            [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py", "config.wsgi"],
        )

    def start_worker(self, name: str = "worker") -> None:
        self.start(
            name,
            [
                *(sys.executable, "-m", "celery", "-A", "config", "worker"),
                *("-Q", "default,sms,heavy", "-n", f"{name}@fault", "--concurrency", "2"),
                *("--without-mingle", "--without-gossip", "-l", "INFO"),
            ],
        )

    def start_beat(self) -> None:
        self.start(
            "beat",
            [
                *(sys.executable, "-m", "celery", "-A", "config", "beat", "-l", "INFO"),
                *("-s", str(self.workdir / "celerybeat-schedule")),
            ],
        )

    def log_text(self, name: str, *, current_run: bool = False) -> str:
        path = self.logs / f"{name}.log"
        if not path.exists():
            return ""
        with path.open("rb") as log:
            if current_run:
                log.seek(self.log_starts.get(name, 0))
            return log.read().decode(errors="replace")

    def check_alive(self) -> None:
        with self._lock:
            processes = dict(self.processes)
        for name, process in processes.items():
            if name not in self.SUPERVISED and process.poll() is not None:
                raise AssertionError(
                    f"{name} exited with {process.returncode}:\n{self.log_text(name)[-4000:]}"
                )

    def wait_ready(self, *workers: str) -> None:
        wait_until(
            "gunicorn answers /health/",
            lambda: self.get("/health/", timeout=2).status_code == 200,
            timeout=60,
            stack=self,
        )
        for name in workers:
            self.wait_worker(name)

    def wait_worker(self, name: str) -> None:
        wait_until(
            f"Celery {name} is ready",
            lambda: name in self.processes and "ready." in self.log_text(name, current_run=True),
            timeout=60,
            stack=self,
        )

    def children(self, name: str) -> list[int]:
        pid = self.processes[name].pid
        path = Path(f"/proc/{pid}/task/{pid}/children")
        return [int(child) for child in path.read_text().split()] if path.exists() else []

    def stop(self, name: str, sig: int = signal.SIGTERM, timeout: float = 20) -> None:
        with self._lock:
            process = self.processes.pop(name, None)
            self._restart_at.pop(name, None)
        if process is None:
            return
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, sig)
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        # Anything the process left in its group (prefork children) goes too.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)

    def stop_all(self) -> None:
        self._closing.set()
        if self._supervisor is not None:
            self._supervisor.join(timeout=5)
        for name in reversed(list(self.processes)):
            self.stop(name)

    # --- HTTP ---
    def request(self, method: str, path: str, *, token: str | None = None, **kwargs):
        headers = kwargs.pop("headers", {})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        timeout = kwargs.pop("timeout", 20)
        return requests.request(
            method, f"{self.base_url}{path}", headers=headers, timeout=timeout, **kwargs
        )

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, body: dict | None = None, **kwargs) -> requests.Response:
        return self.request("POST", path, json=body or {}, **kwargs)

    def login(self, phone: str, password: str = PASSWORD) -> str:
        response = self.post("/api/v1/users/login/", {"phone_number": phone, "password": password})
        assert response.status_code == 200, response.text
        return response.json()["access"]

    def register(self, phone: str) -> requests.Response:
        return self.post(
            "/api/v1/users/register/",
            {
                "phone_number": phone,
                "password": PASSWORD,
                "first_name": "Nodira",
                "last_name": "Karimova",
                "accepted_terms": True,
            },
        )

    def notifications_to(self, phone: str) -> list[tuple]:
        """(type, status, attempts) of every outbox SMS to `phone`, oldest first."""
        return self.postgres.query(
            "SELECT type, status, attempts FROM notifications_notification"
            " WHERE recipient = %s AND channel = 'sms' ORDER BY id",
            (phone,),
        )


def new_phone() -> str:
    """A fresh +998 number no seeded account has."""
    return f"+99893{secrets.randbelow(10**7):07d}"
