"""Schema fuzzing (SECURITY.md, fuzzing): schemathesis runs against a live server with a token per
role and the `not_a_server_error` check. Zero 5xx is the bar.

The server is pytest-django's `live_server` (a real HTTP server on a spare port, on the test
database), so the rows customer A owns are committed and path parameters can hit them. The
schema is the one `/api/schema/` serves, made by the same generator in-process and handed over
as a file (rendering it over HTTP took more than 10 s on a loaded machine). Examples are bounded
(FUZZ_MAX_EXAMPLES, default 5 per operation and phase; FUZZ_PHASES) so the seven runs take about
two minutes; FUZZ_SEED (default fixed) makes a failure reproducible."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from rest_framework_simplejwt.tokens import RefreshToken

from tests.conftest import ROLES
from tests.hardening.world import World

MAX_EXAMPLES = os.environ.get("FUZZ_MAX_EXAMPLES", "5")
SEED = os.environ.get("FUZZ_SEED", "20261123")
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")


def schemathesis_run(
    schema: Path, base_url: str, token: str | None, report: Path
) -> subprocess.CompletedProcess:
    command = [
        str(SCHEMATHESIS),
        "run",
        str(schema),
        "--url",
        base_url,
        "--checks",
        "not_a_server_error",
        "--phases",
        os.environ.get("FUZZ_PHASES", "examples,fuzzing"),
        "--max-examples",
        MAX_EXAMPLES,
        "--seed",
        SEED,
        "--workers",
        "4",
        "--request-timeout",
        "30",
        "--no-color",
        "--report",
        "junit",
        "--report-junit-path",
        str(report),
    ]
    if token:
        command += ["--header", f"Authorization: Bearer {token}"]
    # Run in the test's temporary folder: schemathesis keeps its cache under the working directory.
    return subprocess.run(
        command, capture_output=True, text=True, timeout=600, check=False, cwd=report.parent
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("role", ROLES)
def test_no_operation_answers_a_server_error(live_server, request, tmp_path, customer, role):
    world = World(customer)
    for name in ("address", "notification", "order", "prescription", "cart_item", "batch"):
        getattr(world, name)
    user = None if role == "anonymous" else request.getfixturevalue(_fixture(role))
    token = str(RefreshToken.for_user(user).access_token) if user else None
    schema = tmp_path / "openapi.json"
    document = SchemaGenerator().get_schema(request=None, public=True)
    schema.write_bytes(OpenApiJsonRenderer().render(document, renderer_context={}))
    result = schemathesis_run(schema, live_server.url, token, tmp_path / "junit.xml")
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]


def _fixture(role: str) -> str:
    return {"admin": "admin_user"}.get(role, role)
