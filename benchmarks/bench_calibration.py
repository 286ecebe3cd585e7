"""Calibration: how often each percentile-based finding fires on healthy people it was not built on.

A finding "below the 10th percentile of healthy people" fires on about 10% of the reference's own
people by construction; what matters is how often it fires on healthy people *not* in the reference.
For each bundled reference and each percentile rule of ``knowledge/rules.yaml`` this measures:

* leave-one-out within the reference: each sample placed among the others (for the dysbiosis
  score, the threshold is recomputed from the others' own leave-one-out scores). mOTUs 3 Zeller:
  one profile per subject, so this is leave-one-subject-out. MetaPhlAn 3 HMP2: the export has no
  subject ids and about 27 people gave the 300 samples, so the left-out sample's own person stays
  in the reference: this rate is optimistic;
* across studies: healthy samples of another study placed in the bundled reference (the 14
  baseline MetaPhlAn 3 profiles of the kefir study, time 1 only), with the same profiler family
  (compatible) and with another family (the case the compatibility rule keeps at info);
* the published indices' own threshold (GMHI < 0, GMWI2 < 0) on every healthy set;
* the sample-quality gate's verdicts on the same healthy sets.

Run:  PYTHONPATH=src python benchmarks/bench_calibration.py ../shared/data
"""

from __future__ import annotations

import csv
import operator
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from microbiomix.interpretation.engine import knowledge
from microbiomix.markers import compute_markers
from microbiomix.markers.dysbiosis import _bray_curtis_block
from microbiomix.markers.groups import species_percent
from microbiomix.pipeline import marker_results, sample_quality
from microbiomix.profile import Cohort, Profile
from microbiomix.readers import read_profiles
from microbiomix.reference import (
    Reference,
    aggregate_by_subject,
    build_reference,
    bundled_references,
    read_species_table,
)

OPS: dict[str, Callable[[float, float], bool]] = {"<": operator.lt, ">": operator.gt}


def percentile_rules() -> list[tuple[str, str, str, float]]:
    """(finding id, marker, op, percentile) of every single-condition percentile rule."""
    out = []
    for rule in knowledge().rules["findings"]:
        when = rule["when"]
        if "percentile" in when and "marker" in when:
            out.append((rule["id"], when["marker"], when["percentile"], float(when["value"])))
    return out


def mean_rank_percentile(reference: np.ndarray, x: float) -> float:
    reference = np.sort(reference[np.isfinite(reference)])
    below = np.searchsorted(reference, x, side="left")
    at_or_below = np.searchsorted(reference, x, side="right")
    return float(100.0 * (below + at_or_below) / (2.0 * reference.size))


def leave_one_out(profiles: Sequence[Profile]) -> dict[str, tuple[int, int]]:
    """finding id -> (fired, evaluated), each sample against all the others."""
    cohort = Cohort.from_profiles(profiles)
    rules = percentile_rules()
    ids = sorted({m for _, m, _, _ in rules if m != "dysbiosis_score"})
    values = {m.spec.id: m.values for m in compute_markers(cohort, ids)}
    out: dict[str, tuple[int, int]] = {}
    n = len(cohort)
    for finding, marker, op, limit in rules:
        fired = evaluated = 0
        if marker == "dysbiosis_score":
            percent, _ = species_percent(cohort)
            p = percent / 100.0
            sums = p.sum(axis=1)
            distances = _bray_curtis_block(p, sums, p, sums)
            for i in range(n):
                others = np.delete(np.arange(n), i)
                score = float(np.median(distances[i, others]))
                own = [float(np.median(distances[j, others[others != j]])) for j in others]
                threshold = float(np.percentile(own, 90.0))
                fired += int(OPS[op](score, threshold))
                evaluated += 1
        else:
            column = values[marker]
            for i in range(n):
                if not np.isfinite(column[i]):
                    continue
                pct = mean_rank_percentile(np.delete(column, i), float(column[i]))
                fired += int(OPS[op](pct, limit))
                evaluated += 1
        out[finding] = (fired, evaluated)
    return out


def against(profiles: Sequence[Profile], reference: Reference) -> dict[str, tuple[int, int]]:
    """finding id -> (fired, evaluated): each sample placed in ``reference`` as the pipeline does."""
    results, _ = marker_results(profiles, reference=reference)
    by_sample: dict[str, dict[str, float | None]] = {}
    for r in results:
        by_sample.setdefault(r.sample, {})[r.spec.id] = r.percentile
    out = {}
    for finding, marker, op, limit in percentile_rules():
        pcts = [s.get(marker) for s in by_sample.values()]
        known = [p for p in pcts if p is not None]
        out[finding] = (sum(OPS[op](p, limit) for p in known), len(known))
    return out


STUDIES = Path(__file__).parent / "data" / "gmhi_validation_healthy_studies.csv"


def leave_one_study_out(profiles: Sequence[Profile]) -> dict[str, tuple[int, int]]:
    """finding id -> (fired, evaluated): each study of the MetaPhlAn 2 reference placed in a
    reference built from the other studies (same profiler, independent people and studies)."""
    with open(STUDIES, newline="") as handle:
        study = {row["sample"]: row["study"] for row in csv.DictReader(handle)}
    totals: dict[str, list[int]] = {}
    for held_out in sorted(set(study.values())):
        test = [p for p in profiles if study[p.sample_id] == held_out]
        rest = [p for p in profiles if study[p.sample_id] != held_out]
        reference = build_reference(rest, name=f"without {held_out}", description="")
        reference.family = "metaphlan2"
        for finding, (fired, n) in against(test, reference).items():
            total = totals.setdefault(finding, [0, 0])
            total[0] += fired
            total[1] += n
    return {f: (t[0], t[1]) for f, t in totals.items()}


def index_rates(profiles: Sequence[Profile]) -> dict[str, tuple[int, int]]:
    cohort = Cohort.from_profiles(profiles)
    out = {}
    for m in compute_markers(cohort, ["gmhi", "gmwi2"]):
        finite = m.values[np.isfinite(m.values)]
        out[f"{m.spec.id} < 0"] = (int((finite < 0).sum()), int(finite.size))
    return out


def quality_rates(profiles: Sequence[Profile]) -> str:
    verdicts = [q.verdict for q in sample_quality(profiles).values()]
    return ", ".join(f"{v} {verdicts.count(v)}" for v in ("pass", "caution", "fail"))


def load_sets(shared: Path) -> dict[str, list[Profile]]:
    """The healthy sets: the bundled references' own samples and the kefir baselines."""
    sets: dict[str, list[Profile]] = {}
    from importlib import resources

    with resources.as_file(resources.files("microbiomix.knowledge").joinpath(
            "reference/healthy_profiles_metaphlan2.csv")) as path:
        sets["metaphlan2 GMHI validation (118 adults)"] = read_profiles(path, "metaphlan-merged")
    sets["metaphlan3 HMP2 non-IBD (300 samples)"] = read_species_table(
        shared / "reference" / "metaphlan3_hmp2_nonibd" / "hmp2_nonibd_species_percent_1_300.tsv",
        "mpa_v30_CHOCOPhlAn_201901")
    zeller = shared / "reference" / "motus3_zeller2014_controls"
    subjects: dict[str, str] = {}
    reads: dict[str, float] = {}
    runs = []
    with open(zeller / "metadata.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["HMgDB_diagnosis"] == "control":
                subjects[row["library_id"]] = row["sample_id"]
                reads[row["library_id"]] = float(row["sequence_count"])
                runs.extend(read_profiles(zeller / "profiles" / f"{row['library_id']}.profile"))
    sets["motus3 Zeller controls (66 subjects)"] = aggregate_by_subject(runs, subjects, reads)
    kefir = sorted((shared / "profiles" / "metaphlan_kefir").glob("*_time1_*.metaphlan3.txt"))
    sets["metaphlan3 kefir baselines (14 adults)"] = [p for f in kefir for p in read_profiles(f)]
    return sets


def fmt(fired: int, n: int) -> str:
    return f"{fired}/{n} ({100.0 * fired / n:.0f}%)" if n else "n/a"


def main(shared: Path) -> None:
    start = time.perf_counter()
    sets = load_sets(shared)
    bundled = bundled_references()
    own = {"metaphlan2": "metaphlan2 GMHI validation (118 adults)",
           "metaphlan3": "metaphlan3 HMP2 non-IBD (300 samples)",
           "motus3": "motus3 Zeller controls (66 subjects)"}
    findings = [f for f, _, _, _ in percentile_rules()]
    print("| healthy samples | placed in | compatible | " + " | ".join(findings) + " |")
    print("|---|---|---|" + "---|" * len(findings))
    for family, name in own.items():
        rates = leave_one_out(sets[name])
        how = "leave-one-out" + (" (subject)" if family != "metaphlan3" else
                                 " (sample; same people remain)")
        print(f"| {name} | own reference, {how} | yes | "
              + " | ".join(fmt(*rates[f]) for f in findings) + " |")
    rates = leave_one_study_out(sets[own["metaphlan2"]])
    print(f"| {own['metaphlan2']} | the other 2 of its 3 studies (leave-one-study-out) | yes | "
          + " | ".join(fmt(*rates[f]) for f in findings) + " |")
    kefir = sets["metaphlan3 kefir baselines (14 adults)"]
    for family, reference in bundled.items():
        rates = against(kefir, reference)
        print(f"| metaphlan3 kefir baselines (14 adults) | {reference.name} | "
              f"{'yes' if family == 'metaphlan3' else 'no (kept at info)'} | "
              + " | ".join(fmt(*rates[f]) for f in findings) + " |")
    for family, name in own.items():
        for other, reference in bundled.items():
            if other == family:
                continue
            rates = against(sets[name], reference)
            print(f"| {name} | {reference.name} | no (kept at info) | "
                  + " | ".join(fmt(*rates[f]) for f in findings) + " |")
    print()
    print("| healthy samples | GMHI < 0 | GMWI2 < 0 | quality gate |")
    print("|---|---|---|---|")
    for name, profiles in sets.items():
        rates = index_rates(profiles)
        print(f"| {name} | {fmt(*rates['gmhi < 0'])} | {fmt(*rates['gmwi2 < 0'])} | "
              f"{quality_rates(profiles)} |")
    print(f"\n{time.perf_counter() - start:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("../shared/data"))
