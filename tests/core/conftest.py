"""Fixtures shared by the core tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pexdesk.core.db.base import Base
from pexdesk.core.services.demo import write_demo_base
from tests.core.exchange_helpers import DEMO_TODAY


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    """The demo base as of ``DEMO_TODAY``, written once per test module."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    write_demo_base(path, today=DEMO_TODAY)
    return path


@pytest.fixture(scope="module")
def demo_as_of_today(tmp_path_factory) -> Path:
    """The demo base as of the real date, which the bilans' default period runs up to;
    written once per test module."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    write_demo_base(path, today=date.today())
    return path


@pytest.fixture
def demo_con(demo):
    with Base.open(demo, read_only=True) as base:
        yield base.con
