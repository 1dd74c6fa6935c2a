"""docker-compose.yml validates with Compose (`config` needs no engine) and wires the stack as
docs/deploy.md describes."""

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

COMPOSE_FILE = Path(__file__).resolve().parents[2] / "docker-compose.yml"
DUMMY_ENV = "POSTGRES_PASSWORD=dummy-password\nDJANGO_SECRET_KEY=dummy\n"


def _compose_command() -> list[str]:
    docker = shutil.which("docker")
    if docker:
        probe = subprocess.run([docker, "compose", "version"], capture_output=True, check=False)
        if probe.returncode == 0:
            return [docker, "compose"]
    legacy = shutil.which("docker-compose")
    if legacy:
        return [legacy]
    pytest.skip("no Compose implementation (scripts/install_stack_tools.sh installs one)")


def _config(tmp_path: Path, env: str) -> subprocess.CompletedProcess:
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(COMPOSE_FILE, project / "docker-compose.yml")
    (project / ".env").write_text(env)
    return subprocess.run(
        [*_compose_command(), "-f", "docker-compose.yml", "config"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def stack(tmp_path_factory) -> dict:
    result = _config(tmp_path_factory.mktemp("compose"), DUMMY_ENV)
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(result.stdout)["services"]


def test_the_stack_has_every_service(stack):
    assert set(stack) == {"postgres", "redis", "migrate", "web", "worker", "beat", "nginx"}


def test_only_nginx_is_published(stack):
    published = {name for name, service in stack.items() if service.get("ports")}
    assert published == {"nginx"}


def test_app_processes_wait_for_migrations_and_healthy_stores(stack):
    for name in ("web", "worker"):
        depends = stack[name]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully"
        assert depends["postgres"]["condition"] == "service_healthy"
        assert depends["redis"]["condition"] == "service_healthy"
    assert stack["nginx"]["depends_on"]["web"]["condition"] == "service_healthy"


def test_worker_consumes_every_queue_and_beat_is_single(stack):
    command = stack["worker"]["command"]
    command = command if isinstance(command, str) else " ".join(command)
    assert "-Q default,sms,heavy" in command
    assert stack["beat"].get("deploy", {}).get("replicas", 1) == 1


def test_web_and_worker_share_media_and_metrics_but_count_in_their_own_directories(stack):
    def mounts(name):
        return {
            str(v).split(":")[1] if ":" in str(v) else v["target"] for v in stack[name]["volumes"]
        }

    for name in ("web", "worker"):
        assert {"/srv/dorixona/private", "/run/dorixona/metrics"} <= mounts(name)
    assert (
        stack["web"]["environment"]["PROMETHEUS_MULTIPROC_DIR"]
        != stack["worker"]["environment"]["PROMETHEUS_MULTIPROC_DIR"]
    )
    assert stack["web"]["environment"]["PRIVATE_MEDIA_ACCEL_PREFIX"] == "/protected/"


def test_a_missing_database_password_stops_compose(tmp_path):
    result = _config(tmp_path, "DJANGO_SECRET_KEY=dummy\n")
    assert result.returncode != 0
    assert "POSTGRES_PASSWORD" in result.stderr
