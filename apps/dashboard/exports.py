"""CSV files of dashboard tables. Spreadsheets run a cell that starts with `=`, `+`, `-`, `@`,
a tab or a carriage return as a formula (CSV injection), so such text cells are prefixed with a
quote and read as text. Numbers are written as numbers."""

import csv
import io
from decimal import Decimal

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str | int | Decimal:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, Decimal)):
        return value
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


def csv_render(*, rows: list[dict]) -> str:
    """The rows as CSV with a header line; nested values (dicts) are flattened to `key.sub`."""
    flat = [_flatten(row) for row in rows]
    columns: list[str] = []
    for row in flat:
        columns.extend(key for key in row if key not in columns)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([csv_cell(column) for column in columns])
    for row in flat:
        writer.writerow([csv_cell(row.get(column)) for column in columns])
    return out.getvalue()


def _flatten(row: dict, prefix: str = "") -> dict:
    flat = {}
    for key, value in row.items():
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat
