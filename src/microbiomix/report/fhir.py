"""FHIR R4 export: a ``collection`` Bundle holding one DiagnosticReport and its Observations.

fhir.resources 8 defaults to R5; this module builds and validates with its ``R4B`` models (R4B
changed no element used here from R4). Codes:

* marker Observations: the microbiomix marker id in the project's own code system
  (:data:`MARKER_SYSTEM`); no LOINC code exists for these indices, so none is claimed.
* lab Observations: the LOINC code the lab catalogue gives for the analyte, when it gives one;
  otherwise text only.
* categories: ``LAB`` from HL7 v2 table 0074 for the report, ``laboratory`` from the FHIR
  observation-category code system for each Observation; flags from v3 ObservationInterpretation.

The Bundle's ``meta.tag`` carries the microbiomix version and the report schema version.

Identifiers are UUIDs derived from the sample id and the entry, so the same report gives the same
Bundle.
"""

from __future__ import annotations

import uuid
from typing import Any

from microbiomix.report.model import FunctionEntry, LabResult, MarkerEntry, Report

MARKER_SYSTEM = "urn:microbiomix:marker"
REPORT_SYSTEM = "urn:microbiomix:report"
VERSION_SYSTEM = "urn:microbiomix:version"
SCHEMA_SYSTEM = "urn:microbiomix:report-schema"
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
V2_0074 = "http://terminology.hl7.org/CodeSystem/v2-0074"
OBS_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
_NAMESPACE = uuid.UUID("6b0d5a9e-3c64-4d4e-9a57-2f1d6c1b7e11")  # fixed: ids stable across runs
_FLAGS = {"low": ("L", "Low"), "high": ("H", "High"), "normal": ("N", "Normal"),
          "abnormal": ("A", "Abnormal")}


def _urn(report: Report, *parts: str) -> str:
    return "urn:uuid:" + str(uuid.uuid5(_NAMESPACE, "/".join((report.sample.sample_id, *parts))))


def _quantity(value: float, unit: str | None) -> dict[str, Any]:
    q: dict[str, Any] = {"value": value}
    if unit:
        q["unit"] = unit
        if unit == "%":
            q.update(system=UCUM, code="%")
    return q


def _laboratory() -> list[dict[str, Any]]:
    return [{"coding": [{"system": OBS_CATEGORY, "code": "laboratory", "display": "Laboratory"}]}]


def _marker_observation(report: Report, m: MarkerEntry, effective: dict[str, Any]) -> dict[str, Any]:
    obs: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final",
        "category": _laboratory(),
        "code": {"coding": [{"system": MARKER_SYSTEM, "code": m.id, "display": m.title}],
                 "text": m.title},
        **effective,
    }
    notes = []
    if m.value is None:
        obs["dataAbsentReason"] = {"text": m.note or "not computed"}
    else:
        obs["valueQuantity"] = _quantity(m.value, m.unit)
        if m.note:
            notes.append(m.note)
    if m.percentile is not None and m.value is not None:
        obs["component"] = [{
            "code": {"coding": [{"system": MARKER_SYSTEM, "code": f"{m.id}.percentile",
                                 "display": f"{m.title}, percentile in healthy reference"}],
                     "text": "percentile in healthy reference"},
            "valueQuantity": _quantity(m.percentile, "%"),
        }]
        obs["referenceRange"] = [{"text": m.band or f"percentile against {m.reference}"}]
        if m.reference_note:
            notes.append(f"Healthy reference values for the percentile: {m.reference_note}")
    cite = m.citation.text + (f", doi:{m.citation.doi}" if m.citation.doi else "")
    notes.append(f"Method: {cite}")
    obs["note"] = [{"text": n} for n in notes]
    return obs


def _function_observation(e: FunctionEntry, effective: dict[str, Any]) -> dict[str, Any]:
    """A gene-based marker from one HUMAnN table: value in the table's unit, per-million as a
    component, carriers and method as notes; no reference range (there is no healthy one)."""
    code = f"{e.id}:{e.namespace}"
    title = f"{e.title} ({e.namespace_label}), measured from genes"
    obs: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final",
        "category": _laboratory(),
        "code": {"coding": [{"system": MARKER_SYSTEM, "code": code, "display": title}],
                 "text": title},
        "valueQuantity": _quantity(e.value, e.unit),
        **effective,
    }
    if e.per_million is not None:
        obs["component"] = [{
            "code": {"coding": [{"system": MARKER_SYSTEM, "code": f"{code}.per_million",
                                 "display": f"{e.title}, copies per million of the table"}],
                     "text": "copies per million of the HUMAnN table's total"},
            "valueQuantity": _quantity(e.per_million, "per million"),
        }]
    notes = [f"Ids found {', '.join(e.ids_found) or 'none'} of {', '.join(e.ids_summed)}."]
    if e.carriers:
        notes.append("Carried by: " + "; ".join(f"{c.name} {c.share:.0%}" for c in e.carriers))
    notes.append("No healthy reference: no percentile or reference range.")
    if e.caveat:
        notes.append(e.caveat)
    notes.append(f"Method: {e.citation.text}")
    obs["note"] = [{"text": n} for n in notes]
    return obs


def _lab_observation(lab: LabResult, effective: dict[str, Any]) -> dict[str, Any]:
    code: dict[str, Any] = {"text": lab.analyte}
    if lab.loinc:
        code["coding"] = [{"system": LOINC, "code": lab.loinc, "display": lab.analyte}]
    obs: dict[str, Any] = {"resourceType": "Observation", "status": "final",
                           "category": _laboratory(), "code": code}
    if lab.date is not None:
        obs["effectiveDateTime"] = lab.date.isoformat()
    else:
        obs.update(effective)
    if isinstance(lab.value, (int, float)):
        obs["valueQuantity"] = _quantity(float(lab.value), lab.unit)
    elif lab.value is not None:
        obs["valueString"] = str(lab.value)
    else:
        obs["dataAbsentReason"] = {"text": "no value"}
    if lab.reference_low is not None or lab.reference_high is not None:
        rng: dict[str, Any] = {}
        if lab.reference_low is not None:
            rng["low"] = _quantity(lab.reference_low, lab.unit)
        if lab.reference_high is not None:
            rng["high"] = _quantity(lab.reference_high, lab.unit)
        if lab.reference_source:
            rng["text"] = lab.reference_source
        obs["referenceRange"] = [rng]
    if lab.flag in _FLAGS:
        code_, display = _FLAGS[lab.flag]
        obs["interpretation"] = [{"coding": [{"system": INTERPRETATION, "code": code_,
                                              "display": display}]}]
    if lab.note:
        obs["note"] = [{"text": lab.note}]
    return obs


def _infection_observations(report: Report, effective: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """One Observation per pathogen found (detected or trace) and per gene detected or partial."""
    if report.infections is None:
        return []
    found = []
    for p in report.infections.pathogens:
        if p.call in ("detected", "trace"):
            found.append((_urn(report, "pathogen", p.id), {
                "resourceType": "Observation", "status": "final",
                "code": {"text": f"{p.name} DNA in stool (shotgun metagenome)"},
                "valueString": f"{p.call}: {p.evidence}",
                "note": [{"text": f"{p.meaning} Confirm: {p.confirm}"}], **effective}))
    for g in report.infections.genes or []:
        found.append((_urn(report, "gene", g.database, g.gene), {
            "resourceType": "Observation", "status": "final",
            "code": {"text": f"{g.gene} gene in stool DNA ({g.category}: {g.gene_class})"},
            "valueString": f"{g.call}: identity {g.identity:.1f}%, coverage {g.coverage:.1f}%, "
                           f"depth {g.depth:.1f}", **effective}))
    return found


def _conclusion(report: Report) -> str:
    parts = []
    if report.quality is not None:
        parts.append(f"Sample quality: {report.quality.verdict}"
                     + (" (" + "; ".join(report.quality.reasons) + ")" if report.quality.reasons
                        else "") + ".")
    if report.reference is not None:
        parts.append(f"Healthy reference: {report.reference.limits}"
                     + ("" if report.reference.compatible else
                        f"; {report.reference.note}") + ".")
    if report.red_flags:
        parts.append("Red flags (refer): " + "; ".join(f.reason for f in report.red_flags) + ".")
    if report.red_flag_status and not report.red_flags:
        parts.append(report.red_flag_status)  # says what was not asked or tested (issue 11)
    if report.infections is not None:
        found = [f"{p.name} ({p.call})" for p in report.infections.pathogens
                 if p.call == "detected" and not p.genes_only]
        parts.append("Pathogen screen (DNA, not diagnosis): "
                     + (", ".join(found) if found else "no panel organism detected") + ".")
    parts.extend(f.title + "." for f in report.findings)
    parts.extend(report.missing)
    parts.extend(w.note() for w in report.withheld)
    parts.append(report.disclaimer)
    return " ".join(parts)


def to_fhir(report: Report) -> dict[str, Any]:
    """The report as a FHIR R4 Bundle (JSON-ready dict), validated with fhir.resources.

    Raises:
        pydantic.ValidationError: if the Bundle does not validate (a bug, not bad input).
    """
    from fhir.resources.R4B.bundle import Bundle

    effective: dict[str, Any] = (
        {"effectiveDateTime": report.sample.collected.isoformat()} if report.sample.collected
        else {}
    )
    entries: list[tuple[str, dict[str, Any]]] = []
    for m in report.markers:
        entries.append((_urn(report, "marker", m.id), _marker_observation(report, m, effective)))
    for e in report.functions.entries if report.functions else ():
        entries.append((_urn(report, "function", e.id, e.namespace),
                        _function_observation(e, effective)))
    for i, lab in enumerate(report.labs):
        entries.append((_urn(report, "lab", str(i), lab.analyte), _lab_observation(lab, effective)))
    entries.extend(_infection_observations(report, effective))
    diagnostic: dict[str, Any] = {
        "resourceType": "DiagnosticReport",
        "identifier": [{"system": REPORT_SYSTEM, "value": report.sample.sample_id}],
        "status": "final",
        "category": [{"coding": [{"system": V2_0074, "code": "LAB", "display": "Laboratory"}]}],
        "code": {"coding": [{"system": REPORT_SYSTEM, "code": "gut-microbiome-report",
                             "display": "Gut microbiome report"}],
                 "text": "Gut microbiome report (stool metagenome)"},
        "issued": report.generated.isoformat(),
        "result": [{"reference": url} for url, _ in entries],
        "conclusion": _conclusion(report),
        **effective,
    }
    if report.client.name:
        diagnostic["subject"] = {"display": report.client.name}
    bundle = {
        "resourceType": "Bundle",
        # Which program and which report schema made this document (as JSON and HTML say).
        "meta": {"tag": [
            {"system": VERSION_SYSTEM, "code": report.microbiomix_version,
             "display": f"microbiomix {report.microbiomix_version}"},
            {"system": SCHEMA_SYSTEM, "code": report.schema_version,
             "display": f"report schema {report.schema_version}"},
        ]},
        "type": "collection",
        "identifier": {"system": REPORT_SYSTEM, "value": _urn(report, "bundle")},
        "timestamp": report.generated.isoformat(),
        "entry": [{"fullUrl": _urn(report, "report"), "resource": diagnostic}]
        + [{"fullUrl": url, "resource": resource} for url, resource in entries],
    }
    Bundle.model_validate(bundle)
    return bundle
