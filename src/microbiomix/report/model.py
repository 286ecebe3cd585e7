"""The report document model: the one thing every renderer reads.

A :class:`Report` holds everything a practitioner or client view shows, already computed: sample
and client details, data-quality notes, every marker with its value, percentile, reference, band and
citation, composition, lab results, questionnaire scores, findings, red flags, the plan, what was not
provided, and for re-tests the change of each marker. Renderers (HTML, PDF, FHIR) never compute
science; they only lay this document out.

The JSON form of the model is versioned (:data:`REPORT_SCHEMA_VERSION`) and its JSON schema ships
with the package (``report/schema/report.schema.json``, see :func:`json_schema`).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from importlib import resources
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

# Bump the major part when a field is removed or changes meaning; the minor part for additions.
REPORT_SCHEMA_VERSION = "1.8"  # 1.1: MarkerEntry.reference_note, Report.reference_caveat; 1.2: PlanItem.client_cautions;
# 1.3: Report.withheld (plan items left out for this client, with client wording);
# 1.4: Report.quality (sample-quality gate), Report.reference (the reference used and its limits),
# MarkerEntry.reference_compatible, Finding.caveat
# 1.5: red-flag status and not-assessed rules, PlanItem checks and review, Question verdicts,
#      Report.inputs (versions and dates of the inputs used), Report.review, not_read_by_rules
# 1.6: Report.functions (gene-based function from HUMAnN), MarkerEntry.basis and superseded_by,
#      InputVersion kind "functions"
# 1.7: QualityCheck.verdict "not measured" (the input does not state the value)
# 1.8: Report.infections (pathogen screen, genes from reads)
SCHEMA_FILE = "report.schema.json"
Date = date  # alias: some models have a field named `date`



class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


class Citation(_Model):
    """A source: short text and, when there is one, a DOI or PMID."""

    text: str
    doi: str | None = None
    pmid: str | None = None
    url: str | None = None


class ClientInfo(_Model):
    """What the intake says about the person (all optional)."""

    name: str | None = None
    age: int | None = None
    sex: str | None = None


class SampleInfo(_Model):
    """One sample: id, date when known, and where its profile came from."""

    sample_id: str
    collected: date | None = None
    source_file: str | None = None
    profiler: str
    profiler_version: str | None = None
    database: str | None = None
    taxonomy: str
    input_format: str


class DataQuality(_Model):
    """How far the numbers can be trusted for this input.

    Attributes:
        unknown_percent: percent of the sample the profiler could not assign (None: not reported).
        classified_percent: percent assigned at the top rank.
        species_count: number of named species reported.
        marker_coverage: per marker id, fraction of that marker's taxa that mapped onto the input.
        notes: plain statements a reader should know (reader notes, marker notes, mapping gaps).
    """

    unknown_percent: float | None = None
    classified_percent: float | None = None
    species_count: int = 0
    marker_coverage: dict[str, float] = Field(default_factory=dict)
    notes: list[str] = Field(default_factory=list)


class QualityCheck(_Model):
    """One measured share of the sample-quality gate and its limit."""

    id: str
    title: str
    value: float | None
    unit: str
    verdict: Literal["pass", "caution", "fail", "not measured"]
    limit: str = ""
    source: str


class SampleQuality(_Model):
    """The sample-quality gate (microbiomix.quality): pass, caution or fail, with reasons. On fail,
    microbiome-based findings and their plan items are withheld."""

    verdict: Literal["pass", "caution", "fail"]
    reasons: list[str] = Field(default_factory=list)
    checks: list[QualityCheck] = Field(default_factory=list)
    community_species: int = 0
    denominators: str = ""
    notes: list[str] = Field(default_factory=list)


class ReferenceUsed(_Model):
    """The healthy reference the percentiles are placed in, what it is and what limits it."""

    name: str
    profiler: str
    database: str | None = None
    taxonomy: str
    samples: int
    subjects: int | None = None
    population: str = ""
    source: str = ""
    compatible: bool = Field(description="made with the same profiler family and taxonomy as the "
                             "sample; when false, percentiles are approximate and findings on "
                             "them stay at info")
    note: str | None = None
    limits: str = Field(description="one line: samples, independent subjects, population")


class TaxonAbundance(_Model):
    name: str
    lineage: str
    percent: float = Field(description="percent of the whole sample, as the profiler reported it")


class RankComposition(_Model):
    rank: str
    taxa: list[TaxonAbundance] = Field(description="the most abundant taxa, largest first")
    other_percent: float = Field(description="percent in taxa of this rank not listed")
    unassigned_percent: float = Field(description="percent not assigned at this rank")


class MarkerEntry(_Model):
    """One marker for the reported sample.

    Attributes:
        group: how the report groups it (``index``, ``diversity``, ``panel``, ``guild`` ...).
        value: the value, None when it could not be computed faithfully (``note`` says why).
        percentile: percentile of ``value`` among the healthy reference (0-100), when available.
        reference: name of the reference population the percentile is against.
        reference_note: how that population's values for this marker were obtained (from the
            reference itself: cohort, profiler, and any difference in definition), shown next to
            the percentile so it is not read as more comparable than it is.
        band: a short interpretation band (e.g. "below the 10th percentile of healthy adults").
        coverage: fraction of the marker's taxa found in the input's taxonomy.
        note: why a value is missing or what limits it.
    """

    id: str
    title: str
    group: str
    value: float | None
    unit: str = ""
    percentile: float | None = None
    reference: str | None = None
    reference_note: str | None = None
    reference_compatible: bool | None = None
    band: str | None = None
    coverage: float | None = None
    note: str | None = None
    citation: Citation
    defined_on: str = ""
    taxa_used: list[str] = Field(default_factory=list)
    basis: str | None = Field(
        default=None,
        description="how a function is known: 'inferred from species' for species-list guilds",
    )
    superseded_by: list[str] = Field(
        default_factory=list,
        description="gene-based markers (report.functions) measured for this sample that replace "
        "this species-inferred marker; its findings are then not drawn",
    )


class FunctionCarrier(_Model):
    """A species (or 'unclassified') carrying a gene-based function in this sample."""

    name: str
    share: float = Field(description="fraction of the function's stratified abundance (0-1)")


class FunctionEntry(_Model):
    """One gene-based marker measured in one HUMAnN table.

    Attributes:
        namespace: what the table's features are (``ec``, ``ko``, ``metacyc_reaction``,
            ``metacyc_pathway``).
        value: sum of the community abundances of ``ids_found`` in the table's ``unit``.
        per_million: the same as copies per million of the table's total (comparable across
            samples whatever their depth).
        carriers: species (and 'unclassified') carrying it, largest share first.
    """

    id: str
    title: str
    namespace: str
    namespace_label: str
    unit: str
    value: float
    per_million: float | None = None
    ids_summed: list[str]
    ids_found: list[str]
    carriers: list[FunctionCarrier] = Field(default_factory=list)
    note: str | None = None
    caveat: str | None = None
    claim: str | None = None
    citation: Citation
    source_file: str | None = None
    replaces: list[str] = Field(default_factory=list)


class FunctionTable(_Model):
    """A HUMAnN table read for the sample, with its special rows."""

    source_file: str
    column: str | None = None
    namespace: str
    measure: str
    unit: str
    features: int
    unmapped: float | None = None
    unintegrated: float | None = None
    ungrouped: float | None = None
    notes: list[str] = Field(default_factory=list)


class FunctionalSection(_Model):
    """Digestive function measured from genes (HUMAnN), replacing species-inferred guilds."""

    basis: Literal["measured from genes"] = "measured from genes"
    tool: str = "HUMAnN"
    tables: list[FunctionTable] = Field(default_factory=list)
    entries: list[FunctionEntry] = Field(default_factory=list)
    reference_note: str
    replaced_guilds: dict[str, list[str]] = Field(default_factory=dict)
    answered: list[str] = Field(
        default_factory=list,
        description="functions not interpretable from species that these genes measure",
    )
    hint: str | None = None


class LabResult(_Model):
    analyte: str
    value: float | str | None
    unit: str | None = None
    loinc: str | None = None
    date: Date | None = None
    reference_low: float | None = None
    reference_high: float | None = None
    reference_source: str | None = None
    flag: Literal["low", "normal", "high", "abnormal", "not interpreted"] = "not interpreted"
    status: str | None = Field(default=None, description="the interpretation's own words")
    note: str | None = None


class QuestionnaireScore(_Model):
    instrument: str
    scale: str
    score: float | None
    maximum: float | None = None
    band: str | None = None
    citation: Citation | None = None
    note: str | None = None


class TimelineEvent(_Model):
    date: Date | None
    text: str
    kind: str | None = None


class Finding(_Model):
    domain: str
    title: str
    text: str
    client_text: str | None = None
    severity: str | None = None
    sources: list[Citation] = Field(default_factory=list)


class RedFlag(_Model):
    id: str
    reason: str
    client_text: str | None = None
    sources: list[Citation] = Field(default_factory=list)
    guideline: str | None = Field(default=None, description="the guideline recommendation followed")


class NotAssessedRule(_Model):
    """A rule that could not be evaluated because an input was unknown or missing."""

    id: str
    kind: Literal["red_flag", "finding"]
    title: str
    missing: list[str] = Field(default_factory=list)


ReviewDecision = Literal["proposed", "accept", "change", "remove"]


class PlanItem(_Model):
    id: str | None = None
    category: str
    text: str
    client_text: str | None = None
    evidence: str = Field(description="evidence grade, on the scale named in Report.evidence_scale")
    citations: list[Citation] = Field(min_length=1)
    cautions: list[str] = Field(default_factory=list)
    client_cautions: list[str] = Field(
        default_factory=list, description="the cautions in plain words, for the client view"
    )
    checked_against: list[str] = Field(
        default_factory=list, description="coded intake answers its contraindications were checked against")
    check_before_use: list[str] = Field(
        default_factory=list, description="contraindications to check first (answer unknown, or "
        "present with a 'check' effect)")
    client_check_before_use: list[str] = Field(default_factory=list)
    review: ReviewDecision = Field(
        default="proposed", description="the practitioner's decision; the client view shows only "
        "accepted or changed items")
    proposed_text: str | None = Field(
        default=None, description="the generated client text, kept when the practitioner changed it")
    review_note: str | None = None


class Withheld(_Model):
    """A plan item left out for this client (contraindicated by the intake), and why."""

    id: str
    category: str
    text: str = Field(description="the item, practitioner wording")
    reason: str = Field(description="why it was left out, practitioner wording")
    client_text: str | None = Field(default=None, description="the item in plain words")
    client_reason: str | None = Field(default=None, description="why, in plain words")
    checked_against: list[str] = Field(default_factory=list)

    def note(self) -> str:
        """The practitioner's one-line note (practitioner view and FHIR conclusion)."""
        return f"Withheld from the plan: {self.text} ({self.reason})"


class Question(_Model):
    """One of the five questions the test exists to answer, with what the report can say."""

    key: Literal["balance", "dysbiosis", "digestion", "inflammation", "barrier"]
    title: str
    client_title: str
    status: Literal["assessed", "no finding", "not assessed"]
    summary: str
    finding_indices: list[int] = Field(default_factory=list, description="indices into findings")
    verdict: Literal["looks as expected", "worth discussing", "see your practitioner soon",
                     "not assessed"] | None = Field(
        default=None, description="the client-view verdict, consistent with the practitioner's "
        "findings, red flags and lab flags")
    reasons: list[str] = Field(default_factory=list, description="what led to the verdict")
    used: list[str] = Field(default_factory=list, description="markers and labs that informed it")


class InputVersion(_Model):
    """One input the report was built from: what, which version, and its date."""

    kind: Literal["profile", "labs", "intake", "plan_review", "functions"]
    source: str | None = None
    version: str = Field(description="sha256 of the input's bytes (or the portal's version id)")
    dated: date | None = Field(default=None, description="labs: newest result date; intake: its "
                               "date; plan review: the review date")
    note: str | None = None


class PlanReview(_Model):
    """Who reviewed the plan for the client view, and when."""

    reviewed_by: str
    reviewed_on: date
    source: str | None = None
    version: str | None = None


class TimePoint(_Model):
    sample_id: str
    collected: date | None = None
    label: str


class MarkerChange(_Model):
    """One marker across samples of one person, oldest first, the reported sample last.

    ``meaningful`` is True/False only when a threshold exists (see ``threshold_basis``); None means
    the change is shown without a call.
    """

    id: str
    title: str
    group: str = "other"
    unit: str = ""
    values: list[float | None]
    change: float | None
    threshold: float | None
    threshold_basis: str
    meaningful: bool | None
    direction: Literal["up", "down", "unchanged", "unknown"]


class Retest(_Model):
    timepoints: list[TimePoint]
    changes: list[MarkerChange]
    rule: str
    rule_citation: Citation


class PathogenResult(_Model):
    """One organism of the pathogen panel in this sample, with its evidence."""

    id: str
    name: str
    kind: str = Field(description="bacterium | protozoan | helminth | fungus | virus")
    call: Literal["detected", "trace", "not detected", "not assessable"]
    percent: float | None = Field(description="percent of the profile as reported; None if not assessable")
    reporting_minimum: float = Field(description="percent at or above which a hit is 'detected'")
    evidence: str
    meaning: str
    client_meaning: str
    confirm: str = Field(description="the validated test that confirms it")
    blind_spots: list[str] = Field(default_factory=list)
    genes_only: bool = Field(default=False, description="species abundance means nothing without genes (E. coli)")
    label: str | None = Field(default=None, description="for commensal, dietary, non-pathogenic or disputed organisms: 'usually harmless', 'role uncertain' ...")
    sources: list[Citation] = Field(default_factory=list)


class GeneResult(_Model):
    """One resistance or virulence gene found in the reads."""

    gene: str
    database: str
    accession: str = ""
    product: str = ""
    category: str
    gene_class: str
    group: str = ""
    identity: float
    coverage: float
    depth: float
    call: Literal["detected", "partial", "not detected"]


class Infections(_Model):
    """Pathogens, parasites, fungi and H. pylori in the profile; resistance and virulence genes."""

    method: str
    reporting_minimum_basis: str
    pathogens: list[PathogenResult] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list, description="infection rules that fired")
    blind_spots: list[str] = Field(default_factory=list)
    genes: list[GeneResult] | None = Field(
        default=None, description="genes from reads; None when no gene database was given")
    gene_method: str | None = None
    gene_database: str | None = None
    gene_groups_covered: list[str] = Field(default_factory=list)
    sources: list[Citation] = Field(default_factory=list)


class Report(_Model):
    """The whole report for one sample (optionally with earlier samples of the same person)."""

    tool: Literal["microbiomix"] = "microbiomix"
    microbiomix_version: str
    schema_version: Literal["1.0", "1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "1.8"] = REPORT_SCHEMA_VERSION  # type: ignore[assignment]
    generated: datetime
    sample: SampleInfo
    quality: SampleQuality | None = Field(
        default=None, description="the sample-quality verdict, shown at the top of the report")
    reference: ReferenceUsed | None = None
    client: ClientInfo = Field(default_factory=ClientInfo)
    data_quality: DataQuality
    composition: list[RankComposition] = Field(default_factory=list)
    markers: list[MarkerEntry] = Field(default_factory=list)
    labs: list[LabResult] = Field(default_factory=list)
    questionnaires: list[QuestionnaireScore] = Field(default_factory=list)
    timeline: list[TimelineEvent] = Field(default_factory=list)
    questions: list[Question] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    red_flags: list[RedFlag] = Field(default_factory=list)
    infections: Infections | None = Field(
        default=None, description="pathogen screen and genes from reads (None: not screened)")
    red_flag_status: str | None = Field(
        default=None, description="the red-flag headline; says 'No red flags' only when every "
        "red-flag input was answered or given")
    red_flag_inputs_missing: list[str] = Field(default_factory=list)
    red_flag_questions_unanswered: list[str] = Field(
        default_factory=list, description="red-flag questions not answered, in the client's words")
    not_assessed_rules: list[NotAssessedRule] = Field(default_factory=list)
    not_read_by_rules: list[str] = Field(
        default_factory=list, description="free-text intake answers no rule reads")
    inputs: list[InputVersion] = Field(default_factory=list)
    review: PlanReview | None = Field(
        default=None, description="the practitioner review the client view's plan reflects")
    plan: list[PlanItem] = Field(default_factory=list)
    withheld: list[Withheld] = Field(
        default_factory=list, description="plan items left out because they do not suit this client"
    )
    evidence_scale: str | None = None
    functions: FunctionalSection | None = Field(
        default=None, description="gene-based function from HUMAnN tables, when given"
    )
    retest: Retest | None = None
    reference_caveat: str | None = Field(
        default=None,
        description="why percentiles against the healthy reference are only approximate for this "
        "sample (e.g. the reference was made with another profiler version), when they are",
    )
    missing: list[str] = Field(
        default_factory=list, description="what was not provided or could not be assessed"
    )
    methods: list[str] = Field(default_factory=list)
    limitations: list[str] = Field(default_factory=list)
    disclaimer: str

    def marker(self, marker_id: str) -> MarkerEntry | None:
        return next((m for m in self.markers if m.id == marker_id), None)

    def to_json(self) -> str:
        """The JSON document (what ``--json`` writes)."""
        return self.model_dump_json(indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str | bytes) -> Report:
        return cls.model_validate_json(text)


def generate_json_schema() -> dict[str, Any]:
    """The JSON schema of :class:`Report`, as generated from the model now."""
    schema = Report.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://microbiomix.invalid/schemas/report-{REPORT_SCHEMA_VERSION}.json"
    schema["title"] = f"microbiomix report, schema version {REPORT_SCHEMA_VERSION}"
    return schema


def json_schema() -> dict[str, Any]:
    """The JSON schema shipped with the package (kept equal to the model by a test)."""
    text = resources.files("microbiomix.report").joinpath("schema", SCHEMA_FILE).read_text("utf-8")
    result: dict[str, Any] = json.loads(text)
    return result


def schema_text() -> str:
    """The schema file's exact content as the model generates it now (see :func:`write_schema`)."""
    return json.dumps(generate_json_schema(), indent=2, sort_keys=True) + "\n"


def write_schema() -> str:
    """Regenerate the shipped schema file from the model; returns its path.

    Run after changing the model: ``python -c "from microbiomix.report.model import write_schema;
    print(write_schema())"`` (a test fails while the shipped file differs from the model).
    """
    from pathlib import Path

    target = Path(__file__).parent / "schema" / SCHEMA_FILE
    target.parent.mkdir(exist_ok=True)
    target.write_text(schema_text(), encoding="utf-8")
    return str(target)
