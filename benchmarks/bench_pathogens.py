"""How often each pathogen-panel organism is called in healthy people, per profiler family.

Before a finding fires, know how often it fires on healthy people with the same profiler. This
script screens every healthy profile available in ../shared/data/reference with
:func:`microbiomix.markers.pathogens.screen` and prints a markdown table (detected = at or above
the organism's reporting minimum; trace = present below it):

* MetaPhlAn 2: 118 healthy adults of the GMHI validation cohort (species table; it carries
  eukaryote rows such as Saccharomyces cerevisiae);
* MetaPhlAn 3: 300 HMP2 non-IBD control samples (about 27 people sampled repeatedly);
* mOTUs 3: 457 runs of 66 colonoscopy-negative controls (Zeller 2014); a subject counts once if
  any of their runs has the call.

Run: PYTHONPATH=src python benchmarks/bench_pathogens.py [../shared/data]
"""

from __future__ import annotations

import csv
import sys
from collections import defaultdict
from pathlib import Path

from microbiomix.interpret import interpret
from microbiomix.markers.pathogens import infection_inputs, panel, screen
from microbiomix.profile import Profile, Provenance
from microbiomix.readers import read_profiles
from microbiomix.taxonomy import Lineage, TaxonomySystem


def _species_table(path: Path, tool: str, delimiter: str) -> list[Profile]:
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle, delimiter=delimiter))
    samples = rows[0][1:]
    values: dict[str, dict[Lineage, float]] = {s: {} for s in samples}
    for row in rows[1:]:
        name = row[0].removeprefix("s__").replace("_", " ")
        lineage = Lineage((None, None, None, None, None, None, name))
        for sample, value in zip(samples, row[1:], strict=True):
            if float(value) > 0:
                values[sample][lineage] = float(value)
    provenance = Provenance(format="species-table", tool=tool, taxonomy=TaxonomySystem.NCBI,
                            source=str(path))
    return [Profile(s, v, None, provenance) for s, v in values.items()]


def main(data: Path) -> int:
    ref = data / "reference"
    cohorts: dict[str, tuple[list[Profile], dict[str, str]]] = {}
    mp2 = _species_table(ref / "healthy_profiles_metaphlan2.csv",
                         "MetaPhlAn 2", ",")
    cohorts["MetaPhlAn 2, GMHI healthy (118)"] = (mp2, {p.sample_id: p.sample_id for p in mp2})
    mp3 = _species_table(ref / "metaphlan3_hmp2_nonibd" / "hmp2_nonibd_species_percent_1_300.tsv",
                         "MetaPhlAn 3", "\t")
    cohorts["MetaPhlAn 3, HMP2 non-IBD (300 samples)"] = (mp3, {p.sample_id: p.sample_id for p in mp3})
    zeller = ref / "motus3_zeller2014_controls"
    with (zeller / "metadata.csv").open(encoding="utf-8") as handle:
        subject = {r["library_id"]: r["sample_id"] for r in csv.DictReader(handle)}
    motus = []
    for path in sorted((zeller / "profiles").glob("*.profile")):
        profile = read_profiles(path, "cami")[0]
        profile.sample_id = path.stem
        motus.append(profile)
    cohorts[f"mOTUs 3, Zeller 2014 controls ({len(motus)} runs, "
            f"{len({subject.get(p.sample_id, p.sample_id) for p in motus})} subjects)"] = (
        motus, {p.sample_id: subject.get(p.sample_id, p.sample_id) for p in motus})
    organisms = panel().organisms
    header = ["organism (reporting minimum)"] + list(cohorts)
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    table: dict[str, list[str]] = {o.id: [] for o in organisms}
    for profiles, who in cohorts.values():
        detected: dict[str, set[str]] = defaultdict(set)
        trace: dict[str, set[str]] = defaultdict(set)
        unassessable: dict[str, int] = defaultdict(int)
        for profile in profiles:
            for call in screen(profile).calls:
                person = who[profile.sample_id]
                if call.call == "detected":
                    detected[call.organism.id].add(person)
                elif call.call == "trace":
                    trace[call.organism.id].add(person)
                elif call.call == "not assessable":
                    unassessable[call.organism.id] += 1
        people = len(set(who.values()))
        for o in organisms:
            if unassessable[o.id] == len(profiles):
                table[o.id].append("not assessable")
                continue
            n = len(detected[o.id])
            table[o.id].append(f"{n}/{people} ({100 * n / people:.1f}%); trace {len(trace[o.id])}")
    for o in organisms:
        lines.append(f"| {o.name} ({o.min_percent:g}%) | " + " | ".join(table[o.id]) + " |")
    title = ("Infection findings (knowledge/rules_infections.yaml) that fire on the profile "
             "alone (no intake, no genes):")
    lines += ["", title, "", "| finding | " + " | ".join(cohorts) + " |",
              "|" + "---|" * (len(cohorts) + 1)]
    fired_by: dict[str, list[str]] = defaultdict(list)
    for profiles, who in cohorts.values():
        fired: dict[str, set[str]] = defaultdict(set)
        for profile in profiles:
            findings = interpret(infection_inputs(screen(profile), None))
            for f in findings.findings:
                if f.domain == "infection":
                    fired[f.id].add(who[profile.sample_id])
        people = len(set(who.values()))
        for rule in sorted(set(fired) | set(fired_by)):
            fired_by.setdefault(rule, [])
        for rule, cells in fired_by.items():
            n = len(fired.get(rule, ()))
            cells.append(f"{n}/{people} ({100 * n / people:.1f}%)")
    width = len(cohorts)
    for rule, cells in sorted(fired_by.items()):
        cells = ["0 (not fired)"] * (width - len(cells)) + cells if len(cells) < width else cells
        lines.append(f"| {rule} | " + " | ".join(cells) + " |")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("../shared/data")))
