"""Fuzz the three loaders with generated input: only KwaliteitError may come out.

About 100,000 generated inputs per run, derandomised (the same inputs every run, so CI is
stable); bench/fuzz_loaders.py runs longer with fresh randomness. Inputs come in four kinds:
random bytes, random bytes mapped onto TOML's characters, valid files with byte edits, and
valid files with values swapped for any TOML value (through tomli_w). What each target does
with an input is in tests/fuzzkit.py: as far as the tool would go with that file.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings

from tests import fuzzkit
from tests.fuzzkit import (
    COUNTS,
    TARGETS,
    mutated_files,
    raw_batches,
    reshaped_files,
    tomlish_batches,
)


def _settings(examples: int) -> settings:
    return settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


@pytest.fixture(scope="module", autouse=True)
def report_counts(request: pytest.FixtureRequest) -> Iterator[None]:
    before = COUNTS.copy()
    yield
    ran = COUNTS - before
    total = sum(ran[kind] for kind in ("raw", "tomlish", "mutated", "reshaped"))
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(
            f"\nfuzz: {total} generated inputs; loader runs: "
            + ", ".join(f"{key} {ran[key]}" for key in sorted(ran) if key in TARGETS)
            + "; "
            + ", ".join(f"{key} {value}" for key, value in sorted(ran.items()) if " " in key)
        )


def _expect(kind: str, before: int, inputs: int) -> None:
    """Hypothesis ran (nearly) as many inputs as asked: the count in the report is real."""
    assert COUNTS[kind] - before >= inputs * 0.95, (kind, COUNTS[kind] - before, inputs)


RAW_EXAMPLES = 3500  # x16 inputs, each into all three loaders
TOMLISH_EXAMPLES = 2500  # x16


def test_random_bytes_into_every_loader() -> None:
    before = COUNTS["raw"]

    @_settings(RAW_EXAMPLES)
    @given(raw_batches)
    def run(batch: list[bytes]) -> None:
        for raw in batch:
            COUNTS["raw"] += 1
            for target in TARGETS.values():
                target(raw)

    run()
    _expect("raw", before, RAW_EXAMPLES * 16)


def test_tomlish_bytes_into_every_loader() -> None:
    before = COUNTS["tomlish"]

    @_settings(TOMLISH_EXAMPLES)
    @given(tomlish_batches)
    def run(batch: list[bytes]) -> None:
        for raw in batch:
            COUNTS["tomlish"] += 1
            for target in TARGETS.values():
                target(raw)

    run()
    _expect("tomlish", before, TOMLISH_EXAMPLES * 16)


MUTATED = {"session": 2000, "instrument": 1000, "answers": 1500}
RESHAPED = {"session": 1500, "instrument": 800, "answers": 1200}


@pytest.mark.parametrize("kind", sorted(MUTATED))
def test_valid_files_with_byte_edits(kind: str) -> None:
    before = COUNTS["mutated"]
    target = TARGETS[kind]

    @_settings(MUTATED[kind])
    @given(mutated_files(kind))
    def run(raw: bytes) -> None:
        COUNTS["mutated"] += 1
        target(raw)

    run()
    _expect("mutated", before, MUTATED[kind])


@pytest.mark.parametrize("kind", sorted(RESHAPED))
def test_valid_files_with_values_of_any_type(kind: str) -> None:
    before = COUNTS["reshaped"]
    target = TARGETS[kind]

    @_settings(RESHAPED[kind])
    @given(reshaped_files(kind))
    def run(raw: bytes) -> None:
        COUNTS["reshaped"] += 1
        target(raw)

    run()
    _expect("reshaped", before, RESHAPED[kind])


def test_the_seeds_themselves_load() -> None:
    """The fuzzers start from valid files: a broken seed would make every input a refusal."""
    for kind, seeds in fuzzkit.SEEDS.items():
        for seed in seeds:
            assert TARGETS[kind](seed.encode("utf-8")) == "ok", kind
