"""Reads the permission matrix (permission_matrix.yml) and lists the operations the OpenAPI
schema publishes, so the test can compare the two."""

from pathlib import Path

import yaml
from drf_spectacular.generators import SchemaGenerator

MATRIX_FILE = Path(__file__).with_name("permission_matrix.yml")
METHODS = ("get", "post", "put", "patch", "delete")


def load_matrix() -> dict:
    return yaml.safe_load(MATRIX_FILE.read_text(encoding="utf-8"))


def schema_operations() -> set[str]:
    """Every operation of the live schema as "METHOD /path" (the generator `/api/schema/` uses)."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {
        f"{method.upper()} {path}"
        for path, item in schema["paths"].items()
        for method in METHODS
        if method in item
    }
