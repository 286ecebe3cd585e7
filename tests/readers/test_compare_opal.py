"""L1 and Bray-Curtis at species rank equal what cami-opal (OPAL 1.0.14) reports for the same pair.

OPAL keys taxa by TAXID; microbiomix keys them by name. The CAMI GI files contain taxa whose NCBI
name changed between the gold standard and a profiler's taxonomy (same taxid 1510:
"[Clostridium] stercorarium" in the gold standard, "Thermoclostridium stercorarium" in MetaPhlAn 3),
so two comparisons are made:

1. OPAL on the original files (taxid keys) vs microbiomix on the prediction with each taxid's name
   taken from the gold standard (renamed taxa resolved by taxid): equal within 1e-9.
2. OPAL on copies whose TAXID column is the name (name keys) vs microbiomix on the original files:
   equal within 1e-9.
"""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from pathlib import Path

import pytest

from microbiomix.compare import bray_curtis, l1_distance
from microbiomix.profile import Profile, Provenance
from microbiomix.readers import read_profiles
from microbiomix.taxonomy import Lineage, Rank, TaxonomySystem, name_key

DATA = Path(__file__).parent.parent / "data" / "cami_gi"
OPAL = Path(sys.executable).parent / "opal.py"
TOOLS = ("metaphlan3", "metaphlan4_cami", "motus3")
SAMPLES = (0, 1, 3)


def _rows(path: Path) -> list[list[str]]:
    return [line.rstrip("\n").split("\t") for line in path.read_text().splitlines(keepends=True)]


def _rewrite(source: Path, target: Path, sample: int, taxid_to_name: dict[str, str] | None) -> None:
    """A CAMI file with @SampleID set to the gold standard's and, optionally, TAXID := name key
    (``taxid_to_name`` None) or TAXPATHSN's last name := the gold standard's name for that taxid."""
    out = []
    columns: dict[str, int] = {}
    for fields in _rows(source):
        line = "\t".join(fields)
        if line.startswith("@@"):
            columns = {name: i for i, name in enumerate(line[2:].split("\t"))}
        elif re.match(r"@SampleID", line, re.IGNORECASE):
            line = f"@SampleID:{sample}"
        elif columns and line.strip() and not line.startswith(("@", "#")):
            names = fields[columns["TAXPATHSN"]].split("|")
            taxid = fields[columns["TAXID"]]
            if taxid_to_name is None:
                fields[columns["TAXID"]] = f"{fields[columns['RANK']]}:{name_key(names[-1])}"
            elif taxid in taxid_to_name:
                names[-1] = taxid_to_name[taxid]
                fields[columns["TAXPATHSN"]] = "|".join(names)
            line = "\t".join(fields)
        out.append(line)
    target.write_text("\n".join(out) + "\n")


def _gold_names(path: Path) -> dict[str, str]:
    names = {}
    columns: dict[str, int] = {}
    for fields in _rows(path):
        line = "\t".join(fields)
        if line.startswith("@@"):
            columns = {name: i for i, name in enumerate(line[2:].split("\t"))}
        elif columns and line.strip() and not line.startswith(("@", "#")):
            names[fields[columns["TAXID"]]] = fields[columns["TAXPATHSN"]].split("|")[-1]
    return names


def _opal(gold: Path, predictions: list[Path], out: Path) -> dict[tuple[str, str], float]:
    """(label, metric) -> value at species rank, from OPAL's results.tsv."""
    labels = [p.stem for p in predictions]
    subprocess.run(
        [
            sys.executable,
            str(OPAL),
            "-g",
            str(gold),
            "-o",
            str(out),
            "--silent",
            "-l",
            ",".join(labels),
        ]
        + [str(p) for p in predictions],
        check=True,
        capture_output=True,
    )
    results = {}
    with (out / "results.tsv").open() as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if row["rank"] == "species" and row["metric"] in (
                "L1 norm error",
                "Bray-Curtis distance",
            ):
                results[(row["tool"], row["metric"])] = float(row["value"])
    return results


@pytest.mark.slow
@pytest.mark.parametrize("sample", SAMPLES)
def test_distances_equal_opal(sample: int, tmp_path: Path) -> None:
    gold_path = DATA / "gold_ncbi" / f"sample_{sample}.profile"
    gold = read_profiles(gold_path)[0]
    gold_names = _gold_names(gold_path)

    # 1. taxid keys (OPAL on the files as published, sample ids aligned)
    originals = []
    for tool in TOOLS:
        copy = tmp_path / f"{tool}.profile"
        _rewrite(DATA / tool / f"sample_{sample}.profile", copy, sample, {})
        originals.append(copy)
    by_taxid = _opal(gold_path, originals, tmp_path / "opal_taxid")

    # 2. name keys
    named_gold = tmp_path / "gold_named.profile"
    _rewrite(gold_path, named_gold, sample, None)
    named = []
    for tool in TOOLS:
        copy = tmp_path / f"{tool}.profile"
        named_copy = tmp_path / "named" / f"{tool}.profile"
        named_copy.parent.mkdir(exist_ok=True)
        _rewrite(DATA / tool / f"sample_{sample}.profile", named_copy, sample, None)
        named.append(named_copy)
    by_name = _opal(named_gold, named, tmp_path / "opal_name")

    for tool in TOOLS:
        prediction = read_profiles(DATA / tool / f"sample_{sample}.profile")[0]
        assert l1_distance(gold, prediction, Rank.SPECIES) == pytest.approx(
            by_name[(tool, "L1 norm error")], abs=1e-9
        )
        assert bray_curtis(gold, prediction, Rank.SPECIES) == pytest.approx(
            by_name[(tool, "Bray-Curtis distance")], abs=1e-9
        )
        resolved_path = tmp_path / "resolved" / f"{tool}.profile"
        resolved_path.parent.mkdir(exist_ok=True)
        _rewrite(DATA / tool / f"sample_{sample}.profile", resolved_path, sample, gold_names)
        resolved = read_profiles(resolved_path)[0]
        assert l1_distance(gold, resolved, Rank.SPECIES) == pytest.approx(
            by_taxid[(tool, "L1 norm error")], abs=1e-9
        )
        assert bray_curtis(gold, resolved, Rank.SPECIES) == pytest.approx(
            by_taxid[(tool, "Bray-Curtis distance")], abs=1e-9
        )


def _profile(values: dict[str, float]) -> Profile:
    abundances = {Lineage((None,) * 6 + (name,)): v for name, v in values.items()}
    return Profile("s", abundances, None, Provenance("test", "hand-made", TaxonomySystem.NCBI))


def test_hand_computed_distances() -> None:
    a = _profile({"Escherichia coli": 60.0, "Bacteroides fragilis": 40.0})
    b = _profile({"Escherichia_coli": 50.0, "Akkermansia muciniphila": 30.0})
    # union: E. coli |60-50| + B. fragilis 40 + A. muciniphila 30 = 80 -> L1 0.8; BC 80 / 180
    assert l1_distance(a, b, Rank.SPECIES) == pytest.approx(0.8, abs=1e-12)
    assert bray_curtis(a, b, Rank.SPECIES) == pytest.approx(80 / 180, abs=1e-12)
    # OPAL -n: b rescaled to 62.5 / 37.5 -> 2.5 + 40 + 37.5 = 80 -> 0.8; BC 80 / 200
    assert l1_distance(a, b, Rank.SPECIES, normalise=True) == pytest.approx(0.8, abs=1e-12)
    assert bray_curtis(a, b, Rank.SPECIES, normalise=True) == pytest.approx(0.4, abs=1e-12)
    assert l1_distance(a, a, Rank.SPECIES) == 0.0
    assert l1_distance(a, b, Rank.GENUS) is None
