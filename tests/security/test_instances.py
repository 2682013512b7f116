"""The instances on one database: one secret key among the live ones, and `doctor` saying
when several count their limits apart. Real PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from intervoo.config import Mode, Settings
from intervoo.doctor import check_shared_limits
from intervoo.security.config import SecurityConfigError
from intervoo.security.instances import STALE_S, deregister, register_instance
from intervoo.store import Database
from tests.support.pg import pg_database, pg_db, pg_settings  # noqa: F401

pytestmark = pytest.mark.postgres
KEY = "k" * 40


def _age_every_instance(db: Database, seconds: float) -> None:
    aged = "UPDATE server_instances SET seen_at = seen_at - :age * interval '1 second'"
    with db.session(None) as session:
        session.execute(text(aged), {"age": seconds})


def test_a_live_instance_with_another_key_is_refused_a_stale_one_is_not(
    pg_db: Database,  # noqa: F811
) -> None:
    first = register_instance(pg_db, KEY, shared_limits=True)
    register_instance(pg_db, KEY, shared_limits=True)  # the same key: welcome
    with pytest.raises(SecurityConfigError, match="INTERVOO_SECRET_KEY differs"):
        register_instance(pg_db, "x" * 40, shared_limits=True)
    deregister(pg_db, first)
    _age_every_instance(pg_db, STALE_S + 1)  # the others were killed a minute ago
    register_instance(pg_db, "x" * 40, shared_limits=True)  # a new key, after a full stop


def test_doctor_says_when_instances_do_not_share_their_limits(
    pg_db: Database,  # noqa: F811
    pg_settings: Settings,  # noqa: F811
) -> None:
    server = pg_settings.model_copy(update={"mode": Mode.SERVER})
    register_instance(pg_db, KEY, shared_limits=False)
    alone = check_shared_limits(server)
    register_instance(pg_db, KEY, shared_limits=False)
    two = check_shared_limits(server)
    assert alone.ok and "one instance" in alone.detail
    assert not two.ok and "2 server instances" in two.detail
    assert "INTERVOO_REDIS_URL" in two.detail
