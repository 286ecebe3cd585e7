"""High-level calls shared by the command line, the workflow and the web portal."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from math import isnan
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import numpy as np

from microbiomix.errors import InputError, UsageError
from microbiomix.functional import FunctionalProfile
from microbiomix.markers import MarkerSpec, MarkerValues
from microbiomix.outputs import write_json_streamed
from microbiomix.profile import Cohort, Profile, Provenance, assign_columns
from microbiomix.quality import Quality, assess
from microbiomix.readers import read_profiles, read_samples
from microbiomix.reference import (  # MarkerResult lives there so the report needs no pipeline
    MarkerResult,
    Reference,
    compatibility,
    compute_markers_against,
    profiler_family,
    reference_for,
)

if TYPE_CHECKING:
    from microbiomix.genecalls import GeneCalls
    from microbiomix.interpretation.models import Findings
    from microbiomix.markers.functions import FunctionValue
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
    return [p for p in _read_inputs(paths, input_format, _read_taxonomic) if isinstance(p, Profile)]


def _read_inputs(
    paths: Sequence[str | Path],
    input_format: str | None,
    read: Callable[[str | Path, str | None], Iterable[Profile] | Iterable[Cohort]],
) -> Iterator[Profile | Cohort]:
    """What ``read`` gives for every file, in order; sample ids must be unique across files."""
    seen: dict[str, str] = {}
    for path in paths:
        # one string per file, not one per sample: 100,000 ids must not bring 100,000 copies
        source = str(path)
        for item in read(path, input_format):
            for sample in _sample_ids(item):
                if sample in seen:
                    raise UsageError(
                        f"sample id {sample!r} occurs in both {seen[sample]} and "
                        f"{source}; rename one (e.g. with --sample-id)"
                    )
                seen[sample] = source
            yield item
            del item  # not held while the next part is read (flat memory)


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
    table = _computed(*_by_group(list(profiles)), reference, marker_ids)
    return table.results(), table.provenance()


@dataclass
class MarkerBlock:
    """The markers of one Cohort (one taxonomy system and profiler family), as arrays.

    Attributes:
        cohort: the samples.
        computed: each marker's values, coverage and notes (registry order).
        percentiles: each marker's percentiles in ``reference`` (NaN where not placed).
        reference: the healthy reference the percentiles place the samples in.
        fits: per sample, whether that reference is compatible with it, and if not why.
    """

    cohort: Cohort
    computed: list[MarkerValues]
    percentiles: list[np.ndarray]
    reference: Reference
    fits: list[tuple[bool, str | None]]


@dataclass
class MarkerTable:
    """Every marker for every sample, kept as arrays (one block per Cohort) until written.

    Attributes:
        blocks: one per Cohort.
        order: (block, row) of each sample in input order.
    """

    blocks: list[MarkerBlock]
    order: list[tuple[int, int]]

    def results(self, places: Sequence[tuple[int, int]] | None = None) -> list[MarkerResult]:
        """As :func:`marker_results` gives them: by sample in input order, markers in order;
        ``places``: only these (block, row) samples (a part of :attr:`order`)."""
        out = []
        for block, row, at, markers in self._rows(self.order if places is None else places):
            sample = block.cohort.sample_ids[row]
            compatible, note = block.fits[row]
            for marker, values, coverages, percentiles in markers:
                percentile = percentiles[at]
                unplaced = percentile is None
                out.append(MarkerResult(
                    sample=sample,
                    spec=marker.spec,
                    value=values[at],
                    coverage=coverages[at],
                    note=marker.notes[row],
                    percentile=percentile,
                    reference=None if unplaced else block.reference.name,
                    reference_compatible=None if unplaced else compatible,
                    reference_note=None if unplaced else note,
                ))
        return out

    def _rows(self, places: Sequence[tuple[int, int]]) -> Iterator[tuple[
        MarkerBlock, int, int, list[tuple[MarkerValues, list[float | None], list[float | None],
                                          list[float | None]]]
    ]]:
        """(block, row, place in the lists, the block's markers as lists) of each of ``places``,
        the lists (:meth:`_columns`) made once for all of them."""
        rows_of: dict[int, list[int]] = {}
        for index, row in places:
            rows_of.setdefault(index, []).append(row)
        columns = {index: self._columns(index, rows) for index, rows in rows_of.items()}
        for index, row in places:
            where, markers = columns[index]
            yield self.blocks[index], row, where[row], markers

    def _columns(self, index: int, rows: list[int]) -> tuple[
        dict[int, int], list[tuple[MarkerValues, list[float | None], list[float | None],
                              list[float | None]]]
    ]:
        """(place of each of ``rows`` in the lists, per marker of block ``index``: its values,
        coverages and percentiles of ``rows`` as Python floats, None for NaN), a column at a
        time: a ``float()`` and ``np.isnan`` per value took three times as long."""
        block = self.blocks[index]
        picked = np.array(rows, dtype=np.intp)
        return {row: at for at, row in enumerate(rows)}, [
            (marker, _floats(marker.values, picked), _floats(marker.coverage, picked),
             _floats(placed, picked))
            for marker, placed in zip(block.computed, block.percentiles, strict=True)
        ]

    def provenance(self, places: Sequence[tuple[int, int]] | None = None) -> dict[str, Provenance]:
        if places is not None:
            return {self.blocks[index].cohort.sample_ids[row]: self.blocks[index].cohort.provenance[row]
                    for index, row in places}
        return {block.cohort.sample_ids[row]: block.cohort.provenance[row]
                for block in self.blocks for row in range(len(block.cohort))}

    def quality(self) -> dict[str, Quality]:
        """The sample-quality gate of every sample, from the same cohorts as the markers."""
        return {q.sample: q for block in self.blocks for q in assess(block.cohort)}

    def sample_entries(self, references: dict[str, Reference]) -> Iterator[dict[str, Any]]:
        """The samples' entries of :func:`markers_document` (as :func:`_sample_entries` makes
        them of :meth:`results`), in input order, straight from the arrays a window of
        :data:`SAMPLES_PER_WINDOW` samples at a time: no result object per marker."""
        quality = self.quality()
        for start in range(0, len(self.order), SAMPLES_PER_WINDOW):
            for block, row, at, markers in self._rows(self.order[start:start + SAMPLES_PER_WINDOW]):
                compatible, note = block.fits[row]
                name = block.reference.name
                entries = {}
                placed = False
                for marker, values, coverages, percentiles in markers:
                    percentile = percentiles[at]
                    if percentile is None:
                        entries[marker.spec.id] = _marker_entry(
                            marker.spec, values[at], coverages[at], marker.notes[row])
                    else:
                        placed = True
                        entries[marker.spec.id] = _marker_entry(
                            marker.spec, values[at], coverages[at], marker.notes[row], percentile,
                            name, compatible)
                sample = block.cohort.sample_ids[row]
                yield _sample_entry(
                    sample, quality[sample] if quality else None, block.cohort.provenance[row],
                    _reference_entry(block.reference, compatible, note)
                    if placed and name and name in references else None,
                    entries)


def _floats(values: np.ndarray, picked: np.ndarray) -> list[float | None]:
    return [None if isnan(v) else v for v in np.asarray(values, dtype=np.float64)[picked].tolist()]


# Samples whose JSON entries are built and written at a time (MarkerTable.sample_entries), so that
# a 10,000-sample part's entries (about 40 kB of JSON each) are never all held at once.
SAMPLES_PER_WINDOW = 1000


def marker_table(
    paths: Sequence[str | Path],
    input_format: str | None = None,
    sample_id: str | None = None,
    reference: Reference | None = None,
) -> MarkerTable:
    """``marker_results(load_profiles(...))`` as arrays: the same values, but many-sample files
    go straight into a Cohort (no Profile or MarkerResult object per sample)."""
    (table,) = marker_tables(paths, input_format, sample_id, reference, block=None)
    return table


# Samples whose markers are computed together: memory stays flat beyond it, and inputs up to it
# are one cohort, as they always were (sums over a cohort's columns may round differently in the
# last bit when the cohort differs).
BLOCK = 10_000


def marker_tables(
    paths: Sequence[str | Path],
    input_format: str | None = None,
    sample_id: str | None = None,
    reference: Reference | None = None,
    block: int | None = BLOCK,
    detected: Mapping[str, str] | None = None,
) -> Iterator[MarkerTable]:
    """:func:`marker_table` in consecutive parts of about ``block`` samples (input order kept),
    each computed and given before the next is read: 100,000 samples in flat memory.
    ``detected``: formats already detected per path (:func:`split_functional_inputs`); the
    others are detected from content."""
    if sample_id is not None:
        yield _computed(*_by_group(list(load_profiles(paths, input_format, sample_id))), reference)
        return
    pending: list[Profile | Cohort] = []
    count = 0
    known = detected or {}
    for item in _read_inputs(paths, input_format,
                             lambda p, f: read_samples(p, f or known.get(str(p)), block)):
        pending.append(item)
        count += 1 if isinstance(item, Profile) else len(item)
        del item  # the part's samples are freed as soon as its results are written
        if block is not None and count >= block:
            yield _computed(*_by_group(pending), reference)
            pending, count = [], 0
    if pending or block is None:
        yield _computed(*_by_group(pending), reference)


def _computed(
    cohorts: list[Cohort],
    order: list[tuple[int, int]],
    reference: Reference | None,
    marker_ids: Iterable[str] | None = None,
) -> MarkerTable:
    ids = list(marker_ids) if marker_ids is not None else None
    blocks = []
    for cohort in cohorts:
        chosen = reference if reference is not None else reference_for(cohort.provenance[0])
        computed = compute_markers_against(cohort, chosen, ids)
        blocks.append(MarkerBlock(
            cohort=cohort,
            computed=computed,
            percentiles=[chosen.percentile(m.spec.id, m.values) for m in computed],
            reference=chosen,
            fits=[compatibility(chosen, p) for p in cohort.provenance],
        ))
    return MarkerTable(blocks=blocks, order=order)


def _by_group(items: Sequence[Profile | Cohort]) -> tuple[list[Cohort], list[tuple[int, int]]]:
    """Samples grouped into one Cohort per taxonomy system and profiler family (as
    :func:`cohorts_by_taxonomy` groups profiles), and (cohort, row) of each sample in input order."""
    groups: dict[tuple[str, str], list[list[Profile] | Cohort]] = {}
    sizes: dict[tuple[str, str], int] = {}
    located: list[tuple[tuple[str, str], int]] = []
    for item in items:
        group = _group_of(item)
        segments = groups.setdefault(group, [])
        start = sizes.get(group, 0)
        if isinstance(item, Profile):
            if not segments or not isinstance(segments[-1], list):
                segments.append([])
            segments[-1].append(item)  # type: ignore[union-attr]
            located.append((group, start))
            sizes[group] = start + 1
        else:
            segments.append(item)
            located.extend((group, start + row) for row in range(len(item)))
            sizes[group] = start + len(item)
    index = {group: i for i, group in enumerate(groups)}
    cohorts = [
        _stack([s if isinstance(s, Cohort) else Cohort.from_profiles(s) for s in segments])
        for segments in groups.values()
    ]
    return cohorts, [(index[group], row) for group, row in located]


def _sample_ids(item: Profile | Cohort) -> list[str]:
    return [item.sample_id] if isinstance(item, Profile) else item.sample_ids


def _group_of(item: Profile | Cohort) -> tuple[str, str]:
    provenance = item.provenance if isinstance(item, Profile) else item.provenance[0]
    return provenance.taxonomy.value, profiler_family(provenance)


def _stack(parts: list[Cohort]) -> Cohort:
    """One Cohort of the parts' samples, equal to ``Cohort.from_profiles`` of all their profiles:
    columns in order of first appearance, of two spellings the lineage naming more ranks."""
    if len(parts) == 1:
        return parts[0]
    taxa, columns, _ = assign_columns(lineage for part in parts for lineage in part.taxa)
    placements = [
        np.array([columns[lineage.key] for lineage in part.taxa], dtype=np.intp) for part in parts
    ]
    values = np.zeros((sum(len(p) for p in parts), len(taxa)), dtype=np.float64)
    start = 0
    for part, placement in zip(parts, placements, strict=True):
        values[start:start + len(part), placement] = part.values
        start += len(part)
    return Cohort(
        sample_ids=[s for p in parts for s in p.sample_ids],
        taxa=taxa,
        values=values,
        unknown=np.concatenate([p.unknown for p in parts]),
        provenance=[prov for p in parts for prov in p.provenance],
        _columns=columns,
    )


def functional_tables(paths: Sequence[str | Path], sample_id: str) -> list[FunctionalProfile]:
    """The HUMAnN tables of ``sample_id`` in ``paths``: the column named so in each file, or the
    only column of a single-sample file (HUMAnN names it after its input reads, which need not be
    the taxonomic profile's sample name)."""
    import dataclasses

    from microbiomix.readers.humann import read_humann

    chosen: list[FunctionalProfile] = []
    for path in paths:
        found = read_humann(path)
        named = [t for t in found if t.sample_id == sample_id]
        if named:
            chosen.extend(named)
        elif len(found) == 1:
            only = found[0]
            # Said in the report: a table of another sample would otherwise pass unnoticed.
            note = (f"the table's sample is named {only.sample_id!r}, not {sample_id!r}: used as "
                    "this sample's because it is the file's only sample")
            only.provenance = dataclasses.replace(
                only.provenance, notes=(*only.provenance.notes, note))
            chosen.append(only)
        else:
            names = ", ".join(t.sample_id for t in found[:10])
            raise UsageError(f"{path} holds {len(found)} samples ({names}) and none is named "
                             f"{sample_id!r}; give a single-sample HUMAnN table or rename the column")
    return chosen


def split_functional_inputs(
    paths: Sequence[str | Path], input_format: str | None = None,
    detected: dict[str, str] | None = None,
) -> tuple[list[str | Path], list[str | Path]]:
    """(taxonomic profiles, HUMAnN tables) among ``paths``, by content; with an explicit
    ``input_format`` every file is a taxonomic profile. ``detected``, if given, receives the
    profile format of each taxonomic profile recognised by the same look at its head (pass it
    to :func:`marker_tables`: 10,000 files are then sniffed once, not twice)."""
    from microbiomix.readers import format_of_head
    from microbiomix.readers.humann import sniff as looks_like_humann
    from microbiomix.readers.text import read_head

    if input_format is not None:
        return list(paths), []
    profiles: list[str | Path] = []
    humann: list[str | Path] = []
    for path in paths:
        head = read_head(Path(path)) if Path(path).is_file() else None
        if head is not None and looks_like_humann(head):
            humann.append(path)
            continue
        profiles.append(path)
        if head is not None and detected is not None and (name := format_of_head(head)):
            detected[str(path)] = name
    return profiles, humann


def function_results(
    paths: Sequence[str | Path], sample_id: str | None = None
) -> list[FunctionValue]:
    """Gene-based markers of every sample of every HUMAnN table (or of ``sample_id`` only)."""
    from microbiomix.markers.functions import compute_function_markers
    from microbiomix.readers.humann import read_humann

    tables = [t for path in paths for t in read_humann(path)]
    if sample_id is not None:
        tables = [t for t in tables if t.sample_id == sample_id] or (
            tables if len({t.sample_id for t in tables}) == 1 else []
        )
        if not tables:
            raise UsageError(f"no HUMAnN table holds a sample named {sample_id!r}")
    return compute_function_markers(tables)


def _read_taxonomic(path: str | Path, input_format: str | None) -> list[Profile]:
    """``read_profiles``, with a pointer to ``--functions`` when the file is a HUMAnN table (a
    functional profile, not a taxonomic one)."""
    try:
        return read_profiles(path, input_format)
    except InputError as error:
        from microbiomix.readers.humann import looks_like_humann

        if input_format is None and error.line is None and looks_like_humann(path):
            raise InputError(path, None, "this is a HUMAnN functional table, not a taxonomic "
                             "profile: give it with --functions (mmm report) beside the sample's "
                             "profile") from error
        raise


def _one_profile(
    path: str | Path, sample_id: str | None, input_format: str | None = None
) -> Profile:
    """The one sample of ``path`` (or the one named ``sample_id`` in a multi-sample file)."""
    import dataclasses

    found = _read_taxonomic(path, input_format)
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
    reference: str | Path | Reference | None = None,
    sample_id: str | None = None,
    input_format: str | None = None,
    collected: date | None = None,
    approved_plan: str | Path | None = None,
    versions: Mapping[str, str] | None = None,
    previous_collected: Sequence[date] = (),
    functions: Sequence[str | Path] = (),
    genes_path: str | Path | None = None,
    *,
    profile: Profile | None = None,
) -> Report:
    """The full report for one sample: markers, reference placement, labs, intake, interpretation.

    Args:
        profile_path: the sample's profile (any format the readers know). A multi-sample file needs
            ``sample_id`` to choose the sample; a single-sample file is renamed to it.
        labs_path: lab results (CSV/JSON), optional.
        intake_path: intake questionnaire (YAML/JSON), optional.
        previous_paths: earlier single-sample profiles of the same person, oldest first; each adds a
            time point to the re-test comparison.
        reference: a healthy reference built with ``mmm reference build``, its file or already
            loaded (default: the bundled one for the profile's profiler, when available).
        sample_id: see ``profile_path``.
        input_format: the profiles' format when it cannot be detected (default: detected).
        genes_path: gene calls from ``mmm genes --json`` for this sample, optional.
        profile: the sample, already read from ``profile_path`` (``sample_id`` and
            ``input_format`` are then not used for it); see :func:`cohort_reports`.
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
        functions: HUMAnN tables of the same sample (gene families, regrouped EC / KO / MetaCyc
            reactions, pathway abundance or coverage). Gene-based markers are measured from them
            and replace the species-inferred guilds they cover.

    Returns:
        The :class:`~microbiomix.report.model.Report`; render it with
        :func:`microbiomix.report.render_html`, :func:`~microbiomix.report.render_pdf` or
        :func:`~microbiomix.report.to_fhir`, or ``report.to_json()``.
    """
    from microbiomix.report.build import assemble
    from microbiomix.report.sources import gather_context, input_version, load_reference

    if profile is None:
        profile = _one_profile(profile_path, sample_id, input_format)
    earlier = [_previous_profile(path, input_format) for path in previous_paths]
    ids = [p.sample_id for p in earlier] + [profile.sample_id]
    if len(set(ids)) != len(ids):
        raise UsageError(
            f"the report sample and --previous samples need distinct sample ids; got {', '.join(ids)}"
        )
    healthy = (reference if isinstance(reference, Reference)
               else load_reference(reference) if reference is not None
               else reference_for(profile.provenance))
    qualities = sample_quality([*earlier, profile])
    quality = qualities[profile.sample_id]
    results, _ = marker_results([*earlier, profile], reference=healthy)
    by_sample: dict[str, list[MarkerResult]] = {}
    for r in results:
        by_sample.setdefault(r.sample, []).append(r)
    section = None
    if functions:
        from microbiomix.markers.functions import compute_function_markers
        from microbiomix.report.functions import functional_section

        tables = functional_tables(functions, profile.sample_id)
        section = functional_section(tables, compute_function_markers(tables))
    from microbiomix.genecalls import GeneCalls
    from microbiomix.markers.pathogens import screen

    genes = GeneCalls.from_json(genes_path) if genes_path is not None else None
    context = gather_context(
        profile, by_sample[profile.sample_id], labs_path, intake_path, healthy, quality,
        collected, versions,
        superseded=section.replaced_guilds if section is not None else None,
        pathogens=screen(profile), genes=genes,
    )
    context.functions = section
    context.quality_failed = [s for s, q in qualities.items() if q.verdict == "fail"]
    context.inputs = [input_version("profile", profile_path, collected, versions),
                      *context.inputs,
                      *(input_version("functions", path, collected, note="HUMAnN table")
                        for path in functions)]
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



def cohort_reports(paths: Sequence[str | Path], reference: str | Path | None = None,
                   input_format: str | None = None) -> Iterator[Report]:
    """The report of every sample of every file, in file order (``mmm report --output-dir``),
    each the document :func:`build_report` makes for that sample alone. Each file is read and
    hashed once and a given reference loaded once: reading a merged table again for each of its
    samples made a cohort's time grow with the square of its size."""
    from microbiomix.report.sources import file_version, load_reference

    healthy = load_reference(reference) if reference is not None else None
    for path in paths:
        versions = {"profile": file_version(path)}
        for profile in _read_taxonomic(path, input_format):
            yield build_report(path, reference=healthy, input_format=input_format,
                               versions=versions, profile=profile)


def interpret_sample(
    profile_path: str | Path | None,
    labs: str | Path | None = None,
    intake: str | Path | None = None,
    input_format: str | None = None,
    sample_id: str | None = None,
    collected: date | None = None,
    genes_path: str | Path | None = None,
) -> Findings:
    """Findings, red flags and a plan for one sample (``mmm interpret``).

    Any of the three inputs may be absent; the findings then say what could not be assessed.
    ``genes_path``: gene calls from ``mmm genes --json`` (infection rules on genes).
    """
    from microbiomix.genecalls import GeneCalls
    from microbiomix.interpret import interpret
    from microbiomix.markers.pathogens import infection_inputs, screen
    from microbiomix.readers.intake import read_intake
    from microbiomix.readers.labs import read_labs

    markers: dict[str, Any] = {}
    sample = None
    quality = None
    if profile_path is not None:
        profile = _one_profile(profile_path, sample_id, input_format)
        sample = profile.sample_id
        quality = sample_quality([profile])[sample]
        results, _ = marker_results([profile])
        markers = {r.spec.id: r for r in results}
        markers.update(infection_inputs(screen(profile), None))
    if genes_path is not None:
        markers.update(infection_inputs(None, GeneCalls.from_json(genes_path)))
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


def reads_to_functions(
    reads: Sequence[str | Path], output: str | Path, sample_id: str, threads: int = 1,
    **options: Any,
) -> list[Path]:
    """FASTQ reads -> HUMAnN tables (gene families, pathways; HUMAnN 4 also reactions), by running
    the installed HUMAnN with the user's databases. Options as
    :class:`microbiomix.profilers.humann.HumannOptions`."""
    from microbiomix.profilers.humann import HumannOptions, run_humann

    return run_humann(reads, output, sample_id, HumannOptions(**options), threads)


def reads_to_genes(
    r1: str | Path,
    r2: str | Path | None,
    database: str | Path,
    sample_id: str | None = None,
    threads: int = 1,
) -> GeneCalls:
    """FASTQ reads -> resistance / virulence gene calls (``mmm genes``), with KMA."""
    from microbiomix.profilers.genes import call_genes

    return call_genes(r1, r2, database, sample_id=sample_id, threads=threads)


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
    return {**_document_head(),
            "samples": list(_sample_entries(results, provenance, quality, references))}


def write_markers_document(
    handle: IO[str],
    tables: Iterable[MarkerTable],
    references: dict[str, Reference],
    functions: list[dict[str, Any]] | None = None,
) -> None:
    """Write :func:`markers_document` of the samples of ``tables`` (with the gene-measured
    ``functions`` after them, if given) as :func:`microbiomix.outputs.write_json` would, byte
    for byte, a window of samples at a time as the tables come: memory does not grow with the
    number of samples (``mmm markers --format json`` on 100,000)."""
    document: dict[str, Any] = {**_document_head(), "samples": None}
    if functions is not None:
        document["functions"] = functions
    write_json_streamed(handle, document, "samples", _entries_of(tables, references))


def _entries_of(
    tables: Iterable[MarkerTable], references: dict[str, Reference]
) -> Iterator[dict[str, Any]]:
    for table in tables:
        yield from table.sample_entries(references)
        del table  # freed before the next part is read (flat memory)


def _document_head() -> dict[str, Any]:
    from microbiomix import SCHEMA_VERSION, __version__

    return {"tool": "microbiomix", "microbiomix_version": __version__,
            "schema_version": SCHEMA_VERSION}


def _sample_entries(
    results: Sequence[MarkerResult],
    provenance: dict[str, Provenance],
    quality: dict[str, Quality] | None,
    references: dict[str, Reference] | None,
) -> Iterator[dict[str, Any]]:
    """Each sample's entry of :func:`markers_document`, in order of its first result."""
    by_sample: dict[str, list[MarkerResult]] = {}
    for r in results:
        by_sample.setdefault(r.sample, []).append(r)
    for sample, found in by_sample.items():
        # the reference of the sample's first result placed in one of ``references``
        placed = next((r for r in found
                       if r.reference and references and r.reference in references), None)
        yield _sample_entry(
            sample, quality[sample] if quality else None, provenance[sample],
            _reference_entry(references[placed.reference], placed.reference_compatible,
                             placed.reference_note) if placed and references and placed.reference
            else None,
            {r.spec.id: _marker_entry(r.spec, r.value, r.coverage, r.note, r.percentile,
                                      r.reference, r.reference_compatible) for r in found})


def _sample_entry(
    sample: str, quality: Quality | None, provenance: Provenance,
    reference: dict[str, Any] | None, markers: dict[str, dict[str, Any]],
) -> dict[str, Any]:
    # the sample-quality verdict first, then the reference percentiles are placed in
    return {"sample": sample, "quality": None if quality is None else quality.as_dict(),
            "reference": reference, "provenance": provenance.as_dict(), "markers": markers}


def _reference_entry(reference: Reference, compatible: bool | None,
                     note: str | None) -> dict[str, Any]:
    return {**reference.provenance(), "compatible": compatible, "note": note}


def _marker_entry(
    spec: MarkerSpec, value: float | None, coverage: float | None, note: str | None,
    percentile: float | None = None, reference: str | None = None,
    compatible: bool | None = None,
) -> dict[str, Any]:
    return {
        "value": value,
        "coverage": coverage,
        "note": note,
        "percentile": percentile,
        "reference": reference,
        "reference_compatible": compatible,
        "unit": spec.unit,
        "denominator": COMMUNITY_DENOMINATOR if spec.unit == "%" else None,
        "title": spec.title,
        "citation": spec.citation,
        "doi": spec.doi,
        "defined_on": spec.defined_on,
    }


def profiles_markers_document(
    profiles: Sequence[Profile], reference: Reference | None = None
) -> dict[str, Any]:
    """Markers, quality and reference placement of ``profiles`` as :func:`markers_document`, and
    an empty list of gene-measured functions: what ``mmm markers --format json`` writes for
    profiles alone."""
    from microbiomix.reference import bundled_references

    results, provenance = marker_results(profiles, reference=reference)
    references = {r.name: r for r in bundled_references().values()}
    if reference is not None:
        references[reference.name] = reference
    document = markers_document(results, provenance, sample_quality(profiles), references)
    document["functions"] = []
    return document
