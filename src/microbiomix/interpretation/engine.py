"""Rules as data, evaluated over markers, labs and intake (``knowledge/rules.yaml``, ``plan.yaml``).

Conditions evaluate to True, False or None (unknown: an input is missing). A rule that is unknown
is reported as not evaluated with what was missing; it never counts as absent.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from typing import Any, Protocol

import yaml

from microbiomix import __version__
from microbiomix.analytes import COMPARISONS, Catalogue, Limit, catalogue
from microbiomix.interpretation.models import (
    Citation,
    Evidence,
    Finding,
    Findings,
    LabFinding,
    NotEvaluated,
    PlanItem,
    RedFlag,
    Retest,
    Withheld,
)
from microbiomix.interpretation.scoring import Score, score_all
from microbiomix.readers.intake import Intake
from microbiomix.readers.labs import LabResult, Labs

OPS = COMPARISONS


class MarkerLike(Protocol):
    """What interpretation reads from a marker result (microbiomix.pipeline.MarkerResult)."""

    value: float | None


def _text(name: str) -> Any:
    return yaml.safe_load(resources.files("microbiomix.knowledge").joinpath(name).read_text("utf-8"))


@dataclass(frozen=True)
class Knowledge:
    rules: dict[str, Any]
    plan: dict[str, Any]
    references: dict[str, str]
    catalogue: Catalogue
    # intake fact -> the same fact in the client's words (plan.yaml `withhold_facts`)
    withhold_facts: dict[str, str] = field(default_factory=dict)

    def cite(self, key: str) -> Citation:
        return Citation(key=key, text=self.references[key])


@lru_cache(maxsize=1)
def knowledge() -> Knowledge:
    cat = catalogue()
    refs = dict(_text("references.yaml")["references"])
    overlap = set(refs) & set(cat.sources)
    if overlap:
        raise ValueError(f"reference keys defined twice: {sorted(overlap)}")
    refs.update(cat.sources)
    plan = _text("plan.yaml")
    return Knowledge(rules=_text("rules.yaml"), plan=plan["items"], references=refs,
                     catalogue=cat, withhold_facts=dict(plan.get("withhold_facts", {})))


# --------------------------------------------------------------------------- context


@dataclass
class Context:
    markers: Mapping[str, Any]
    labs: dict[str, LabFinding]
    results: dict[str, LabResult]
    intake: Intake | None
    scores: dict[str, Score]
    facts: dict[str, Any]
    lab_given: bool
    missing: list[str] = field(default_factory=list)
    because: list[str] = field(default_factory=list)
    # why a percentile that held is only approximate (reference not made like the input)
    approximate: list[str] = field(default_factory=list)


def _on(intake: Intake, kind: str, today: date, within_days: int | None = None) -> bool:
    for med in intake.medications:
        if med.kind != kind:
            continue
        if med.ongoing:
            return True
        if within_days is None:
            continue
        end = med.end or med.start
        if end is not None and today - end <= timedelta(days=within_days) and end <= today:
            return True
    return False


def intake_facts(intake: Intake) -> dict[str, Any]:
    """Derived facts the rules may use (documented in knowledge/README.md)."""
    today = intake.collected or date.today()
    a = intake.alarm_features
    scores = score_all(intake)
    ibs = scores.get("ibs_sss")
    onset = a.symptom_onset_age
    if onset is not None:
        onset_after_50: bool | None = onset >= 50
    elif intake.demographics.age < 50:
        onset_after_50 = False  # cannot have begun at 50 or later
    else:
        onset_after_50 = None
    recent_days = int(knowledge().rules["parameters"]["recent_antibiotics_days"]["value"])
    antibiotic_events = any(
        e.kind == "antibiotics" and timedelta(0) <= today - e.date <= timedelta(days=recent_days)
        for e in intake.timeline
    )
    return {
        "age": intake.demographics.age,
        "sex": intake.demographics.sex,
        "gut_symptoms": bool(intake.symptoms) or (ibs is not None and (ibs.total or 0) >= 75),
        "rectal_bleeding": a.rectal_bleeding,
        "unintended_weight_loss": a.unintended_weight_loss,
        "nocturnal_symptoms": a.nocturnal_symptoms,
        "family_history_colorectal_cancer": a.family_history_colorectal_cancer,
        "family_history_ibd": a.family_history_ibd,
        "onset_after_50": onset_after_50,
        "immunocompromised": intake.health.immunocompromised
        or any(m.kind == "immunosuppressant" and m.ongoing for m in intake.medications),
        "central_venous_catheter": intake.health.central_venous_catheter,
        "post_infectious_onset": intake.health.post_infectious_onset,
        "minimal_sun_exposure": intake.health.minimal_sun_exposure,
        "on_ppi": _on(intake, "ppi", today),
        "on_nsaid": _on(intake, "nsaid", today),
        "on_metformin": _on(intake, "metformin", today),
        "antibiotics_current": _on(intake, "antibiotic", today),
        "antibiotics_recent": _on(intake, "antibiotic", today, recent_days)
        or antibiotic_events,
        **{f"taking_{kind}": any(s.kind == kind and s.ongoing for s in intake.supplements)
           for kind in ("iron", "zinc", "vitamin_d", "vitamin_b12", "folic_acid", "probiotic")},
    }


# --------------------------------------------------------------------------- labs


def _limit_applies(limit: Limit, sex: str | None, results: dict[str, LabResult]) -> bool | None:
    if limit.sex is not None:
        if sex not in ("female", "male"):
            return None
        if sex != limit.sex:
            return False
    if limit.context == "inflammation":
        crp = results.get("crp")
        if crp is None or crp.canonical_reference_high is None or crp.canonical_value is None:
            return None
        return crp.canonical_value > crp.canonical_reference_high
    return True


def _lab_range(r: LabResult) -> str | None:
    if r.value is None or (r.reference_low is None and r.reference_high is None):
        return None
    if r.reference_low is not None and r.value < r.reference_low:
        return "below"
    if r.reference_high is not None and r.value > r.reference_high:
        return "above"
    return "within"


def interpret_labs(labs: Labs, sex: str | None, k: Knowledge) -> tuple[dict[str, LabFinding], dict[str, LabResult], list[LabFinding]]:
    """Flag every result; the latest result per analyte is the one rules read."""
    latest: dict[str, LabResult] = {}
    for r in labs.results:
        if r.analyte_id and (r.analyte_id not in latest or r.date >= latest[r.analyte_id].date):
            latest[r.analyte_id] = r
    flagged: list[LabFinding] = []
    by_id: dict[str, LabFinding] = {}
    for r in labs.results:
        analyte = k.catalogue.get(r.analyte_id) if r.analyte_id else None
        if analyte is None:
            flagged.append(LabFinding(
                analyte=r.analyte, analyte_id=None, name=r.analyte, date=r.date, value=r.value,
                unit=r.unit, qualitative=r.qualitative, status="not interpreted",
                flag="not interpreted",
                lab_range=_lab_range(r), interpreted=False,
            ))
            continue
        met = []
        flags: list[Any] = []
        for limit in analyte.limits:
            if _limit_applies(limit, sex, latest) and limit.holds(r.canonical_value, r.qualitative):
                met.append({"id": limit.id, "label": limit.label, "meaning": limit.meaning,
                            "source": k.references[limit.source]})
                flags.append(limit.flag_or_default)
        lab_range = _lab_range(r)
        flag: Any
        if met:
            status, flag = met[0]["label"], flags[0]
        elif lab_range is not None:
            status = f"{lab_range} laboratory range"
            flag = {"below": "low", "above": "high", "within": "normal"}[lab_range]
        elif r.qualitative is not None:
            status = flag = r.qualitative
        elif analyte.limits:
            status, flag = "within limits", "normal"
        else:
            status, flag = "no reference interval", "no reference"
        finding = LabFinding(
            analyte=r.analyte, analyte_id=analyte.id, name=analyte.name, date=r.date,
            value=r.value, unit=r.unit, qualitative=r.qualitative,
            canonical_value=r.canonical_value, canonical_unit=r.canonical_unit, loinc=analyte.loinc,
            status=status, flag=flag, limits_met=met, lab_range=lab_range,
            validity_note=analyte.validity.text if analyte.validity else None,
            validity_sources=[k.cite(s) for s in analyte.validity.sources] if analyte.validity else [],
            interpreted=True,
        )
        flagged.append(finding)
        if latest.get(analyte.id) is r:
            by_id[analyte.id] = finding
    return by_id, latest, flagged


# --------------------------------------------------------------------------- conditions


def _fmt(value: float | None) -> str:
    return "NA" if value is None else f"{value:.4g}"


def evaluate(cond: Mapping[str, Any], ctx: Context) -> bool | None:
    """Evaluate one condition; records what was missing and what held (for `triggered_by`)."""
    if "all" in cond:
        results = [evaluate(c, ctx) for c in cond["all"]]
        if any(r is False for r in results):
            return False
        return None if any(r is None for r in results) else True
    if "any" in cond:
        results = [evaluate(c, ctx) for c in cond["any"]]
        if any(r is True for r in results):
            return True
        return None if any(r is None for r in results) else False
    if "not" in cond:
        inner = Context(ctx.markers, ctx.labs, ctx.results, ctx.intake, ctx.scores, ctx.facts,
                        ctx.lab_given, ctx.missing, [])
        result = evaluate(cond["not"], inner)
        return None if result is None else not result
    if "marker" in cond:
        return _marker(cond, ctx)
    if "lab" in cond:
        return _lab(cond, ctx)
    if "fact" in cond:
        return _fact(cond, ctx)
    if "score" in cond:
        return _score(cond, ctx)
    if "diet" in cond:
        return _diet(cond, ctx)
    raise ValueError(f"unknown condition {dict(cond)!r}")


def _marker(cond: Mapping[str, Any], ctx: Context) -> bool | None:
    mid = cond["marker"]
    result = ctx.markers.get(mid)
    if "percentile" in cond:
        value = getattr(result, "percentile", None) if result is not None else None
        if value is None:
            ctx.missing.append(f"marker {mid} percentile" + ("" if result is not None else " (marker not computed)"))
            return None
        held = OPS[cond["percentile"]](value, cond["value"])
        if held:
            reference = getattr(result, "reference", None) or "the healthy reference"
            ctx.because.append(f"{mid} at percentile {_fmt(value)} of {reference} ({cond['percentile']} {cond['value']})")
            if getattr(result, "reference_compatible", True) is False:
                ctx.approximate.append(getattr(result, "reference_note", None)
                                       or f"{reference} was not made like this input")
        return held
    value = getattr(result, "value", None) if result is not None else None
    if value is None:
        ctx.missing.append(f"marker {mid}")
        return None
    held = OPS[cond["op"]](value, cond["value"])
    if held:
        ctx.because.append(f"{mid} = {_fmt(value)} ({cond['op']} {cond['value']})")
    return held


def _lab(cond: Mapping[str, Any], ctx: Context) -> bool | None:
    aid = cond["lab"]
    finding = ctx.labs.get(aid)
    if "present" in cond:
        held = (finding is not None) == bool(cond["present"])
        if held and finding is not None:
            ctx.because.append(f"{finding.name} measured ({_fmt(finding.value)} {finding.unit})")
        return held
    if finding is None:
        ctx.missing.append(f"lab {aid}")
        return None
    shown = f"{finding.name} {finding.qualitative or _fmt(finding.canonical_value)} {finding.canonical_unit or ''}".strip()
    if "limit" in cond:
        limit = next(li for li in ctx_limits(aid) if li.id == cond["limit"])
        applies = _limit_applies(limit, ctx.facts.get("sex"), ctx.results)
        if applies is None:
            ctx.missing.append(f"{'sex' if limit.sex else 'CRP with laboratory range'} (for {limit.id})")
            return None
        held = any(m["id"] == limit.id for m in finding.limits_met)
        if held:
            ctx.because.append(f"{shown} ({limit.label}: {limit.op} {_fmt(limit.value)})")
        return held
    if "status" in cond:
        want = cond["status"]
        ops = ("<", "<=") if want == "low" else (">", ">=", "positive")
        by_limit = any(li.op in ops for li in ctx_limits(aid) if any(m["id"] == li.id for m in finding.limits_met))
        by_range = finding.lab_range == ("below" if want == "low" else "above")
        if by_limit or by_range:
            ctx.because.append(f"{shown} ({want}{'' if by_limit else ' against the laboratory range'})")
            return True
        if finding.lab_range is None and not any(li for li in ctx_limits(aid) if _limit_applies(li, ctx.facts.get('sex'), ctx.results)):
            ctx.missing.append(f"a reference interval for {aid}")
            return None
        return False
    raise ValueError(f"unknown lab condition {dict(cond)!r}")


def ctx_limits(analyte_id: str) -> tuple[Limit, ...]:
    return knowledge().catalogue.get(analyte_id).limits


def _fact(cond: Mapping[str, Any], ctx: Context) -> bool | None:
    name = cond["fact"]
    if ctx.intake is None:
        ctx.missing.append("intake")
        return None
    value = ctx.facts[name]
    if value is None:
        ctx.missing.append(f"intake: {name}")
        return None
    held = bool(value) if "op" not in cond else OPS[cond["op"]](value, cond["value"])
    if held:
        ctx.because.append(f"intake: {name.replace('_', ' ')}" + ("" if "op" not in cond else f" = {value}"))
    return held


def _score(cond: Mapping[str, Any], ctx: Context) -> bool | None:
    name = cond["score"]
    score = ctx.scores.get(name)
    if score is None:
        ctx.missing.append(f"questionnaire {name}")
        return None
    if "band" in cond:
        held = score.band == cond["band"]
        shown = score.band_label
    else:
        held = score.total is not None and OPS[cond["op"]](score.total, cond["value"])
        shown = _fmt(score.total)
    if held:
        ctx.because.append(f"{score.title}: {shown}")
    return held


def _diet(cond: Mapping[str, Any], ctx: Context) -> bool | None:
    name = cond["diet"]
    value = getattr(ctx.intake.diet, name) if ctx.intake is not None else None
    if value is None:
        ctx.missing.append(f"diet: {name}")
        return None
    held = OPS[cond["op"]](value, cond["value"])
    if held:
        ctx.because.append(f"diet: {name.replace('_', ' ')} = {_fmt(value)}")
    return held


# --------------------------------------------------------------------------- interpret


def _reads_markers(cond: Any) -> bool:
    """Whether a rule's condition reads any stool-profile marker."""
    if isinstance(cond, Mapping):
        return "marker" in cond or any(_reads_markers(v) for v in cond.values())
    if isinstance(cond, list):
        return any(_reads_markers(c) for c in cond)
    return False


def interpret(
    markers: Mapping[str, Any],
    labs: Labs | None = None,
    intake: Intake | None = None,
    sample: str | None = None,
    quality: Any | None = None,
) -> Findings:
    """Turn one sample's markers, lab results and intake into findings, red flags and a plan.

    Args:
        markers: marker id -> result with ``value`` (and ``percentile`` when a healthy reference
            was used), e.g. from :func:`microbiomix.pipeline.marker_results`.
        labs: the client's lab results, or None.
        intake: the client's intake, or None.
        sample: sample id, for the document.
        quality: the sample's :class:`microbiomix.quality.Quality`; when its verdict is ``fail``,
            rules that read stool-profile markers are withheld (listed as not evaluated, with
            the reasons), so neither they nor their plan items appear.
    """
    k = knowledge()
    facts = intake_facts(intake) if intake is not None else {}
    scores = score_all(intake) if intake is not None else {}
    sex = facts.get("sex")
    lab_by_id: dict[str, LabFinding] = {}
    latest: dict[str, LabResult] = {}
    lab_list: list[LabFinding] = []
    if labs is not None:
        lab_by_id, latest, lab_list = interpret_labs(labs, sex, k)

    def run(rule: Mapping[str, Any]) -> tuple[bool | None, Context]:
        ctx = Context(markers, lab_by_id, latest, intake, scores, facts, labs is not None)
        return evaluate(rule["when"], ctx), ctx

    red_flags: list[RedFlag] = []
    findings: list[Finding] = []
    not_evaluated: list[NotEvaluated] = []
    for rule in k.rules["red_flags"]:
        held, ctx = run(rule)
        if held:
            red_flags.append(RedFlag(id=rule["id"], reason=rule["reason"], action=rule["action"],
                                     client_text=rule["client_text"], triggered_by=ctx.because,
                                     sources=[k.cite(s) for s in rule["sources"]]))
        elif held is None:
            not_evaluated.append(NotEvaluated(id=rule["id"], kind="red_flag", title=rule["reason"],
                                              missing=sorted(set(ctx.missing))))
    for rule in k.rules["findings"]:
        if quality is not None and quality.verdict == "fail" and _reads_markers(rule["when"]):
            not_evaluated.append(NotEvaluated(
                id=rule["id"], kind="finding", title=rule["title"],
                missing=[f"withheld: sample quality failed ({'; '.join(quality.reasons)})"]))
            continue
        held, ctx = run(rule)
        if held:
            retest = Retest(**rule["retest"]) if rule.get("retest") else None
            severity = rule["severity"]
            caveat = None
            if ctx.approximate:
                # A percentile against a reference made another way is approximate: the finding
                # is shown, but never raised above info on it.
                caveat = ("kept at info: the percentile is approximate. "
                          + "; ".join(dict.fromkeys(ctx.approximate)))
                if severity == "attention":
                    severity = "info"
            findings.append(Finding(
                id=rule["id"], domain=rule["domain"], severity=severity,
                title=rule["title"], text=rule["text"], client_text=rule["client_text"],
                triggered_by=ctx.because, sources=[k.cite(s) for s in rule["sources"]],
                plan=list(rule.get("plan", [])), retest=retest, caveat=caveat,
            ))
        elif held is None:
            not_evaluated.append(NotEvaluated(id=rule["id"], kind="finding", title=rule["title"],
                                              missing=sorted(set(ctx.missing))))
    plan, withheld = _plan(findings, facts, k)
    not_assessed = []
    if not markers:
        not_assessed.append("stool profile markers (no profile given)")
    if labs is None:
        not_assessed.append("lab results (no --labs given): inflammation, pancreatic function and nutrient status from blood/stool chemistry")
    if intake is None:
        not_assessed.append("intake (no --intake given): symptoms, questionnaires, alarm features, diet and medicines")
    return Findings(
        microbiomix_version=__version__,
        sample=sample,
        inputs={"markers": sorted(markers), "labs": labs.source if labs else None,
                "intake": intake is not None},
        quality=quality.as_dict() if quality is not None else None,
        scores=scores, labs=lab_list, findings=findings, red_flags=red_flags, plan=plan,
        withheld=withheld, not_evaluated=not_evaluated, not_assessed=not_assessed,
    )


def _client_reason(blocking: list[str], spec: Mapping[str, Any], k: Knowledge) -> str:
    """Why an item was left out, in the client's words: what the questionnaire said, then the
    item's contraindications as written for the client."""
    said = " and ".join(k.withhold_facts[b] for b in blocking)
    advice = " ".join(c["client"] for c in spec.get("contraindications", []))
    return (f"Left out of your plan for now, because your questionnaire mentions {said}. "
            + (advice or "Please ask your doctor before you try it."))


def _plan(findings: list[Finding], facts: Mapping[str, Any], k: Knowledge) -> tuple[list[PlanItem], list[Withheld]]:
    because: dict[str, list[str]] = {}
    for f in findings:
        for item_id in f.plan:
            because.setdefault(item_id, []).append(f.id)
    plan: list[PlanItem] = []
    withheld: list[Withheld] = []
    for item_id, reasons in because.items():
        spec = k.plan[item_id]
        blocking = [f for f in spec.get("withhold_if", []) if facts.get(f)]
        if blocking:
            withheld.append(Withheld(
                id=item_id, category=spec["category"], text=spec["text"], because=reasons,
                reason="not suitable: " + ", ".join(b.replace("_", " ") for b in blocking)
                + ". " + " ".join(c["text"] for c in spec.get("contraindications", [])),
                client_text=spec["client_text"],
                client_reason=_client_reason(blocking, spec, k),
            ))
            continue
        # what the client already takes (or another intake fact) adds a caution first in line
        adjust = [a for a in spec.get("adjust_if", []) if facts.get(a["fact"])]
        keys = dict.fromkeys([*spec["citations"], *spec.get("caution_sources", []),
                              *(key for a in adjust for key in a["sources"])])
        citations = [k.cite(s) for s in keys]
        plan.append(PlanItem(
            id=item_id, category=spec["category"], text=spec["text"],
            client_text=spec["client_text"], rationale=spec["rationale"],
            evidence=Evidence(**spec["evidence"]), citations=citations,
            cautions=[a["text"] for a in adjust] + [c["text"] for c in spec.get("cautions", [])],
            contraindications=[c["text"] for c in spec.get("contraindications", [])],
            interactions=[c["text"] for c in spec.get("interactions", [])],
            client_cautions=[a["client"] for a in adjust]
            + [c["client"] for kind in ("cautions", "contraindications", "interactions")
               for c in spec.get(kind, [])],
            retest=Retest(**spec["retest"]) if spec.get("retest") else None, because=reasons,
        ))
    return plan, withheld
