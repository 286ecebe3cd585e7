"""Adapters from the other stages' outputs (reference, labs, intake, interpretation) to report parts.

The report reads only its own model; this module is the one place that knows how the reference,
lab, intake and interpretation stages present their results, and turns them into
:class:`~microbiomix.report.build.Context`. A stage that is not available, or an input that was not
given, becomes a line in ``Report.missing`` rather than an error.
"""

from __future__ import annotations

import hashlib
import importlib.util
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from microbiomix.errors import UsageError
from microbiomix.profile import Profile
from microbiomix.report.build import Context
from microbiomix.report.compare import Spread
from microbiomix.report.model import (
    Citation,
    ClientInfo,
    Finding,
    GeneResult,
    Infections,
    InputVersion,
    LabResult,
    NotAssessedRule,
    PathogenResult,
    PlanItem,
    QualityCheck,
    QuestionnaireScore,
    RedFlag,
    ReferenceUsed,
    SampleQuality,
    TimelineEvent,
    Withheld,
)

if TYPE_CHECKING:
    from microbiomix.genecalls import GeneCalls
    from microbiomix.interpretation.models import Findings
    from microbiomix.markers.pathogens import PathogenScreen
    from microbiomix.quality import Quality
    from microbiomix.readers.labs import Labs
    from microbiomix.reference import MarkerResult, Reference


def sample_quality(quality: Quality) -> SampleQuality:
    """The report's view of the sample-quality gate (:class:`microbiomix.quality.Quality`)."""
    data = quality.as_dict()
    return SampleQuality(
        verdict=quality.verdict, reasons=list(quality.reasons),
        checks=[QualityCheck(**c.as_dict()) for c in quality.checks],
        community_species=quality.community_species, denominators=data["denominators"],
        notes=list(quality.notes),
    )


def reference_used(reference: Reference, profile: Profile) -> ReferenceUsed:
    """The reference the sample is placed in, with its limits and whether it fits the sample."""
    from microbiomix.reference import compatibility

    compatible, note = compatibility(reference, profile.provenance)
    return ReferenceUsed(
        name=reference.name, profiler=reference.profiler, database=reference.database,
        taxonomy=reference.taxonomy.value, samples=len(reference.sample_ids),
        subjects=reference.subjects, population=reference.population, source=reference.source,
        compatible=compatible, note=note, limits=reference.limits(),
    )


def available(module: str) -> bool:
    """Is the stage ``module`` (e.g. ``microbiomix.readers.labs``) in this installation?"""
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def load_reference(path: str | Path | None) -> Reference:
    """The healthy reference in ``path`` (from ``mmm reference build``), or the bundled one."""
    from microbiomix.reference import Reference, default_reference

    return Reference.load(path) if path is not None else default_reference()


def spreads(reference: Reference) -> dict[str, Spread]:
    """Per marker, the standard deviation (n - 1) of its healthy reference values, and the
    within-person SD between successive samples of healthy people where it was measured."""
    from microbiomix.reference import within_person_sd

    within = within_person_sd()
    out = {}
    for marker_id, values in reference.distributions.items():
        finite = np.asarray(values, dtype=np.float64)
        finite = finite[np.isfinite(finite)]
        if finite.size >= 2:
            sd_within, source = within.get(marker_id, (None, None))
            out[marker_id] = Spread(sd=float(np.std(finite, ddof=1)), reference=reference.name,
                                    note=reference.sources.get(marker_id), within_sd=sd_within,
                                    within_note=source)
    return out


def gather_context(
    profile: Profile,
    results: Sequence[MarkerResult],
    labs_path: str | Path | None,
    intake_path: str | Path | None,
    reference: Reference | None,
    quality: Quality | None = None,
    collected: date | None = None,
    versions: Mapping[str, str] | None = None,
    superseded: Mapping[str, Sequence[str]] | None = None,
    pathogens: PathogenScreen | None = None,
    genes: GeneCalls | None = None,
) -> Context:
    """Everything beyond the profile that the report shows, as far as it is available.

    ``collected`` is the sample's collection date: lab results are matched to it (the rule is in
    knowledge/rules.yaml, parameters ``labs_before_sample_days`` / ``labs_after_sample_days``).
    ``versions`` (kind -> version id, e.g. the portal's document revision) replaces the sha256 of
    a file as the version the report records for it.
    ``superseded``: species-inferred marker ids that gene-based markers replace (id -> their
    titles); those markers are not interpreted, so no finding is drawn from them.
    ``pathogens`` and ``genes`` feed the infection rules and the Infections section.
    """
    from microbiomix.markers.pathogens import infection_inputs

    context = Context(collected=collected)
    context.quality = sample_quality(quality) if quality is not None else None
    notes: list[str] = []
    superseded = superseded or {}
    for r in results:
        if r.spec.id in superseded:
            notes.append(
                f"{r.spec.title} (inferred from species) is not interpreted: measured from genes "
                f"instead ({'; '.join(superseded[r.spec.id])}), which has no healthy reference, "
                "so no finding is drawn on this function."
            )
    results = [r for r in results if r.spec.id not in superseded]
    if reference is not None:
        context.reference = reference_used(reference, profile)
        context.spreads = spreads(reference)
        context.reference_notes = dict(reference.sources)
        context.reference_profiler = reference.profiler
        context.reference_note = (
            f"Healthy reference '{reference.name}' ({reference.profiler}): {reference.description}."
        )
    if labs_path is not None and not available("microbiomix.readers.labs"):
        raise UsageError("--labs needs the lab-results reader, not in this installation")
    if intake_path is not None and not available("microbiomix.readers.intake"):
        raise UsageError("--intake needs the intake reader, not in this installation")
    labs = intake = None
    if labs_path is not None:
        from microbiomix.readers.labs import read_labs

        labs = read_labs(labs_path)
        dates = [r.date for r in labs.results]
        used = [d for d in dates if collected is None or _within(d, collected)]
        context.inputs = [*context.inputs, input_version(
            "labs", labs_path, max(dates) if dates else None, versions,
            note=f"{len(dates)} results dated {min(dates)} to {max(dates)}; {len(used)} within the "
                 "window of this sample" if dates else None)]
    if intake_path is not None:
        from microbiomix.readers.intake import read_intake

        intake = read_intake(intake_path)
        context.inputs = [*context.inputs,
                          input_version("intake", intake_path, intake.collected, versions)]
        context.client = ClientInfo(age=intake.demographics.age, sex=intake.demographics.sex)
        context.timeline = [TimelineEvent(date=e.date, text=e.event, kind=e.kind)
                            for e in intake.timeline]
    if available("microbiomix.interpret"):
        from microbiomix.interpret import interpret

        inputs: dict[str, Any] = {r.spec.id: r for r in results}
        inputs.update(infection_inputs(pathogens, genes))
        findings = interpret(inputs, labs, intake,
                             sample=profile.sample_id, collected=collected, quality=quality)
        _add_findings(context, findings, labs)
        notes.extend(_date_notes(collected, intake, labs is not None))
    elif labs is not None or intake is not None:
        notes.append("Lab results and intake were read but cannot be interpreted: the "
                      "interpretation module is not in this installation.")
    context.interpretation_notes = [*context.interpretation_notes, *notes]
    if pathogens is not None:
        context.infections = infections_section(pathogens, genes, context.findings or ())
    return context


def file_version(path: str | Path) -> str:
    """An input file's version as reports record it: the sha256 of its bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def input_version(kind: str, path: str | Path, dated: date | None,
                  versions: Mapping[str, str] | None = None, note: str | None = None) -> InputVersion:
    """What the report records about one input: file name, version (:func:`file_version` unless
    the caller names a version) and date."""
    version = (versions or {}).get(kind) or file_version(path)
    return InputVersion(kind=kind, source=Path(path).name, version=version, dated=dated, note=note)  # type: ignore[arg-type]


def _within(when: date, collected: date) -> bool:
    from microbiomix.interpretation.engine import in_window, knowledge

    return in_window(when, collected, knowledge())


def _date_notes(collected: date | None, intake: Any, labs_given: bool) -> list[str]:
    """How labs and intake were matched to the sample, stated in the report."""
    from microbiomix.interpretation.engine import knowledge, lab_window

    before, after = lab_window(knowledge())
    if collected is None:
        if not labs_given:
            return []
        return [("Sample collection date not given: the newest result of each lab analyte was "
                 "used, and the intake as of its own date (give the sample's collection date to "
                 "match them to the sample).")]
    notes = [(f"Lab results were matched to the sample collected {collected}: results from "
              f"{before} days before to {after} days after it; of several, the nearest.")
             ] if labs_given else []
    if intake is not None and intake.collected is not None:
        gap = (intake.collected - collected).days
        if abs(gap) > before:
            notes.append(f"The intake is dated {intake.collected}, {abs(gap)} days "
                         f"{'after' if gap > 0 else 'before'} the sample: its answers may not "
                         "describe the client when the sample was collected.")
    return notes


_SEVERITY_ORDER = {"concern": 0, "attention": 1, "info": 2}


def infections_section(
    pathogens: PathogenScreen, genes: GeneCalls | None, findings: Sequence[Finding]
) -> Infections:
    """The report's Infections section: every panel organism with its call and evidence, the gene
    calls (when reads were aligned to a gene database) and the infection findings that fired."""
    from microbiomix.markers.pathogens import panel

    about = panel()
    results = [
        PathogenResult(
            id=c.organism.id, name=c.organism.name, kind=c.organism.kind, call=c.call,
            percent=c.percent, reporting_minimum=c.organism.min_percent, evidence=c.evidence,
            meaning=c.organism.meaning, client_meaning=c.organism.client_meaning,
            confirm=c.organism.confirm, blind_spots=list(c.organism.blind_spots),
            genes_only=c.organism.genes_only, label=c.organism.label,
            sources=[Citation(text=about.references[s]) for s in c.organism.sources],
        )
        for c in pathogens.calls
    ]
    kinds = ", ".join(pathogens.kinds_seen) or "none"
    method = (f"Panel of {len(results)} organisms (knowledge/pathogens.yaml) looked up in the "
              f"{pathogens.profiler} profile by name; organism kinds this profile holds: {kinds}. "
              "Abundance is percent of the profile as the profiler reported it.")
    gene_rows = None
    if genes is not None:
        shown = [h for h in genes.hits if h.call != "not detected"]
        gene_rows = [
            GeneResult(gene=h.gene, database=h.database, accession=h.accession, product=h.product,
                       category=h.category, gene_class=h.gene_class, group=h.group,
                       identity=h.identity, coverage=h.coverage, depth=h.depth, call=h.call)
            for h in sorted(shown, key=lambda h: (h.call != "detected", h.category, h.gene))
        ]
    cited = {s for spot in about.method_blind_spots for s in spot[1]}
    return Infections(
        method=method,
        reporting_minimum_basis=about.default_basis,
        pathogens=results,
        findings=sorted((f for f in findings if f.domain == "infection"),
                        key=lambda f: _SEVERITY_ORDER.get(f.severity or "", 3)),
        blind_spots=[text for text, _ in about.method_blind_spots],
        genes=gene_rows,
        gene_method=genes.method if genes is not None else None,
        gene_database=genes.database if genes is not None else None,
        gene_groups_covered=list(genes.groups_covered) if genes is not None else [],
        sources=[Citation(text=about.references[s]) for s in sorted(cited)],
    )


def _citations(items: Sequence[Any]) -> list[Citation]:
    return [Citation(text=c.text) for c in items]


# The interpretation's machine-readable lab flag -> the report's coarse flag.
_FLAG_FROM_INTERPRETATION = {
    "low": "low", "high": "high", "normal": "normal", "negative": "normal",
    "positive": "abnormal", "borderline": "abnormal", "no reference": "not interpreted",
    "not interpreted": "not interpreted",
}


def lab_flag(status: str) -> str:
    """The report's coarse flag for an interpretation status such as 'low if inflammation'."""
    words = status.lower()
    if words.startswith(("not interpreted", "no reference")):
        return "not interpreted"
    if words.startswith("within"):
        return "normal"
    if any(w in words for w in ("low", "inadequate", "deficien", "below")):
        return "low"
    if any(w in words for w in ("above", "raised", "high", "positive")):
        return "high"
    return "abnormal"


def _lab_rows(findings: Findings, labs: Labs | None) -> list[LabResult]:
    raw = {(r.analyte, r.date, r.value): r for r in labs.results} if labs is not None else {}
    rows = []
    for lab in findings.labs:
        source = raw.get((lab.analyte, lab.date, lab.value))
        notes = [str(limit.get("meaning", "")) for limit in lab.limits_met if limit.get("meaning")]
        if lab.validity_note:
            notes.append(lab.validity_note)
        if lab.lab_range:
            notes.append(f"{lab.lab_range} the laboratory's printed interval")
        rows.append(LabResult(
            analyte=lab.name,
            value=lab.value if lab.value is not None else lab.qualitative,
            unit=lab.unit,
            loinc=lab.loinc,
            date=lab.date,
            reference_low=source.reference_low if source else None,
            reference_high=source.reference_high if source else None,
            reference_source="laboratory's interval" if source and (
                source.reference_low is not None or source.reference_high is not None) else None,
            flag=_FLAG_FROM_INTERPRETATION.get(  # type: ignore[arg-type]
                str(getattr(lab, "flag", "")), lab_flag(lab.status)),
            status=lab.status,
            note="; ".join(notes) or None,
        ))
    return rows


def _add_findings(context: Context, findings: Findings, labs: Labs | None) -> None:
    """Copy an interpretation (:class:`microbiomix.interpretation.models.Findings`) into the
    report context."""
    context.findings = [
        Finding(domain=f.domain, title=f.title,
                text=f.text + (f" ({f.caveat})" if getattr(f, "caveat", None) else ""),
                client_text=f.client_text, severity=f.severity, sources=_citations(f.sources))
        for f in findings.findings
    ]
    context.red_flags = [
        RedFlag(id=f.id, reason=f"{f.reason} {f.action}".strip(), client_text=f.client_text,
                sources=_citations(f.sources), guideline=f.guideline)
        for f in findings.red_flags
    ]
    context.red_flag_status = findings.red_flag_status or None
    context.red_flag_inputs_missing = list(findings.red_flag_inputs_missing)
    context.red_flag_questions_unanswered = list(findings.red_flag_questions_unanswered)
    context.not_assessed_rules = [
        NotAssessedRule(id=n.id, kind=n.kind, title=n.title, missing=list(n.missing))
        for n in findings.not_evaluated
    ]
    context.not_read_by_rules = list(findings.not_read_by_rules)
    context.verdicts = {q.key: (q.verdict, list(q.reasons), list(q.used))
                        for q in findings.questions}
    context.plan = [
        PlanItem(id=p.id, category=p.category, text=f"{p.text} ({p.rationale})",
                 client_text=p.client_text,
                 evidence=f"{p.evidence.grade.replace('_', ' ')}: {p.evidence.basis}",
                 citations=_citations(p.citations),
                 cautions=[*p.cautions, *p.contraindications, *p.interactions],
                 client_cautions=list(p.client_cautions),
                 checked_against=list(p.checked_against),
                 check_before_use=list(p.check_before_use),
                 client_check_before_use=list(p.client_check_before_use))
        for p in findings.plan
    ]
    context.evidence_scale = findings.evidence_scale
    context.labs = _lab_rows(findings, labs) if labs is not None else None
    context.questionnaires = None
    if findings.scores:
        context.questionnaires = []
        for score in findings.scores.values():
            context.questionnaires.append(QuestionnaireScore(
                instrument=score.title, scale="total", score=score.total,
                maximum=score.range[1] if score.range else None,
                band=score.band_label or score.band, note=score.interpretation,
                citation=Citation(text=score.source)))
            for name, value in score.subscales.items():
                context.questionnaires.append(QuestionnaireScore(
                    instrument=score.title, scale=name.replace("_", " "), score=value))
    notes = [f"Not assessed: {item}." for item in findings.not_assessed]
    gated = [n.title for n in findings.not_evaluated
             if n.missing and n.missing[0].startswith("withheld: sample quality")]
    if gated:
        notes.append("Withheld because the sample failed the quality gate (see Sample quality): "
                     + "; ".join(gated) + ".")
    context.interpretation_notes = notes
    context.withheld = [
        Withheld(id=w.id, category=w.category, text=w.text, reason=w.reason,
                 client_text=w.client_text, client_reason=w.client_reason,
                 checked_against=list(w.checked_against))
        for w in findings.withheld
    ]
