"""Fixtures for the unit tests: the fixture archive and its vocabularies, and a record workshop in tmp_path.

The unit tests never touch the network and write only into pytest's tmp_path (and, when asked
with UPDATE_GOLDEN=1, the golden file).
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from unit_helpers import FIXTURE, TODAY, CheckRecord, check_record_in

from tiparchive.archive.indexes import Archive, load_archive
from tiparchive.records.vocabularies import Vocabularies, load_vocabularies


@pytest.fixture(scope="session")
def vocabularies() -> Vocabularies:
    return load_vocabularies(FIXTURE)


@pytest.fixture(scope="session")
def archive() -> Archive:
    return load_archive(FIXTURE, today=TODAY)


@pytest.fixture
def check_record(tmp_path: Path, vocabularies: Vocabularies) -> CheckRecord:
    """`check_record(text, ...)`: the record validated in this test's own tmp_path."""
    return functools.partial(check_record_in, tmp_path, vocabularies)
