"""High-level calls shared by the command line, the workflow and the web portal."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from microbiomix.errors import UsageError
from microbiomix.profile import Cohort, Profile, Provenance
from microbiomix.quality import Quality, assess
from microbiomix.readers import read_profiles
from microbiomix.reference import (  # MarkerResult lives there so the report needs no pipeline
    MarkerResult,
    Reference,
    compatibility,
    compute_markers_against,
    profiler_family,
    reference_for,
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
    """One cohort per taxonomy system and profiler family, so name mapping is decided once per
    system and each family is placed in its own healthy reference."""
    groups: dict[tuple[str, str], list[Profile]] = {}
    for profile in profiles:
        key = (profile.provenance.taxonomy.value, profiler_family(profile.provenance))
        groups.setdefault(key, []).append(profile)
    return [Cohort.from_profiles(group) for group in groups.values()]


def sample_quality(profiles: Sequence[Profile]) -> dict[str, Quality]:
    """The sample-quality gate of every sample (:mod:`microbiomix.quality`), computed once."""
    out: dict[str, Quality] = {}
    for cohort in cohorts_by_taxonomy(profiles):
        out.update((q.sample, q) for q in assess(cohort))
    return out


def marker_results(
    profiles: Sequence[Profile],
    marker_ids: Iterable[str] | None = None,
    reference: Reference | None = None,
) -> tuple[list[MarkerResult], dict[str, Provenance]]:
    """All markers for all samples, in input order of samples and registry order of markers,
    each placed as a percentile in ``reference`` (default: the bundled reference of the input's
    profiler family, :func:`microbiomix.reference.reference_for`), with whether that reference is
    compatible with the input."""
    ids = list(marker_ids) if marker_ids is not None else None
    by_sample: dict[str, list[MarkerResult]] = {}
    provenance: dict[str, Provenance] = {}
    for cohort in cohorts_by_taxonomy(profiles):
        chosen = reference if reference is not None else reference_for(cohort.provenance[0])
        fits = [compatibility(chosen, p) for p in cohort.provenance]
        for computed in compute_markers_against(cohort, chosen, ids):
            percentiles = chosen.percentile(computed.spec.id, computed.values)
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
                        reference=None if np.isnan(percentile) else chosen.name,
                        reference_compatible=None if np.isnan(percentile) else fits[i][0],
                        reference_note=None if np.isnan(percentile) else fits[i][1],
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
    collected: date | None = None,
    approved_plan: str | Path | None = None,
    versions: Mapping[str, str] | None = None,
    previous_collected: Sequence[date] = (),
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
        collected: the sample's collection date; lab results are matched to it (rule in
            knowledge/rules.yaml) and intake facts are about it. None: newest results are used and
            the report says so.
        approved_plan: the practitioner's review of the plan (see
            :mod:`microbiomix.report.review`); without it the client view shows no plan items.
        versions: kind ("profile", "labs", "intake") -> version id to record instead of the
            file's sha256 (the portal's document revisions).
        previous_collected: the collection dates of ``previous_paths`` (one per file). With them
            (and ``collected``) the time points are ordered by collection date, not by the order
            given, and an earlier sample dated after the reported one is an error.

    The report records every input it used (``Report.inputs``: version and date).

    Returns:
        The :class:`~microbiomix.report.model.Report`; render it with
        :func:`microbiomix.report.render_html`, :func:`~microbiomix.report.render_pdf` or
        :func:`~microbiomix.report.to_fhir`, or ``report.to_json()``.
    """
    from microbiomix.report.build import assemble
    from microbiomix.report.sources import gather_context, input_version, load_reference

    profile = _one_profile(profile_path, sample_id, input_format)
    earlier = [_previous_profile(path, input_format) for path in previous_paths]
    ids = [p.sample_id for p in earlier] + [profile.sample_id]
    if len(set(ids)) != len(ids):
        raise UsageError(
            f"the report sample and --previous samples need distinct sample ids; got {', '.join(ids)}"
        )
    healthy = load_reference(reference) if reference is not None else reference_for(
        profile.provenance)
    quality = sample_quality([profile])[profile.sample_id]
    results, _ = marker_results([*earlier, profile], reference=healthy)
    by_sample: dict[str, list[MarkerResult]] = {}
    for r in results:
        by_sample.setdefault(r.sample, []).append(r)
    context = gather_context(
        profile, by_sample[profile.sample_id], labs_path, intake_path, healthy, quality,
        collected, versions,
    )
    context.inputs = [input_version("profile", profile_path, collected, versions),
                      *context.inputs]
    dates: list[date | None] = [None] * len(earlier)
    if previous_collected:
        if len(previous_collected) != len(earlier):
            raise UsageError(f"--previous-collected needs one date per --previous file "
                             f"({len(earlier)}), got {len(previous_collected)}")
        dates = list(previous_collected)
        if collected is not None and any(d is not None and d > collected for d in dates):
            raise UsageError("a --previous sample is dated after the reported sample "
                             f"({collected}); report the newest sample, with the others as --previous")
    order = sorted(range(len(earlier)), key=lambda i: (dates[i] is None, dates[i] or date.min, i))
    previous = [(earlier[i], by_sample.get(earlier[i].sample_id, []), dates[i]) for i in order]
    report = assemble(profile, by_sample.get(profile.sample_id, []), context, previous)
    if approved_plan is not None:
        from microbiomix.report.review import apply_review_file

        report = apply_review_file(report, approved_plan)
        assert report.review is not None
        report.inputs.append(input_version("plan_review", approved_plan,
                                           report.review.reviewed_on, versions))
    return report



def interpret_sample(
    profile_path: str | Path | None,
    labs: str | Path | None = None,
    intake: str | Path | None = None,
    input_format: str | None = None,
    sample_id: str | None = None,
    collected: date | None = None,
) -> Findings:
    """Findings, red flags and a plan for one sample (``mmm interpret``).

    Any of the three inputs may be absent; the findings then say what could not be assessed.
    """
    from microbiomix.interpret import interpret
    from microbiomix.readers.intake import read_intake
    from microbiomix.readers.labs import read_labs

    markers: dict[str, MarkerResult] = {}
    sample = None
    quality = None
    if profile_path is not None:
        profile = _one_profile(profile_path, sample_id, input_format)
        sample = profile.sample_id
        quality = sample_quality([profile])[sample]
        results, _ = marker_results([profile])
        markers = {r.spec.id: r for r in results}
    return interpret(
        markers,
        read_labs(labs) if labs is not None else None,
        read_intake(intake) if intake is not None else None,
        sample=sample,
        collected=collected,
        quality=quality,
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



COMMUNITY_DENOMINATOR = (
    "percent of the classified bacteria and archaea (host, viruses and eukaryotes excluded)")


def markers_document(
    results: Sequence[MarkerResult],
    provenance: dict[str, Provenance],
    quality: dict[str, Quality] | None = None,
    references: dict[str, Reference] | None = None,
) -> dict[str, Any]:
    """The ``mmm markers --format json`` document: per sample its quality verdict, the reference
    its percentiles are placed in, its provenance and every marker with value, coverage, note,
    percentile, unit and citation. ``references``: by name, those ``results`` may name."""
    from microbiomix import SCHEMA_VERSION, __version__

    samples: dict[str, dict[str, Any]] = {}
    for r in results:
        entry = samples.setdefault(r.sample, {"sample": r.sample})
        if "quality" not in entry:
            # the sample-quality verdict first, then the reference percentiles are placed in
            entry["quality"] = quality[r.sample].as_dict() if quality else None
            entry["reference"] = None
            entry["provenance"] = provenance[r.sample].as_dict()
            entry["markers"] = {}
        if r.reference and entry["reference"] is None and references and r.reference in references:
            entry["reference"] = {**references[r.reference].provenance(),
                                  "compatible": r.reference_compatible,
                                  "note": r.reference_note}
        entry["markers"][r.spec.id] = {
            "value": r.value,
            "coverage": r.coverage,
            "note": r.note,
            "percentile": r.percentile,
            "reference": r.reference,
            "reference_compatible": r.reference_compatible,
            "unit": r.spec.unit,
            "denominator": COMMUNITY_DENOMINATOR if r.spec.unit == "%" else None,
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


def profiles_markers_document(
    profiles: Sequence[Profile], reference: Reference | None = None
) -> dict[str, Any]:
    """Markers, quality and reference placement of ``profiles`` as :func:`markers_document`
    (what ``mmm markers --format json`` writes for them)."""
    from microbiomix.reference import bundled_references

    results, provenance = marker_results(profiles, reference=reference)
    references = {r.name: r for r in bundled_references().values()}
    if reference is not None:
        references[reference.name] = reference
    return markers_document(results, provenance, sample_quality(profiles), references)
