"""High-level calls shared by the command line, the workflow and the web portal."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from microbiomix.errors import UsageError
from microbiomix.markers import MarkerSpec, compute_markers
from microbiomix.profile import Cohort, Profile, Provenance
from microbiomix.readers import read_profiles


@dataclass(frozen=True)
class MarkerResult:
    """One marker for one sample, ready for output."""

    sample: str
    spec: MarkerSpec
    value: float | None  # None when not computed
    coverage: float | None  # None for markers without a taxon list
    note: str | None


def load_profiles(
    paths: Sequence[str | Path], input_format: str | None = None, sample_id: str | None = None
) -> list[Profile]:
    """Read every sample of every file; sample ids must be unique across files."""
    if sample_id is not None and len(paths) > 1:
        raise UsageError("--sample-id names one sample; give one input file with it")
    profiles: list[Profile] = []
    seen: dict[str, str] = {}
    for path in paths:
        for profile in read_profiles(path, input_format, sample_id):
            if profile.sample_id in seen:
                raise UsageError(
                    f"sample id {profile.sample_id!r} occurs in both {seen[profile.sample_id]} and "
                    f"{path}; rename one (e.g. with --sample-id)"
                )
            seen[profile.sample_id] = str(path)
            profiles.append(profile)
    return profiles


def cohorts_by_taxonomy(profiles: Sequence[Profile]) -> list[Cohort]:
    """One cohort per taxonomy system, so name mapping is decided once per system."""
    groups: dict[str, list[Profile]] = {}
    for profile in profiles:
        groups.setdefault(profile.provenance.taxonomy.value, []).append(profile)
    return [Cohort.from_profiles(group) for group in groups.values()]


def marker_results(
    profiles: Sequence[Profile], marker_ids: Iterable[str] | None = None
) -> tuple[list[MarkerResult], dict[str, Provenance]]:
    """All markers for all samples, in input order of samples and registry order of markers."""
    ids = list(marker_ids) if marker_ids is not None else None
    by_sample: dict[str, list[MarkerResult]] = {}
    provenance: dict[str, Provenance] = {}
    for cohort in cohorts_by_taxonomy(profiles):
        for computed in compute_markers(cohort, ids):
            for i, sample in enumerate(cohort.sample_ids):
                value = float(computed.values[i])
                coverage = float(computed.coverage[i])
                by_sample.setdefault(sample, []).append(
                    MarkerResult(
                        sample=sample,
                        spec=computed.spec,
                        value=None if np.isnan(value) else value,
                        coverage=None if np.isnan(coverage) else coverage,
                        note=computed.notes[i],
                    )
                )
        provenance.update(zip(cohort.sample_ids, cohort.provenance, strict=True))
    ordered = [r for p in profiles for r in by_sample.get(p.sample_id, [])]
    return ordered, provenance
