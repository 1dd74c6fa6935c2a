"""The embedded shop on one port: SPA, API root, docs and admin."""

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_spa_routes_fall_back_to_index_html(anon_client, settings, tmp_path):
    (tmp_path / "index.html").write_text("<!doctype html><div id=root></div>")
    settings.SPA_DIST_DIR = tmp_path
    for path in ("/", "/catalog/paracetamol", "/orders/17"):
        response = anon_client.get(path)
        assert response.status_code == 200
        assert b"id=root" in b"".join(response.streaming_content)


def test_missing_spa_build_is_a_plain_404(anon_client, settings, tmp_path):
    settings.SPA_DIST_DIR = tmp_path
    assert anon_client.get("/").status_code == 404


def test_api_root_lists_the_sections(anon_client):
    body = anon_client.get("/api/v1/").json()
    assert set(body["sections"]) >= {"users", "products", "orders", "payments"}


def test_docs_and_admin_are_served(anon_client):
    assert anon_client.get("/api/docs/").status_code == 200
    assert anon_client.get("/api/redoc/").status_code == 200
    assert anon_client.get("/admin/login/").status_code == 200


def test_openapi_schema_is_valid_and_free_of_warnings(tmp_path):
    out = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    assert "openapi: 3" in out.read_text()
