"""Rules as data, evaluated over markers, labs and intake (``knowledge/rules.yaml``, ``plan.yaml``).

Conditions evaluate to True, False or None (unknown: an input is missing). A rule that is unknown
is reported as not evaluated with what was missing; it never counts as absent.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, Protocol

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
    QuestionVerdict,
    RedFlag,
    Retest,
    Withheld,
)
from microbiomix.interpretation.scoring import Score, score_all
from microbiomix.markers.knowledge import knowledge_yaml
from microbiomix.readers.intake import Intake
from microbiomix.readers.labs import LabResult, Labs

OPS = COMPARISONS


class MarkerLike(Protocol):
    """What interpretation reads from a marker result (microbiomix.pipeline.MarkerResult)."""

    value: float | None


def _text(name: str) -> Any:
    return knowledge_yaml(name)  # libyaml when present: ~0.1 s less at every report


@dataclass(frozen=True)
class Knowledge:
    rules: dict[str, Any]
    plan: dict[str, Any]
    references: dict[str, str]
    catalogue: Catalogue
    # intake fact -> the same fact in the client's words (plan.yaml `withhold_facts`)
    withhold_facts: dict[str, str] = field(default_factory=dict)
    # intake fact -> its name for the practitioner (plan.yaml `fact_labels`)
    fact_labels: dict[str, str] = field(default_factory=dict)

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
    rules = _with_infection_rules(_text("rules.yaml"), refs)
    return Knowledge(rules=rules, plan=plan["items"], references=refs,
                     catalogue=cat, withhold_facts=dict(plan.get("withhold_facts", {})),
                     fact_labels=dict(plan.get("fact_labels", {})))


def _with_infection_rules(rules: dict[str, Any], refs: dict[str, str]) -> dict[str, Any]:
    """rules.yaml plus knowledge/rules_infections.yaml (pathogens and genes; issue 13): its red
    flags and findings join the lists, its references the bibliography (a key may repeat only with
    the same text)."""
    extra = _text("rules_infections.yaml")
    for key, text in extra["references"].items():
        if refs.setdefault(key, text) != text:
            raise ValueError(f"reference key {key!r} differs between references.yaml and rules_infections.yaml")
    return {**rules, "red_flags": [*rules["red_flags"], *extra["red_flags"]],
            "findings": [*rules["findings"], *extra["findings"]]}


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


def tri_or(*values: bool | None) -> bool | None:
    """Three-valued OR: yes if any is yes, unknown if any is unknown, else no."""
    if any(v is True for v in values):
        return True
    return None if any(v is None for v in values) else False


def _on(intake: Intake, kind: str, today: date, within_days: int | None = None) -> bool | None:
    """Is a medicine of ``kind`` taken (or ended within ``within_days``)? Unknown unless it is
    listed or the medicine list is declared complete."""
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
    return False if intake.health.medicines_complete else None


# Intake answers (yes / no / unknown) that rules read under their own name.
ALARM_FACTS = ("rectal_bleeding", "melaena", "haematemesis", "unintended_weight_loss",
               "nocturnal_symptoms", "fever", "dysphagia", "persistent_vomiting",
               "abdominal_or_rectal_mass", "family_history_colorectal_cancer",
               "family_history_ibd", "family_history_coeliac")
HEALTH_FACTS = ("central_venous_catheter", "prosthetic_valve_or_endocarditis",
                "severe_acute_pancreatitis", "critical_illness", "short_bowel",
                "stricture_or_obstruction", "kidney_disease", "liver_disease", "hypercalcaemia",
                "iron_overload", "eating_disorder", "post_infectious_onset", "minimal_sun_exposure")


def intake_facts(intake: Intake, on: date | None = None) -> dict[str, Any]:
    """Derived facts the rules may use (documented in knowledge/README.md).

    Every yes/no fact is True, False or None (unknown: not answered); ``on`` is the date the facts
    are about (the sample's collection date; default the intake's date, else today).
    """
    today = on or intake.collected or date.today()
    a = intake.alarm_features
    h = intake.health
    scores = score_all(intake)
    ibs = scores.get("ibs_sss")
    symptoms = intake.symptoms
    gut_symptoms: bool | None
    if symptoms or (ibs is not None and (ibs.total or 0) >= 75):
        gut_symptoms = True
    else:
        gut_symptoms = None if symptoms is None else False
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
    sex = intake.demographics.sex
    pregnant = False if sex == "male" else intake.demographics.pregnant
    listed = set(symptoms or ())
    return {
        "age": intake.demographics.age,
        "sex": sex,
        "gut_symptoms": gut_symptoms,
        "abdominal_pain": True if "abdominal_pain" in listed else (None if symptoms is None else False),
        "diarrhoea": True if "diarrhoea" in listed else (None if symptoms is None else False),
        # the explicit question, or the symptom ticked in the checklist
        "change_in_bowel_habit": tri_or(a.change_in_bowel_habit,
                                        True if "change_in_bowel_habit" in listed else a.change_in_bowel_habit),
        **{name: getattr(a, name) for name in ALARM_FACTS},
        **{name: getattr(h, name) for name in HEALTH_FACTS},
        "onset_after_50": onset_after_50,
        "pregnant": pregnant,
        "breastfeeding": False if sex == "male" else intake.demographics.breastfeeding,
        "pregnant_or_breastfeeding": tri_or(pregnant, False if sex == "male" else intake.demographics.breastfeeding),
        "immunocompromised": tri_or(h.immunocompromised,
                                    _on(intake, "immunosuppressant", today)),
        "on_immunosuppressant": _on(intake, "immunosuppressant", today),
        "on_maoi": _on(intake, "maoi", today),
        "on_warfarin": _on(intake, "warfarin", today),
        "on_antifungal": _on(intake, "antifungal", today),
        "on_thiazide": _on(intake, "thiazide", today),
        "on_ppi": _on(intake, "ppi", today),
        "on_nsaid": _on(intake, "nsaid", today),
        "on_metformin": _on(intake, "metformin", today),
        "antibiotics_current": _on(intake, "antibiotic", today),
        "antibiotics_recent": True if antibiotic_events
        else _on(intake, "antibiotic", today, recent_days),
        **{f"taking_{kind}": any(s.kind == kind and s.ongoing for s in intake.supplements)
           for kind in ("iron", "zinc", "vitamin_d", "vitamin_b12", "folic_acid", "probiotic")},
    }


def not_read_by_rules(intake: Intake) -> list[str]:
    """Free-text answers the practitioner must read: no rule reads them."""
    out = [f"condition (free text): {c}" for c in intake.health.conditions]
    out += [f"medicine of kind 'other': {m.name}" for m in intake.medications if m.kind == "other"]
    if intake.diet.pattern:
        out.append(f"diet pattern (free text): {intake.diet.pattern}")
    return out


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


def lab_window(k: Knowledge) -> tuple[int, int]:
    """Days before and after a sample's collection within which a lab result describes it."""
    params = k.rules["parameters"]
    return (int(params["labs_before_sample_days"]["value"]),
            int(params["labs_after_sample_days"]["value"]))


def in_window(when: date, collected: date | None, k: Knowledge) -> bool:
    if collected is None:
        return True
    before, after = lab_window(k)
    return collected - timedelta(days=before) <= when <= collected + timedelta(days=after)


def results_read(labs: Labs, collected: date | None, k: Knowledge) -> dict[str, LabResult]:
    """The result of each analyte that the rules read.

    Without a collection date: the newest. With one: the result nearest the collection date
    among those within the window (rules.yaml ``labs_before_sample_days`` /
    ``labs_after_sample_days``); on a tie, the earlier (taken before the sample).
    """
    chosen: dict[str, LabResult] = {}
    for r in labs.results:
        if not r.analyte_id or not in_window(r.date, collected, k):
            continue
        old = chosen.get(r.analyte_id)
        if old is None:
            chosen[r.analyte_id] = r
        elif collected is None:
            if r.date >= old.date:
                chosen[r.analyte_id] = r
        else:
            key_new = (abs((r.date - collected).days), r.date > collected)
            key_old = (abs((old.date - collected).days), old.date > collected)
            if key_new < key_old:
                chosen[r.analyte_id] = r
    return chosen


def intake_for_sample(intakes: Sequence[Intake], collected: date | None) -> Intake | None:
    """The intake that describes a sample (for the portal, which keeps every intake version).

    Rule: the newest intake dated no later than the collection date plus the lab window's days
    after (rules.yaml ``labs_after_sample_days``); if every intake is later, the earliest one
    (the report then notes the gap). Without a collection date, the newest. Intakes without a
    date count as dated at the end of time only when nothing else is available.
    """
    if not intakes:
        return None
    dated = [i for i in intakes if i.collected is not None]
    if collected is None or not dated:
        return max(dated, key=lambda i: i.collected or date.min) if dated else intakes[-1]
    _, after = lab_window(knowledge())
    limit = collected + timedelta(days=after)
    before = [i for i in dated if i.collected is not None and i.collected <= limit]
    if before:
        return max(before, key=lambda i: i.collected or date.min)
    return min(dated, key=lambda i: i.collected or date.max)


def interpret_labs(labs: Labs, sex: str | None, k: Knowledge, collected: date | None = None,
                   ) -> tuple[dict[str, LabFinding], dict[str, LabResult], list[LabFinding]]:
    """Flag every result; one result per analyte is the one rules read (:func:`results_read`)."""
    latest = results_read(labs, collected, k)
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
        if not in_window(r.date, collected, k):
            before, after = lab_window(k)
            status = (f"not used: dated {r.date}, outside {before} days before to {after} days "
                      "after the sample")
            flag, met = "not interpreted", []
        elif met:
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
    if "op" in cond:  # a cut-off stated in the rule (canonical unit of the analyte)
        if finding.canonical_value is None:
            ctx.missing.append(f"a numeric value for lab {aid}")
            return None
        held = OPS[cond["op"]](finding.canonical_value, cond["value"])
        if held:
            ctx.because.append(f"{shown} ({cond['op']} {_fmt(cond['value'])})")
        return held
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
    collected: date | None = None,
    quality: Any | None = None,
) -> Findings:
    """Turn one sample's markers, lab results and intake into findings, red flags and a plan.

    Args:
        markers: marker id -> result with ``value`` (and ``percentile`` when a healthy reference
            was used), e.g. from :func:`microbiomix.pipeline.marker_results`.
        labs: the client's lab results, or None.
        intake: the client's intake, or None.
        sample: sample id, for the document.
        collected: the sample's collection date: lab results are matched to it (see
            :func:`results_read`) and intake facts such as "antibiotics in the last 90 days" are
            about that date. None: the newest results and the intake's own date are used.
        quality: the sample's :class:`microbiomix.quality.Quality`; when its verdict is ``fail``,
            rules that read stool-profile markers are withheld (listed as not evaluated, with
            the reasons), so neither they nor their plan items appear.
    """
    k = knowledge()
    facts = intake_facts(intake, collected) if intake is not None else {}
    scores = score_all(intake) if intake is not None else {}
    sex = facts.get("sex")
    lab_by_id: dict[str, LabFinding] = {}
    latest: dict[str, LabResult] = {}
    lab_list: list[LabFinding] = []
    if labs is not None:
        lab_by_id, latest, lab_list = interpret_labs(labs, sex, k, collected)

    def run(rule: Mapping[str, Any]) -> tuple[bool | None, Context]:
        ctx = Context(markers, lab_by_id, latest, intake, scores, facts, labs is not None)
        return evaluate(rule["when"], ctx), ctx

    red_flags: list[RedFlag] = []
    findings: list[Finding] = []
    not_evaluated: list[NotEvaluated] = []
    for rule in k.rules["red_flags"]:
        if not _applies(rule, markers):
            continue
        held, ctx = run(rule)
        if held:
            red_flags.append(RedFlag(id=rule["id"], reason=rule["reason"], action=rule["action"],
                                     client_text=rule["client_text"], triggered_by=ctx.because,
                                     sources=[k.cite(s) for s in rule["sources"]],
                                     guideline=rule.get("guideline"), domain=rule.get("domain")))
        elif held is None:
            not_evaluated.append(NotEvaluated(id=rule["id"], kind="red_flag", title=rule["reason"],
                                              missing=sorted(set(ctx.missing))))
    for rule in k.rules["findings"]:
        if not _applies(rule, markers):
            continue
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
    plan, withheld = _plan(findings, facts, k, intake is not None)
    not_assessed = []
    if not markers:
        not_assessed.append("stool profile markers (no profile given)")
    if labs is None:
        # worded for every face (command line, portal, report): no option names
        not_assessed.append("lab results (none were provided for this sample): inflammation, pancreatic function and nutrient status from blood/stool chemistry")
    if intake is None:
        not_assessed.append("intake questionnaire (none was provided for this sample): symptoms, questionnaires, alarm features, diet and medicines")
    unanswered = red_flag_gaps(not_evaluated)
    return Findings(
        microbiomix_version=__version__,
        sample=sample,
        inputs={"markers": sorted(markers), "labs": labs.source if labs else None,
                "intake": intake is not None,
                "collected": collected.isoformat() if collected else None},
        quality=quality.as_dict() if quality is not None else None,
        scores=scores, labs=lab_list, findings=findings, red_flags=red_flags, plan=plan,
        withheld=withheld, not_evaluated=not_evaluated, not_assessed=not_assessed,
        red_flag_status=red_flag_status(red_flags, unanswered, intake is not None, labs is not None),
        red_flag_inputs_missing=unanswered,
        red_flag_questions_unanswered=unanswered_in_words(unanswered),
        not_read_by_rules=not_read_by_rules(intake) if intake is not None else [],
        # a sample that failed quality answers no marker-based question
        questions=question_verdicts(
            findings, red_flags, lab_list,
            {} if quality is not None and quality.verdict == "fail" else markers, not_evaluated, k),
    )


def _applies(rule: Mapping[str, Any], markers: Mapping[str, Any]) -> bool:
    """A rule with ``applies_when_given`` (rules_infections.yaml: gene groups) is evaluated only
    when those inputs were given: without a gene database the gene rules are not a missing
    answer; the report's Infections section says the genes were not assessed."""
    return all(key in markers for key in rule.get("applies_when_given", ()))


def red_flag_gaps(not_evaluated: list[NotEvaluated]) -> list[str]:
    """The inputs the red-flag rules needed and did not have, each once (questions not
    answered first, then lab results not given)."""
    missing = dict.fromkeys(m for n in not_evaluated if n.kind == "red_flag" for m in n.missing)
    return sorted(missing, key=lambda m: (not m.startswith(("intake", "sex")), m))


def red_flag_status(red_flags: list[RedFlag], missing: list[str], intake_given: bool,
                    labs_given: bool) -> str:
    """The headline of the red-flag box, honest about what was not asked or not tested.

    "No red flags." only when every red-flag question was answered and every red-flag test
    given; questions not answered come first ("not asked"), tests not given second.
    """
    asked = [m for m in missing if not m.startswith("lab ")]
    tested = [m for m in missing if m.startswith("lab ")]
    gaps = ""
    if asked:
        gaps += f" Not asked: {'; '.join(_plain_missing(asked))}."
    if tested:
        gaps += f" Not tested: {'; '.join(_plain_missing(tested))}."
    if red_flags:
        n = len(red_flags)
        return f"{n} red flag{'s' if n > 1 else ''}: refer to a doctor." + gaps
    if not intake_given and not labs_given:
        return "Red flags not checked: no intake and no lab results were given."
    if not missing:
        return "No red flags."
    if not asked:
        return "No red flags among the answers and results given (every red-flag question was answered)." + gaps
    return "No red flags among the answers given." + gaps


def unanswered_in_words(missing: list[str], who: str = "client") -> list[str]:
    """The red-flag questions not answered, in the client's (or practitioner's) words."""
    wording = knowledge().rules.get("unanswered_wording", {})
    out = []
    for m in missing:
        if m.startswith("intake: "):
            fact = m.removeprefix("intake: ")
            out.append(wording.get(fact, {}).get(who, fact.replace("_", " ")))
    return list(dict.fromkeys(out))


def _plain_missing(missing: list[str]) -> list[str]:
    out = []
    cat = knowledge().catalogue
    wording = knowledge().rules.get("unanswered_wording", {})
    for m in missing:
        if m.startswith("intake: "):
            fact = m.removeprefix("intake: ")
            out.append(wording.get(fact, {}).get("practitioner", fact.replace("_", " ")))
        elif m == "intake":
            out.append("the intake questionnaire")
        elif m.startswith("lab "):
            aid = m.removeprefix("lab ")
            analyte = next((a for a in cat.analytes if a.id == aid), None)
            out.append(analyte.name if analyte else aid.replace("_", " "))
        else:
            out.append(m.replace("_", " "))
    return out


def question_verdicts(
    findings: list[Finding], red_flags: list[RedFlag], labs: list[LabFinding],
    markers: Mapping[str, Any], not_evaluated: list[NotEvaluated], k: Knowledge,
) -> list[QuestionVerdict]:
    """A verdict for each of the five client-view questions (rules.yaml ``questions``), from the
    same findings, red flags and lab flags the practitioner sees.

    see your practitioner soon: a red flag or a finding of severity 'concern' in its domains;
    worth discussing: another finding (except those marked ``moves_client_verdict: false``: they
    fire on many healthy people), or a lab of its analytes flagged outside limits or range;
    looks as expected: some of its inputs were available and nothing above holds;
    not assessed: none of its inputs (markers, labs, questionnaire scores) was available.
    """
    out = []
    quiet = {r["id"] for r in k.rules["findings"] if r.get("moves_client_verdict") is False}
    for key, spec in k.rules["questions"].items():
        domains = set(spec.get("domains", []))
        analytes = set(spec.get("labs", []))
        marker_ids = [m for m in spec.get("markers", []) if getattr(markers.get(m), "value", None) is not None]
        lab_rows = [lab for lab in labs if lab.analyte_id in analytes and lab.flag != "not interpreted"]
        flagged = [lab for lab in lab_rows if lab.flag in ("low", "high", "positive", "borderline")]
        # findings that fire on many healthy people (rules.yaml moves_client_verdict: false, with
        # the calibration in their text) stay in the report but do not move the client's verdict
        own = [f for f in findings if f.domain in domains and f.id not in quiet]
        flags = [f for f in red_flags if f.domain in domains]
        reasons = [f.reason for f in flags] + [f.title for f in own]
        reasons += [f"{lab.name}: {lab.status}" for lab in flagged
                    if not any(lab.name in r for r in reasons)]
        used = [*marker_ids, *dict.fromkeys(lab.name for lab in lab_rows)]
        verdict: str
        if flags or any(f.severity == "concern" for f in own):
            verdict = "see your practitioner soon"
        elif own or flagged:
            verdict = "worth discussing"
        elif used:
            verdict = "looks as expected"
        else:
            verdict = "not assessed"
        out.append(QuestionVerdict(key=key, verdict=verdict, reasons=reasons, used=used,  # type: ignore[arg-type]
                                   not_assessed=[] if used else list(spec.get("needs", []))))
    return out


def _label(fact: str, k: Knowledge) -> str:
    return str(k.fact_labels.get(fact, fact.replace("_", " ")))


def _client_reason(blocking: list[str], spec: Mapping[str, Any], k: Knowledge) -> str:
    """Why an item was left out, in the client's words: what the questionnaire said, then the
    blocking contraindications as written for the client."""
    said = " and ".join(k.withhold_facts.get(b, b.replace("_", " ")) for b in blocking)
    advice = " ".join(dict.fromkeys(
        c["client"] for c in spec.get("contraindications", [])
        if set(c.get("facts", [])) & set(blocking)))
    return (f"Left out of your plan for now, because your questionnaire mentions {said}. "
            + (advice or "Please ask your doctor before you try it."))


def _plan(findings: list[Finding], facts: Mapping[str, Any], k: Knowledge,
          intake_given: bool = True) -> tuple[list[PlanItem], list[Withheld]]:
    because: dict[str, list[str]] = {}
    for f in findings:
        for item_id in f.plan:
            because.setdefault(item_id, []).append(f.id)
    plan: list[PlanItem] = []
    withheld: list[Withheld] = []
    for item_id, reasons in because.items():
        spec = k.plan[item_id]
        blocking: list[str] = []
        checked: list[str] = []
        check: list[str] = []
        client_check: list[str] = []
        # interactions with a coded medicine are checks: the item stays, "check before use"
        rules = [*spec.get("contraindications", []),
                 *({**i, "effect": i.get("effect", "check")} for i in spec.get("interactions", [])
                   if i.get("facts"))]
        for c in rules:
            coded = list(c.get("facts", []))
            checked.extend(coded)
            answers = {f: facts.get(f) if intake_given else None for f in coded}
            yes = [f for f, v in answers.items() if v is True]
            unknown = [f for f, v in answers.items() if v is None]
            if yes and c.get("effect", "withhold") == "withhold":
                blocking.extend(yes)
            elif yes or unknown:
                why = ", ".join([*(f"{_label(f, k)}: yes" for f in yes),
                                 *(f"{_label(f, k)}: not answered" for f in unknown)])
                check.append(f"{c['text']} ({why})")
                client_check.append(c["client"])
        if blocking:
            blocked = list(dict.fromkeys(blocking))
            withheld.append(Withheld(
                id=item_id, category=spec["category"], text=spec["text"], because=reasons,
                reason="not suitable: " + ", ".join(_label(b, k) for b in blocked) + ". "
                + " ".join(dict.fromkeys(c["text"] for c in spec.get("contraindications", [])
                                         if set(c.get("facts", [])) & set(blocked))),
                client_text=spec["client_text"],
                client_reason=_client_reason(blocked, spec, k),
                checked_against=[_label(f, k) for f in dict.fromkeys(checked)],
            ))
            continue
        # what the client already takes (or another intake fact) adds a caution first in line
        adjust = [a for a in spec.get("adjust_if", []) if facts.get(a["fact"])]
        keys = dict.fromkeys([*spec["citations"], *spec.get("caution_sources", []),
                              *(key for a in adjust for key in a["sources"]),
                              *(key for c in spec.get("contraindications", [])
                                for key in c.get("sources", []))])
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
            checked_against=[_label(f, k) for f in dict.fromkeys(checked)],
            check_before_use=check, client_check_before_use=list(dict.fromkeys(client_check)),
        ))
    return plan, withheld
