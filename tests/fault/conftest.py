"""One private stack per pytest process (session scope), shared by the scenarios; each scenario
gets it back healthy (`stack`): Redis and PostgreSQL running, the gateway up and quick, a worker
running. Nothing here touches the shared PostgreSQL/Redis or the Django test database."""

import json
import os
import shutil
import tempfile
import warnings
from pathlib import Path

import pytest

from .stack import AppStack, PrivatePostgres, PrivateRedis, SmsGateway, postgres_unavailable_reason

SEEDED_CUSTOMERS = 12


def _unavailable_reason() -> str | None:
    if shutil.which("redis-server") is None:
        return "redis-server not found on PATH"
    return postgres_unavailable_reason()


@pytest.fixture(scope="session")
def fault_stack():
    reason = _unavailable_reason()
    if reason is not None:
        print(f"\nfault-injection suite skipped: {reason}")
        pytest.skip(f"fault injection needs private servers: {reason}")
    # Short path under /tmp: PostgreSQL's unix socket lives here (socket paths are limited).
    workdir = Path(tempfile.mkdtemp(prefix="dx-fault-"))
    workdir.chmod(0o755)  # the postgres OS user must reach its folder inside
    gateway = cache = postgres = app = None
    try:
        gateway = SmsGateway()
        cache = PrivateRedis(workdir)
        cache.start()
        postgres = PrivatePostgres(workdir)
        postgres.init()
        app = AppStack(workdir, postgres, cache, gateway)
        app.python("manage.py", "migrate", "--noinput", "--verbosity", "0", timeout=240)
        seeded = json.loads(app.python("-m", "tests.fault.seed", str(SEEDED_CUSTOMERS)))
        app.phones = iter(seeded["phones"])
        app.product_id = seeded["product_id"]
        app.start_web()
        app.start_worker()
        app.start_beat()
        app.supervise()
        app.wait_ready("worker")
        yield app
    finally:
        if app is not None:
            app.stop_all()
        if gateway is not None:
            gateway.down()
        if cache is not None:
            cache.stop()
        if postgres is not None:
            postgres.destroy()
        if os.environ.get("FAULT_KEEP"):
            print(f"\nfault-injection work folder kept: {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def _restore(app: AppStack) -> None:
    """Undo whatever a scenario (or its failure) left broken."""
    app.gateway.reset()
    app.redis.ensure_running()
    app.postgres.ensure_running()
    with app._lock:
        for name, start in (("web", app.start_web), ("worker", app.start_worker)):
            process = app.processes.get(name)
            if process is None or process.poll() is not None:
                app.processes.pop(name, None)
                start()
    app.wait_ready("worker")


@pytest.fixture
def stack(fault_stack):
    _restore(fault_stack)
    crashes = len(fault_stack.crashes)
    yield fault_stack
    for name, code in fault_stack.crashes[crashes:]:
        # Not a failure: production restarts it the same way (Restart=always). Shown so that
        # it is seen; docs/security.md, "Fault injection", says when it happens.
        warnings.warn(
            f"fault stack: Celery {name} exited with {code} and was restarted by the supervisor",
            UserWarning,
            stacklevel=1,
        )
    _restore(fault_stack)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed scenario shows the tail of every process log of the stack."""
    report = yield
    app = item.funcargs.get("stack") if hasattr(item, "funcargs") else None
    if report.when == "call" and report.failed and isinstance(app, AppStack):
        for name in ("web", "worker", "beat"):
            report.sections.append((f"fault stack: {name} log", app.log_text(name)[-3000:]))
        report.sections.append(("fault stack: postgres log", app.postgres.log_text()[-1500:]))
        report.sections.append(("fault stack: supervisor restarts", repr(app.crashes)))
    return report
