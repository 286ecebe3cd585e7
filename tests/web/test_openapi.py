"""Schemathesis against the portal's OpenAPI document: generated requests (logged in as a
practitioner with data) never make the server fail, and responses match the documented schemas."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from microbiomix.web.deps import SESSION_COOKIE

from .conftest import client_with_sample, make_portal


@pytest.fixture(scope="module")
def logged_in(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    folder: Path = tmp_path_factory.mktemp("schemathesis")
    portal = make_portal(f"sqlite:///{folder / 'portal.db'}")
    http = portal.login("alice@clinic.test")
    client_with_sample(http)
    portal.run_jobs()
    yield portal, http.cookies[SESSION_COOKIE]
    portal.engine.dispose()


def _operations(portal):  # type: ignore[no-untyped-def]
    schema = schemathesis.openapi.from_asgi("/openapi.json", portal.app)
    return [result.ok() for result in schema.get_all_operations()]


@pytest.mark.slow
def test_api_has_no_server_errors(logged_in) -> None:  # type: ignore[no-untyped-def]
    portal, token = logged_in
    operations = _operations(portal)
    assert len(operations) >= 10
    tried = []
    for operation in operations:
        if operation.path == "/api/auth/logout":
            continue  # would end the session the other operations use

        @given(case=operation.as_strategy())
        @settings(
            max_examples=15, deadline=None, database=None, suppress_health_check=list(HealthCheck)
        )
        def exercise(case) -> None:  # type: ignore[no-untyped-def]
            case.call_and_validate(
                headers={"Cookie": f"{SESSION_COOKIE}={token}"},
                checks=[not_a_server_error, response_schema_conformance],
            )

        exercise()
        tried.append(operation.path)
    assert "/api/samples/{sample_id}/report.json" in tried
