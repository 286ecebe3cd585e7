"""High-level calls shared by the command line, the workflow and the web portal."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from microbiomix.errors import UsageError
from microbiomix.profile import Cohort, Profile, Provenance
from microbiomix.readers import read_profiles
from microbiomix.reference import (  # MarkerResult lives there so the report needs no pipeline
    MarkerResult,
    Reference,
    compute_markers_against,
    default_reference,
)

if TYPE_CHECKING:
    from microbiomix.interpretation.models import Findings
    from microbiomix.profilers import ProfilerRun
    from microbiomix.report.model import Report


def load_profiles(
    paths: Sequence[str | Path], input_format: str | None = None, sample_id: str | None = None
) -> list[Profile]:
    """Read every sample of every file; sample ids must be unique across files."""
    if sample_id is not None and len(paths) > 1:
        raise UsageError("--sample-id names one sample; give one input file with it")
    if sample_id is not None:
        return [_one_profile(paths[0], sample_id, input_format)]
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
    profiles: Sequence[Profile],
    marker_ids: Iterable[str] | None = None,
    reference: Reference | None = None,
) -> tuple[list[MarkerResult], dict[str, Provenance]]:
    """All markers for all samples, in input order of samples and registry order of markers,
    each placed as a percentile in ``reference`` (default: the bundled healthy reference)."""
    ids = list(marker_ids) if marker_ids is not None else None
    reference = reference if reference is not None else default_reference()
    by_sample: dict[str, list[MarkerResult]] = {}
    provenance: dict[str, Provenance] = {}
    for cohort in cohorts_by_taxonomy(profiles):
        for computed in compute_markers_against(cohort, reference, ids):
            percentiles = reference.percentile(computed.spec.id, computed.values)
            for i, sample in enumerate(cohort.sample_ids):
                value = float(computed.values[i])
                coverage = float(computed.coverage[i])
                percentile = float(percentiles[i])
                by_sample.setdefault(sample, []).append(
                    MarkerResult(
                        sample=sample,
                        spec=computed.spec,
                        value=None if np.isnan(value) else value,
                        coverage=None if np.isnan(coverage) else coverage,
                        note=computed.notes[i],
                        percentile=None if np.isnan(percentile) else percentile,
                        reference=None if np.isnan(percentile) else reference.name,
                    )
                )
        provenance.update(zip(cohort.sample_ids, cohort.provenance, strict=True))
    ordered = [r for p in profiles for r in by_sample.get(p.sample_id, [])]
    return ordered, provenance


def _one_profile(
    path: str | Path, sample_id: str | None, input_format: str | None = None
) -> Profile:
    """The one sample of ``path`` (or the one named ``sample_id`` in a multi-sample file)."""
    import dataclasses

    found = read_profiles(path, input_format)
    if len(found) == 1:
        only = found[0]
        return dataclasses.replace(only, sample_id=sample_id) if sample_id else only
    names = [p.sample_id for p in found]
    if sample_id is None:
        raise UsageError(
            f"{path} holds {len(found)} samples ({', '.join(names[:5])}"
            f"{', ...' if len(names) > 5 else ''}); choose one with --sample-id"
        )
    chosen = [p for p in found if p.sample_id == sample_id]
    if not chosen:
        raise UsageError(f"{path} has no sample {sample_id!r}; it holds {', '.join(names[:10])}")
    return chosen[0]


def _previous_profile(path: str | Path, input_format: str | None = None) -> Profile:
    """An earlier sample for ``--previous``: a single-sample file (``--sample-id`` is not for it)."""
    found = read_profiles(path, input_format)
    if len(found) != 1:
        raise UsageError(
            f"{path} holds {len(found)} samples; --previous takes single-sample profiles"
        )
    return found[0]


def build_report(
    profile_path: str | Path,
    labs_path: str | Path | None = None,
    intake_path: str | Path | None = None,
    previous_paths: Sequence[str | Path] = (),
    reference: str | Path | None = None,
    sample_id: str | None = None,
    input_format: str | None = None,
) -> Report:
    """The full report for one sample: markers, reference placement, labs, intake, interpretation.

    Args:
        profile_path: the sample's profile (any format the readers know). A multi-sample file needs
            ``sample_id`` to choose the sample; a single-sample file is renamed to it.
        labs_path: lab results (CSV/JSON), optional.
        intake_path: intake questionnaire (YAML/JSON), optional.
        previous_paths: earlier single-sample profiles of the same person, oldest first; each adds a
            time point to the re-test comparison.
        reference: a healthy reference built with ``mmm reference build`` (default: the bundled one,
            when available).
        sample_id: see ``profile_path``.
        input_format: the profiles' format when it cannot be detected (default: detected).

    Returns:
        The :class:`~microbiomix.report.model.Report`; render it with
        :func:`microbiomix.report.render_html`, :func:`~microbiomix.report.render_pdf` or
        :func:`~microbiomix.report.to_fhir`, or ``report.to_json()``.
    """
    from microbiomix.report.build import assemble
    from microbiomix.report.sources import gather_context, load_reference

    profile = _one_profile(profile_path, sample_id, input_format)
    earlier = [_previous_profile(path, input_format) for path in previous_paths]
    ids = [p.sample_id for p in earlier] + [profile.sample_id]
    if len(set(ids)) != len(ids):
        raise UsageError(
            f"the report sample and --previous samples need distinct sample ids; got {', '.join(ids)}"
        )
    healthy = load_reference(reference)
    results, _ = marker_results([*earlier, profile], reference=healthy)
    by_sample: dict[str, list[MarkerResult]] = {}
    for r in results:
        by_sample.setdefault(r.sample, []).append(r)
    context = gather_context(
        profile, by_sample[profile.sample_id], labs_path, intake_path, healthy
    )
    previous = [(p, by_sample.get(p.sample_id, []), None) for p in earlier]
    return assemble(profile, by_sample.get(profile.sample_id, []), context, previous)



def interpret_sample(
    profile_path: str | Path | None,
    labs: str | Path | None = None,
    intake: str | Path | None = None,
    input_format: str | None = None,
    sample_id: str | None = None,
) -> Findings:
    """Findings, red flags and a plan for one sample (``mmm interpret``).

    Any of the three inputs may be absent; the findings then say what could not be assessed.
    """
    from microbiomix.interpret import interpret
    from microbiomix.readers.intake import read_intake
    from microbiomix.readers.labs import read_labs

    markers: dict[str, MarkerResult] = {}
    sample = None
    if profile_path is not None:
        profile = _one_profile(profile_path, sample_id, input_format)
        sample = profile.sample_id
        results, _ = marker_results([profile])
        markers = {r.spec.id: r for r in results}
    return interpret(
        markers,
        read_labs(labs) if labs is not None else None,
        read_intake(intake) if intake is not None else None,
        sample=sample,
    )


def reads_to_profile(
    r1: str | Path,
    r2: str | Path | None,
    database: str | Path,
    output: str | Path | None,
    **options: Any,
) -> ProfilerRun:
    """FASTQ reads -> read QC and a profile file (CAMI by default) with provenance.

    Options as :func:`microbiomix.profilers.run.reads_to_profile` (``sample_id``, ``profiler``,
    ``output_format``, ``threads``, ``quiet``, ``extra``, ``qc_output``).
    """
    from microbiomix.profilers.run import reads_to_profile as run_profiler

    return run_profiler(r1, r2, database, output, **options)


def markers_document(
    results: Sequence[MarkerResult], provenance: dict[str, Provenance]
) -> dict[str, Any]:
    """The ``mmm markers --format json`` document: per sample its provenance and every marker with
    value, coverage, note, percentile, reference and citation (``mmm run`` and ``mmm batch`` write
    the same)."""
    from microbiomix import SCHEMA_VERSION, __version__

    samples: dict[str, dict[str, Any]] = {}
    for r in results:
        entry = samples.setdefault(
            r.sample,
            {"sample": r.sample, "provenance": provenance[r.sample].as_dict(), "markers": {}},
        )
        entry["markers"][r.spec.id] = {
            "value": r.value,
            "coverage": r.coverage,
            "note": r.note,
            "percentile": r.percentile,
            "reference": r.reference,
            "title": r.spec.title,
            "citation": r.spec.citation,
            "doi": r.spec.doi,
            "defined_on": r.spec.defined_on,
        }
    return {
        "tool": "microbiomix",
        "microbiomix_version": __version__,
        "schema_version": SCHEMA_VERSION,
        "samples": list(samples.values()),
    }
