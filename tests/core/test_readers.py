"""Background reads borrow connections that stay open between jobs: they must see every
commit, and leave nothing open once the base is closed."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from pexdesk.core.db.base import Base
from pexdesk.core.db.readers import ReaderPool
from pexdesk.core.domain.models import Partner
from pexdesk.core.domain.profile import Profile
from pexdesk.core.repositories import partners


@pytest.fixture
def base(tmp_path):
    with Base.create(tmp_path / "gers.db", Profile(department_code="32", adil_name="ADIL du Gers")) as base:
        yield base


def partner_count(con: sqlite3.Connection) -> int:
    return con.execute("SELECT count(*) FROM partner").fetchone()[0]


def test_a_connection_given_back_is_lent_again_and_sees_later_saves(base):
    pool = ReaderPool(base.path)
    with pool.borrow() as first:
        assert partner_count(first) == 0
    partners.save(base.con, Partner(name="CAF du Gers", category_code="CAF"))
    with pool.borrow() as second:
        assert second is first
        assert partner_count(second) == 1
    pool.close()


def test_borrowed_connections_only_read(base):
    pool = ReaderPool(base.path)
    with pool.borrow() as con, pytest.raises(sqlite3.OperationalError):
        con.execute("DELETE FROM partner")
    pool.close()


def test_jobs_at_once_get_connections_of_their_own(base):
    pool = ReaderPool(base.path)
    lent = []
    both_borrowed = threading.Barrier(2)

    def job():
        with pool.borrow() as con:
            lent.append(con)
            both_borrowed.wait(timeout=5)
            partner_count(con)

    threads = [threading.Thread(target=job) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert lent[0] is not lent[1]
    pool.close()


def test_closing_closes_idle_connections_and_those_given_back_later(base):
    pool = ReaderPool(base.path)
    with pool.borrow() as first, pool.borrow() as second:
        pass
    with pool.borrow() as lent:
        idle = second if lent is first else first
        pool.close()
        with pytest.raises(sqlite3.ProgrammingError):
            idle.execute("SELECT 1")
        partner_count(lent)  # a job still running finishes its read
    with pytest.raises(sqlite3.ProgrammingError):
        lent.execute("SELECT 1")


def test_a_connection_left_in_a_transaction_is_not_lent_again(base):
    pool = ReaderPool(base.path)
    with pool.borrow() as con:
        con.execute("BEGIN")
        partner_count(con)
    with pool.borrow() as other:
        assert other is not con
    with pytest.raises(sqlite3.ProgrammingError):
        con.execute("SELECT 1")
    pool.close()
