"""PostgreSQL backups with the server's own tools: `pg_dump -Fc` and `pg_restore`.

Connection details come from the configured database and reach the tools as libpq environment
variables, so the password never appears on a command line (`ps` shows those to every user)."""

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import psycopg
from django.db import connections
from django.utils import timezone
from psycopg import sql

DUMP_SUFFIX = ".dump"


class BackupError(Exception):
    """A backup or restore step failed; the message says which and why (tool's stderr)."""


@dataclass(frozen=True)
class TableFingerprint:
    rows: int
    checksum: str


def database_settings(alias: str = "default") -> dict:
    settings_dict = connections[alias].settings_dict
    if not settings_dict["ENGINE"].endswith("postgresql"):
        raise BackupError("Backups need PostgreSQL; this database is not PostgreSQL.")
    return settings_dict


def libpq_env(settings_dict: dict, *, database: str | None = None) -> dict[str, str]:
    """The process environment plus PGHOST/PGPORT/PGUSER/PGPASSWORD/PGDATABASE for one database."""
    env = dict(os.environ)
    values = {
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": settings_dict.get("PORT"),
        "PGUSER": settings_dict.get("USER"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGDATABASE": database or settings_dict["NAME"],
        "PGSSLMODE": settings_dict.get("OPTIONS", {}).get("sslmode"),
        "PGCONNECT_TIMEOUT": str(settings_dict.get("OPTIONS", {}).get("connect_timeout") or 10),
    }
    env.update({key: str(value) for key, value in values.items() if value})
    return env


def _run(command: list[str], *, env: dict[str, str]) -> str:
    try:
        # Fixed tool names with arguments we build; no shell is involved.
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    except FileNotFoundError as exc:
        raise BackupError(f"{command[0]} is not installed (Debian: postgresql-client).") from exc
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-2000:]}")
    return result.stdout


def backup_create(*, directory: Path, keep: int, alias: str = "default") -> Path:
    """Dump the database into `directory` as `dorixona-<db>-<UTC time>.dump`, check the archive
    reads back, then delete all but the newest `keep` dumps of that database. A dump that fails
    half-way never takes a finished name, so rotation never deletes a good dump for a bad one."""
    settings_dict = database_settings(alias)
    env = libpq_env(settings_dict)
    directory.mkdir(parents=True, exist_ok=True)
    prefix = f"dorixona-{settings_dict['NAME']}-"
    final = directory / f"{prefix}{timezone.now():%Y%m%dT%H%M%SZ}{DUMP_SUFFIX}"
    if final.exists():
        raise BackupError(f"{final} already exists.")
    partial = directory / f".{final.name}.partial"
    try:
        _run(["pg_dump", "--format=custom", "--compress=6", "--file", str(partial)], env=env)
        _run(["pg_restore", "--list", str(partial)], env=env)
        partial.chmod(0o600)
        partial.rename(final)
    finally:
        partial.unlink(missing_ok=True)
    for old in sorted(directory.glob(f"{prefix}*{DUMP_SUFFIX}"))[:-keep]:
        old.unlink()
    return final


def _tables(connection: psycopg.Connection) -> list[tuple[str, str]]:
    return connection.execute(
        "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
        "AND n.nspname NOT LIKE 'pg_toast%' ORDER BY 1, 2"
    ).fetchall()


def _connect(settings_dict: dict, database: str) -> psycopg.Connection:
    return psycopg.connect(
        host=settings_dict.get("HOST") or None,
        port=settings_dict.get("PORT") or None,
        user=settings_dict.get("USER") or None,
        password=settings_dict.get("PASSWORD") or None,
        dbname=database,
        connect_timeout=10,
        autocommit=True,
    )


def table_fingerprints(*, database: str, alias: str = "default") -> dict[str, TableFingerprint]:
    """Row count and a checksum of every row's text form, per table, for comparing a restore
    with its source. Order-independent: rows are hashed, then the sorted hashes."""
    settings_dict = database_settings(alias)
    fingerprints = {}
    with _connect(settings_dict, database) as connection:
        for schema, table in _tables(connection):
            query = sql.SQL(
                "SELECT count(*), coalesce(md5(string_agg(h, '' ORDER BY h)), '') "
                "FROM (SELECT md5(t::text) AS h FROM {} AS t) AS rows"
            ).format(sql.Identifier(schema, table))
            rows, checksum = connection.execute(query).fetchone()
            fingerprints[f"{schema}.{table}"] = TableFingerprint(rows=rows, checksum=checksum)
    return fingerprints


def backup_restore(*, dump: Path, target: str, create: bool, alias: str = "default") -> None:
    """Restore a dump into the fresh database `target` (created first with `create`). Refuses the
    configured database and any database that already has tables: a restore never overwrites."""
    settings_dict = database_settings(alias)
    if target == settings_dict["NAME"]:
        raise BackupError("Refusing to restore over the configured database; name a fresh one.")
    if not dump.is_file():
        raise BackupError(f"{dump} does not exist.")
    env = libpq_env(settings_dict, database=target)
    if create:
        _run(["createdb", "--template=template0", target], env=env)
    with _connect(settings_dict, target) as connection:
        if _tables(connection):
            raise BackupError(f"Database {target} is not empty; restore into a fresh database.")
    _run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            "--dbname",
            target,
            str(dump),
        ],
        env=env,
    )
