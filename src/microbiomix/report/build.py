"""Assembling a :class:`~microbiomix.report.model.Report` from computed parts.

Pure functions: they take profiles, marker results and (optionally) reference placements, lab
results, intake and interpretation findings that other stages have already produced, and return the
document. Reading files and computing markers is :func:`microbiomix.pipeline.build_report`'s job.
Parts that were not provided are listed in ``Report.missing`` so every view can say what is absent.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from microbiomix import __version__
from microbiomix.markers.guilds import not_interpretable
from microbiomix.profile import Profile, Provenance
from microbiomix.report.compare import Series, Spread, compare
from microbiomix.report.functions import label_bases
from microbiomix.report.model import (
    Citation,
    ClientInfo,
    DataQuality,
    Finding,
    FunctionalSection,
    Infections,
    InputVersion,
    LabResult,
    MarkerEntry,
    NotAssessedRule,
    PlanItem,
    Question,
    QuestionnaireScore,
    RankComposition,
    RedFlag,
    ReferenceUsed,
    Report,
    SampleInfo,
    SampleQuality,
    TaxonAbundance,
    TimelineEvent,
    TimePoint,
    Withheld,
)
from microbiomix.taxonomy import Rank

if TYPE_CHECKING:
    from microbiomix.reference import MarkerResult

COMPOSITION_RANKS = (Rank.PHYLUM, Rank.FAMILY, Rank.GENUS, Rank.SPECIES)
TOP_TAXA = 10

# How the report groups the markers it knows (presentation only); a spec with a `group` wins.
_GROUPS = {
    "dysbiosis_score": "dysbiosis",
    "proteobacteria": "ratio",
    "beneficial_taxa": "panel",
    "pathobionts": "panel",
    "gmhi": "index",
    "gmwi2": "index",
    "richness": "diversity",
    "shannon": "diversity",
    "simpson": "diversity",
    "inverse_simpson": "diversity",
    "evenness": "diversity",
}

DISCLAIMER = (
    "This report informs and does not diagnose. It describes the bacteria found in one stool sample "
    "and compares them with published reference data; it cannot rule any disease in or out. "
    "Discuss it with a qualified health professional before changing treatment, and seek medical "
    "advice promptly for any warning sign."
)

QUESTIONS: tuple[tuple[str, str, str], ...] = (
    ("balance", "Beneficial-bacteria balance", "Are helpful bacteria well represented?"),
    ("dysbiosis", "Dysbiosis", "Is the community unlike that of healthy people?"),
    ("digestion", "Digestive function", "How well might food be broken down and fermented?"),
    ("inflammation", "Inflammation", "Are there signs linked to gut inflammation?"),
    ("barrier", "Gut barrier", "Are there signs linked to the gut lining and its protection?"),
)
# Interpretation domains (issue 4) that answer each question.
_DOMAIN_TO_QUESTION = {
    "balance": "balance",
    "beneficial": "balance",
    "beneficial_balance": "balance",
    "dysbiosis": "dysbiosis",
    "digestion": "digestion",
    "digestive": "digestion",
    "digestive_function": "digestion",
    "inflammation": "inflammation",
    "barrier": "barrier",
    "gut_barrier": "barrier",
    "permeability": "barrier",
}

METHODS = (
    ("Taxonomic profile read as produced by the profiler named above; abundances are percent of the "
    "sample as the profiler reported them (including its unknown fraction where it reports one)."),
    ("Every marker is computed by a registered, cited definition (see each marker's citation); a "
    "marker that cannot be computed faithfully for this input is shown without a value and says why."),
    "Percentiles place a value among the healthy reference population named beside it.",
)
CONSENSUS = ("Porcari S et al. International consensus statement on microbiome testing in clinical "
             "practice. Lancet Gastroenterol Hepatol 2025;10:154-167, doi:10.1016/S2468-1253(24)00311-X")
LIMITATIONS = (
    "Relative abundances describe proportions, not absolute amounts of bacteria.",
    ("Values depend on the profiler and its database; compare them only with references made the "
    "same way."),
    ("A single stool sample reflects a moment: diet, medicines and transit time change it from day "
    "to day."),
    ("Microbiome markers are associated with health in populations; they are not diagnostic tests "
    "for an individual."),
    ("There is no evidence yet that managing irritable bowel syndrome by the microbiome profile "
     f"improves it; this report does not guide IBS treatment ({CONSENSUS})."),
    ("Treatment decisions rest with the referring health professional, who should know the limited "
     f"evidence for microbiome testing ({CONSENSUS})."),
    ("The Firmicutes/Bacteroidetes ratio is not reported: the international consensus advises leaving "
     f"it out of reports ({CONSENSUS})."),
)


def _reported(spec: object) -> bool:
    """False for markers kept for research output only (MarkerSpec.in_reports)."""
    return bool(getattr(spec, "in_reports", True))


def protocol_statements(sample: SampleInfo) -> list[str]:
    """The methods the consensus asks a report to state, with what this input records of each."""
    profiler = sample.profiler or "not recorded"
    version = sample.profiler_version
    if version and version not in profiler.split():
        profiler = f"{profiler} {version}"
    return [
        (f"Profiler: {profiler}; reference database: {sample.database or 'not recorded'}; taxonomy: "
         f"{sample.taxonomy or 'not recorded'}."),
        ("Sample collection and storage, DNA extraction method, sequencing platform and depth, and "
         "the negative and positive controls run with this sample are not recorded in the profile "
         "file; ask the laboratory for them before comparing results between laboratories "
         f"({CONSENSUS})."),
    ]


@dataclass(frozen=True)
class Placement:
    """Where a marker value sits in a healthy reference (from :mod:`microbiomix.reference`)."""

    percentile: float | None
    reference: str
    band: str | None = None
    note: str | None = None


@dataclass
class Context:
    """Everything beyond the profile that the report may show (each part optional)."""

    placements: Mapping[str, Placement] = field(default_factory=dict)
    spreads: Mapping[str, Spread] = field(default_factory=dict)
    labs: Sequence[LabResult] | None = None
    client: ClientInfo | None = None
    questionnaires: Sequence[QuestionnaireScore] | None = None
    timeline: Sequence[TimelineEvent] | None = None
    collected: date | None = None
    findings: Sequence[Finding] | None = None
    red_flags: Sequence[RedFlag] = ()
    infections: Infections | None = None
    plan: Sequence[PlanItem] = ()
    withheld: Sequence[Withheld] = ()
    evidence_scale: str | None = None
    interpretation_notes: Sequence[str] = ()
    reference_note: str | None = None
    # Per marker id, how the healthy reference's values were obtained (Reference.sources).
    reference_notes: Mapping[str, str] = field(default_factory=dict)
    reference_profiler: str | None = None
    red_flag_status: str | None = None
    red_flag_inputs_missing: Sequence[str] = ()
    red_flag_questions_unanswered: Sequence[str] = ()
    not_assessed_rules: Sequence[NotAssessedRule] = ()
    not_read_by_rules: Sequence[str] = ()
    # question key -> (verdict, reasons, inputs used), from the interpretation
    verdicts: Mapping[str, tuple[str, list[str], list[str]]] = field(default_factory=dict)
    inputs: Sequence[InputVersion] = ()
    quality: SampleQuality | None = None
    reference: ReferenceUsed | None = None
    # Gene-based function (HUMAnN), when given: replaces species-inferred guilds.
    functions: FunctionalSection | None = None
    # samples (reported or earlier) whose sample-quality verdict is fail: no re-test calls
    quality_failed: Sequence[str] = ()


def marker_group(spec: object) -> str:
    """The report section of a marker: index, diversity, dysbiosis, ratio, guild, panel, taxon."""
    explicit = getattr(spec, "group", None)
    marker_id = str(getattr(spec, "id", ""))
    if explicit:
        return str(explicit)
    if marker_id in _GROUPS:
        return _GROUPS[marker_id]
    for prefix, group in (("guild_", "guild"), ("taxon_", "taxon"), ("zoe_", "panel")):
        if marker_id.startswith(prefix):
            return group
    if marker_id.endswith("_ratio"):
        return "ratio"
    return "other"


def percentile_band(percentile: float, reference: str) -> str:
    """A descriptive band for a percentile (statistics only, no health claim)."""
    if percentile < 10:
        where = "below the 10th percentile"
    elif percentile < 25:
        where = "between the 10th and 25th percentiles"
    elif percentile <= 75:
        where = "in the middle half"
    elif percentile <= 90:
        where = "between the 75th and 90th percentiles"
    else:
        where = "above the 90th percentile"
    return f"{where} of the healthy reference ({reference})"


def _doi(value: str | None) -> str | None:
    if not value:
        return None
    return value.removeprefix("https://doi.org/").removeprefix("doi:")


def profiler_label(tool: str, version: str | None) -> str:
    """``MetaPhlAn 3``: the tool with its version when the name does not already carry it."""
    return f"{tool} {version}" if version and version not in tool else tool


def reference_caveat(sample: SampleInfo, reference_profiler: str | None,
                     markers: Sequence[MarkerEntry]) -> str | None:
    """Why the percentiles are approximate for this sample, when the healthy reference was
    profiled with another profiler (or version) than the sample."""
    if not reference_profiler or not any(m.percentile is not None for m in markers):
        return None
    ours = profiler_label(sample.profiler, sample.profiler_version)
    if ours.casefold().replace(" ", "") == reference_profiler.casefold().replace(" ", ""):
        return None
    return (f"The healthy reference was profiled with {reference_profiler}, this sample with "
            f"{ours}: profilers and their databases differ in which species they report and how "
            "much of the sample they leave unassigned, so percentiles are approximate. Where a "
            "reference was computed differently from the marker (see the note beside each "
            "percentile), read the percentile as indicative only.")


def sample_info(profile: Profile, collected: date | None = None) -> SampleInfo:
    prov: Provenance = profile.provenance
    return SampleInfo(
        sample_id=profile.sample_id,
        collected=collected,
        source_file=Path(prov.source).name if prov.source else None,
        profiler=prov.tool,
        profiler_version=prov.tool_version,
        database=prov.database,
        taxonomy=prov.taxonomy.value,
        input_format=prov.format,
    )


def composition(profile: Profile, top: int = TOP_TAXA) -> list[RankComposition]:
    """The most abundant taxa at each composition rank present in the profile."""
    out: list[RankComposition] = []
    for rank in COMPOSITION_RANKS:
        level = profile.at_rank(rank)
        if not level:
            continue
        ranked = sorted(level.items(), key=lambda item: (-item[1], item[0].name))
        shown = ranked[:top]
        total = sum(level.values())
        listed = sum(v for _, v in shown)
        out.append(
            RankComposition(
                rank=rank.label,
                taxa=[
                    TaxonAbundance(name=lin.name, lineage=str(lin), percent=value)
                    for lin, value in shown
                ],
                other_percent=max(total - listed, 0.0),
                unassigned_percent=max(100.0 - total, 0.0),
            )
        )
    return out


def marker_entries(
    results: Sequence[MarkerResult], placements: Mapping[str, Placement],
    reference_notes: Mapping[str, str] | None = None,
) -> list[MarkerEntry]:
    notes = reference_notes or {}
    entries = []
    for r in results:
        spec = r.spec
        if not _reported(spec):
            continue
        placement = placements.get(spec.id)
        from_results = getattr(r, "percentile", None)
        if placement is None and from_results is not None:
            placement = Placement(percentile=from_results, reference=str(getattr(r, "reference", "")),
                                  note=notes.get(spec.id))
        percentile = placement.percentile if placement and r.value is not None else None
        band = None
        if placement is not None and percentile is not None:
            band = placement.band or percentile_band(percentile, placement.reference)
        entries.append(
            MarkerEntry(
                id=spec.id,
                title=spec.title,
                group=marker_group(spec),
                value=r.value,
                unit=spec.unit,
                percentile=percentile,
                reference=placement.reference if placement else None,
                reference_note="; ".join(n for n in (getattr(r, "reference_note", None),
                                                      placement.note) if n) or None
                if placement and percentile is not None else None,
                reference_compatible=getattr(r, "reference_compatible", None)
                if percentile is not None else None,
                band=band,
                coverage=r.coverage,
                note=r.note,
                citation=Citation(text=spec.citation, doi=_doi(spec.doi)),
                defined_on=spec.defined_on,
                taxa_used=list(getattr(r, "taxa_used", ()) or ()),
            )
        )
    return entries


def data_quality(profile: Profile, markers: Sequence[MarkerEntry]) -> DataQuality:
    notes = list(profile.provenance.notes)
    if profile.unknown is None:
        notes.append("The profiler did not report an unknown fraction, so abundances are of the "
                     "classified part only.")
    elif profile.unknown >= 50:
        notes.append(f"The profiler could not assign {profile.unknown:.0f}% of the sample; the "
                     "composition describes the remaining part only.")
    for m in markers:
        if m.note:
            notes.append(f"{m.title}: {m.note}")
    species = [lin for lin in profile.at_rank(Rank.SPECIES) if "unclassified" not in lin.name.lower()]
    return DataQuality(
        unknown_percent=profile.unknown,
        classified_percent=profile.classified_percent,
        species_count=len(species),
        marker_coverage={m.id: m.coverage for m in markers if m.coverage is not None},
        notes=list(dict.fromkeys(notes)),
    )


def questions(findings: Sequence[Finding] | None,
              verdicts: Mapping[str, tuple[str, list[str], list[str]]] | None = None,
              gate_failed: bool = False, genes_measured: bool = False) -> list[Question]:
    """The five questions; with ``verdicts`` (from the interpretation) each carries the client
    verdict and what led to it; ``gate_failed``: the sample failed the quality gate, so the
    microbiome-only question is not assessed; ``genes_measured``: a functional profile gave
    gene-based digestive-function values (shown, but without a reference no finding is drawn)."""
    verdicts = verdicts or {}
    out = []
    for key, title, client_title in QUESTIONS:
        if findings is None:
            out.append(Question(key=key, title=title, client_title=client_title,  # type: ignore[arg-type]
                                status="not assessed",
                                summary="Not assessed: interpretation not available."))
            continue
        idx = [i for i, f in enumerate(findings)
               if _DOMAIN_TO_QUESTION.get(f.domain.lower().replace(" ", "_").replace("-", "_")) == key]
        status: Literal["assessed", "no finding", "not assessed"]
        if idx:
            summary = "; ".join(findings[i].title for i in idx)
            status = "assessed"
        elif key == "balance" and gate_failed:
            # this area is answered from the microbiome alone, whose findings were withheld
            summary = "Not assessed: the sample failed the quality gate (see Sample quality)."
            status = "not assessed"
        else:
            summary = ("No finding in this area from the data provided (see what could not be "
                       "assessed).")
            status = "no finding"
        verdict, reasons, used = verdicts.get(key, (None, [], []))
        if verdict == "not assessed" and status == "no finding":
            status = "not assessed"
            summary = "Not assessed: none of the inputs that answer this question was provided."
            if key == "digestion" and genes_measured:
                # the values are in the report; say why they give no verdict, not that nothing was given
                summary = ("Not assessed: gene-based function values are shown (see Digestive "
                           "function), but no healthy reference exists to compare them with; "
                           "none of the inputs that answer this question was provided.")
        elif status == "no finding" and verdict not in (None, "looks as expected"):
            # No finding in the area, but a red flag or lab flag answers it: say so, not "no finding".
            status = "assessed"
        out.append(Question(key=key, title=title, client_title=client_title,  # type: ignore[arg-type]
                            status=status, summary=summary, finding_indices=idx,
                            verdict=verdict, reasons=reasons, used=used))  # type: ignore[arg-type]
    return out


def retest_section(
    timepoints: Sequence[tuple[str, date | None]],
    results_by_sample: Mapping[str, Sequence[MarkerResult]],
    spreads: Mapping[str, Spread],
) -> Any:
    """Changes of every marker over the samples (oldest first, the reported sample last)."""
    points = [
        TimePoint(sample_id=s, collected=d, label=d.isoformat() if d else f"sample {i + 1}: {s}")
        for i, (s, d) in enumerate(timepoints)
    ]
    last = results_by_sample[timepoints[-1][0]]
    series = []
    for r in last:
        if not _reported(r.spec):
            continue
        values = []
        for s, _ in timepoints:
            match = next((x for x in results_by_sample[s] if x.spec.id == r.spec.id), None)
            values.append(match.value if match is not None else None)
        series.append(Series(id=r.spec.id, title=r.spec.title, unit=r.spec.unit, values=values,
                             group=marker_group(r.spec)))
    return compare(points, series, spreads)


def assemble(
    profile: Profile,
    results: Sequence[MarkerResult],
    context: Context | None = None,
    previous: Sequence[tuple[Profile, Sequence[MarkerResult], date | None]] = (),
    generated: datetime | None = None,
) -> Report:
    """The report for ``profile``.

    Args:
        profile: the reported sample.
        results: its marker results (from :func:`microbiomix.pipeline.marker_results`).
        context: reference placements, labs, intake and interpretation (all optional).
        previous: earlier samples of the same person, oldest first, with their marker results and
            collection dates (None when unknown).
        generated: timestamp written into the report (default: now, UTC).
    """
    ctx = context or Context()
    markers = marker_entries(results, ctx.placements, ctx.reference_notes)
    label_bases(markers, ctx.functions)
    answered = set(ctx.functions.answered) if ctx.functions is not None else set()
    sample = sample_info(profile, ctx.collected)
    missing: list[str] = []
    if not any(m.percentile is not None for m in markers):
        missing.append("No healthy reference placement available: markers are shown without "
                       "percentiles.")
    # with an interpretation, its own notes say what missing labs or intake leave unassessed
    if ctx.labs is None and ctx.findings is None:
        missing.append("No lab results provided.")
    if ctx.client is None and ctx.findings is None:
        missing.append("No intake questionnaire provided: symptoms, diet, medicines and history "
                       "were not considered.")
    if ctx.findings is None:
        missing.append("Interpretation not available: no findings, red-flag checks or plan were "
                       "produced for this report.")
    missing.extend(ctx.interpretation_notes)
    retest = None
    if previous:
        timepoints = [(p.sample_id, d) for p, _, d in previous] + [(profile.sample_id, ctx.collected)]
        by_sample = {p.sample_id: list(r) for p, r, _ in previous}
        by_sample[profile.sample_id] = list(results)
        retest = retest_section(timepoints, by_sample, ctx.spreads)
        failed = [s for s, _ in timepoints if s in ctx.quality_failed]
        if failed:
            for change in retest.changes:
                change.meaningful = None
                change.threshold_basis = (f"not called: {', '.join(failed)} failed the sample-quality "
                                          "gate, so changes may reflect the sample, not the person")
    return Report(
        microbiomix_version=__version__,
        generated=generated or datetime.now(UTC).replace(microsecond=0),
        sample=sample,
        quality=ctx.quality,
        reference=ctx.reference,
        client=ctx.client or ClientInfo(),
        data_quality=data_quality(profile, markers),
        composition=composition(profile),
        markers=markers,
        labs=list(ctx.labs or ()),
        questionnaires=list(ctx.questionnaires or ()),
        timeline=sorted(ctx.timeline or (), key=lambda e: (e.date is None, e.date or date.min)),
        questions=questions(ctx.findings, ctx.verdicts,
                            ctx.quality is not None and ctx.quality.verdict == "fail",
                            genes_measured=ctx.functions is not None and bool(ctx.functions.entries)),
        findings=list(ctx.findings or ()),
        red_flags=list(ctx.red_flags),
        infections=ctx.infections,
        red_flag_status=ctx.red_flag_status,
        red_flag_inputs_missing=list(ctx.red_flag_inputs_missing),
        red_flag_questions_unanswered=list(ctx.red_flag_questions_unanswered),
        not_assessed_rules=list(ctx.not_assessed_rules),
        not_read_by_rules=list(ctx.not_read_by_rules),
        inputs=list(ctx.inputs),
        plan=list(ctx.plan),
        withheld=list(ctx.withheld),
        evidence_scale=ctx.evidence_scale,
        functions=ctx.functions,
        retest=retest,
        reference_caveat=reference_caveat(sample, ctx.reference_profiler, markers),
        missing=missing,
        methods=[*METHODS, *protocol_statements(sample),
                 *([ctx.reference_note] if ctx.reference_note else [])],
        limitations=[*LIMITATIONS, *(
            n.statement if n.id not in answered
            else f"{n.title}: not interpretable from species; measured from genes in this report "
            "(see Digestive function)"
            for n in not_interpretable())],
        disclaimer=DISCLAIMER,
    )
