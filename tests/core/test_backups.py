"""db_backup / db_restore: a real pg_dump -> pg_restore round trip into a fresh database."""

import uuid

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from apps.core.backups import table_fingerprints
from apps.notifications.models import Channel, NotificationType
from apps.notifications.services import notification_enqueue
from tests.users.factories import CustomerFactory, OperatorFactory


def _connect(dbname: str = "postgres") -> psycopg.Connection:
    params = connection.settings_dict
    return psycopg.connect(
        host=params["HOST"] or None,
        port=params["PORT"] or None,
        user=params["USER"] or None,
        password=params["PASSWORD"] or None,
        dbname=dbname,
        autocommit=True,
    )


@pytest.fixture
def fresh_database_name():
    name = f"dx_restore_{uuid.uuid4().hex[:10]}"
    yield name
    with _connect() as maintenance:
        maintenance.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_dump_and_restore_into_a_fresh_database_gives_identical_tables(
    tmp_path, fresh_database_name, capsys
):
    customers = CustomerFactory.create_batch(5)
    OperatorFactory(first_name="Дилноза")  # non-ASCII survives the round trip
    for customer in customers:
        notification_enqueue(
            type=NotificationType.ORDER_CREATED,
            channel=Channel.SMS,
            user=customer,
            context={"order_number": f"A-{customer.pk}"},
        )
    call_command("db_backup", dir=tmp_path, keep=3)
    dumps = list(tmp_path.glob("*.dump"))
    assert len(dumps) == 1
    assert dumps[0].stat().st_mode & 0o777 == 0o600

    call_command("db_restore", str(dumps[0]), target=fresh_database_name, create=True, compare=True)
    assert "Every table matches the source database." in capsys.readouterr().out

    source = table_fingerprints(database=connection.settings_dict["NAME"])
    restored = table_fingerprints(database=fresh_database_name)
    assert restored == source
    assert restored["public.users_user"].rows == 6
    assert restored["public.notifications_notification"].rows == 5
    assert restored["public.auditlog_logentry"].rows >= 6
    assert restored["public.django_migrations"].rows > 10


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_compare_fails_when_the_source_changed_after_the_dump(tmp_path, fresh_database_name):
    CustomerFactory()
    call_command("db_backup", dir=tmp_path, keep=3)
    CustomerFactory()
    with pytest.raises(CommandError, match="users_user"):
        call_command(
            "db_restore",
            str(next(tmp_path.glob("*.dump"))),
            target=fresh_database_name,
            create=True,
            compare=True,
        )


@pytest.mark.postgres
@pytest.mark.django_db
def test_rotation_keeps_the_newest_dumps_of_this_database_only(tmp_path):
    name = connection.settings_dict["NAME"]
    for stamp in ("20250101T000000Z", "20250102T000000Z", "20250103T000000Z"):
        (tmp_path / f"dorixona-{name}-{stamp}.dump").write_bytes(b"old")
    other = tmp_path / "dorixona-otherdb-20240101T000000Z.dump"
    other.write_bytes(b"another database's dump")
    call_command("db_backup", dir=tmp_path, keep=2)
    ours = sorted(p.name for p in tmp_path.glob(f"dorixona-{name}-*.dump"))
    assert len(ours) == 2
    assert ours[0] == f"dorixona-{name}-20250103T000000Z.dump"
    assert other.exists()
    assert not list(tmp_path.glob(".*partial"))


@pytest.mark.postgres
@pytest.mark.django_db
def test_restore_never_overwrites_a_database(tmp_path, fresh_database_name):
    dump = tmp_path / "x.dump"
    dump.write_bytes(b"unused")
    with pytest.raises(CommandError, match="configured database"):
        call_command("db_restore", str(dump), target=connection.settings_dict["NAME"])
    with _connect() as maintenance:
        maintenance.execute(f'CREATE DATABASE "{fresh_database_name}"')
    with _connect(fresh_database_name) as target:
        target.execute("CREATE TABLE live_data (id int)")
    with pytest.raises(CommandError, match="not empty"):
        call_command("db_restore", str(dump), target=fresh_database_name)


@pytest.mark.skipif(connection.vendor == "postgresql", reason="checks the SQLite refusal")
def test_backups_refuse_sqlite(tmp_path):
    with pytest.raises(CommandError, match="need PostgreSQL"):
        call_command("db_backup", dir=tmp_path)
