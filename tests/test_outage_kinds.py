"""config.outage.is_outage on real errors of both databases: only a lost connection is an outage."""

import sqlite3

import pytest
from django.db import connection, OperationalError, ProgrammingError

from config.outage import is_outage


def raised(sql: str) -> BaseException:
    with pytest.raises((OperationalError, ProgrammingError)) as caught, connection.cursor() as cursor:
        cursor.execute(sql)
    return caught.value


@pytest.mark.django_db
@pytest.mark.both_databases
def test_a_missing_table_is_not_an_outage():
    assert is_outage(raised("SELECT * FROM no_such_table_here")) is False


def test_a_file_sqlite_cannot_open_is_an_outage(tmp_path):
    try:
        sqlite3.connect(str(tmp_path / "missing-dir" / "db.sqlite3"))
    except sqlite3.OperationalError as cause:
        try:
            raise OperationalError(str(cause)) from cause
        except OperationalError as error:
            assert is_outage(error) is True
