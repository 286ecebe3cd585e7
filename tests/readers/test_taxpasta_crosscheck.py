"""Independent cross-check: taxpasta (nf-core's profile standardiser) reads the same corpus files.

taxpasta 0.7.0 runs from its own virtual environment (``make taxpasta-venv``; its pins, numpy 1.26
and pandas 1.5, conflict with ours), as a separate process. For every corpus file of a format
taxpasta supports, its per-taxon counts are turned into percentages and compared with what
microbiomix reads. Deliberate differences, asserted here so that they stay deliberate:

* Kraken 2 / KrakenUniq: taxpasta reports reads assigned *directly* to each taxon; microbiomix
  reports clade totals at each rank. Compared with ``taxpasta --summarise-at species`` (clade reads
  at species), using a taxonomy built from the report's own indentation (the corpus has no taxdump).
* mOTUs: taxpasta keys rows by NCBI taxid and folds every mOTU without one (``NA``: all the
  ``incertae sedis`` meta/ext mOTUs) into taxid 0 with ``unassigned``; microbiomix keeps each as a
  species. So taxpasta's taxid 0 = microbiomix unknown + those mOTUs.
* Kraken reports without an unclassified row: taxpasta reports 0 unclassified reads, microbiomix
  an unknown unclassified fraction (Bracken's ``-w`` reports leave the row out too).
* MetaPhlAn: taxpasta gives each row's abundance x 10^6 under the row's own taxid; rows without a
  taxid (MetaPhlAn 4 SGBs ``2|...|``) or sharing one with another row cannot be compared by taxid.
"""

from __future__ import annotations

import csv
import gzip
import os
import re
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest

from microbiomix.profile import Profile
from microbiomix.readers import read_profiles
from microbiomix.readers.text import numbered_lines
from microbiomix.taxonomy import Rank

# Each case starts taxpasta (a pandas/pandera import, ~3 s) once or twice.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).parent.parent.parent
CORPUS = ROOT / "tests" / "data" / "realworld"
TAXPASTA_VERSION = "0.7.0"
# Percentage points; Bracken rounds its fractions to 5 decimals (0.001 points).
TOLERANCE = 1e-3

KRAKEN_CODES = {
    "R": "no rank", "D": "superkingdom", "K": "kingdom", "P": "phylum", "C": "class",
    "O": "order", "F": "family", "G": "genus", "S": "species",
}  # fmt: skip


def _taxpasta() -> Path:
    found = os.environ.get("MICROBIOMIX_TAXPASTA") or str(ROOT / ".venv-taxpasta" / "bin" / "taxpasta")
    if not Path(found).is_file():
        pytest.fail(f"taxpasta not found at {found}: run `make taxpasta-venv` (done by `make test`)")
    return Path(found)


def _run(args: list[str], out: Path) -> list[dict[str, str]]:
    subprocess.run(
        [str(_taxpasta()), "standardise", *args, "-o", str(out)],
        check=True,
        capture_output=True,
        env={**os.environ, "COLUMNS": "200"},
    )
    with out.open() as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def _files(folder: str) -> list[Path]:
    return sorted((CORPUS / "taxpasta" / folder).iterdir())


def _plain(path: Path, tmp_path: Path) -> Path:
    """taxpasta 0.7.0 reads gzip for Kraken but not for MetaPhlAn (a difference: we read both)."""
    if path.suffix != ".gz":
        return path
    plain = tmp_path / path.stem
    plain.write_bytes(gzip.decompress(path.read_bytes()))
    return plain


def test_taxpasta_is_the_pinned_version() -> None:
    result = subprocess.run([str(_taxpasta()), "--version"], check=True, capture_output=True, text=True)
    assert result.stdout.strip() == TAXPASTA_VERSION


def _species(profile: Profile) -> dict[str, float]:
    return {lin.name: v for lin, v in profile.at_rank(Rank.SPECIES).items()}


# --- Bracken ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", _files("bracken"), ids=lambda p: p.name)
def test_bracken(path: Path, tmp_path: Path) -> None:
    rows = _run(["-p", "bracken", str(path)], tmp_path / "out.tsv")
    names = {}
    for _, line in list(numbered_lines(path))[1:]:
        fields = line.split("\t")
        names[fields[1]] = fields[0]
    total = sum(int(r["count"]) for r in rows)
    theirs = {names[r["taxonomy_id"]]: int(r["count"]) / total * 100 for r in rows}
    (profile,) = read_profiles(path)
    ours = _species(profile)
    assert set(ours) == set(theirs)
    for name, value in theirs.items():
        assert ours[name] == pytest.approx(value, abs=TOLERANCE), name


# --- Kraken 2 and KrakenUniq -----------------------------------------------------------------------


def _taxdump_from_report(path: Path, folder: Path, krakenuniq: bool) -> None:
    """nodes.dmp/names.dmp for the taxa of one report, parents from its indentation."""
    nodes, names, stack = [], [], []
    for _, line in numbered_lines(path):
        if not line.strip() or line.startswith(("#", "%")):
            continue
        fields = line.split("\t")
        if krakenuniq:
            taxid, rank, raw = fields[6], fields[7], fields[8]
        else:
            taxid, rank, raw = fields[-2], KRAKEN_CODES.get(fields[-3], "no rank"), fields[-1]
        if taxid == "0":
            continue
        depth = (len(raw) - len(raw.lstrip(" "))) // 2
        while stack and stack[-1][0] >= depth:
            stack.pop()
        parent = stack[-1][1] if stack else taxid
        nodes.append(f"{taxid}\t|\t{parent}\t|\t{rank}\t|")
        names.append(f"{taxid}\t|\t{raw.strip()}\t|\t\t|\tscientific name\t|")
        stack.append((depth, taxid))
    folder.mkdir()
    (folder / "nodes.dmp").write_text("\n".join(nodes) + "\n")
    (folder / "names.dmp").write_text("\n".join(names) + "\n")
    (folder / "merged.dmp").write_text("")
    (folder / "delnodes.dmp").write_text("")


KRAKEN_FILES = (
    [(p, "kraken2") for p in _files("kraken2")]
    + [(p, "krakenuniq") for p in _files("krakenuniq")]
    # taxpasta's kraken2 reader takes Kraken 1 reports ('-' rank codes) too.
    + [(p, "kraken2") for p in sorted((CORPUS / "kraken1").iterdir())]
)


@pytest.mark.parametrize(("path", "profiler"), KRAKEN_FILES, ids=lambda v: getattr(v, "name", v))
def test_kraken_family(path: Path, profiler: str, tmp_path: Path) -> None:
    direct = _run(["-p", profiler, str(path)], tmp_path / "direct.tsv")
    total = sum(int(r["count"]) for r in direct)
    unclassified = sum(int(r["count"]) for r in direct if r["taxonomy_id"] == "0")
    (profile,) = read_profiles(path)
    if profile.unknown is None:
        # No unclassified row: taxpasta has nothing under taxid 0, microbiomix says "not reported".
        assert unclassified == 0
    else:
        assert profile.unknown == pytest.approx(unclassified / total * 100, abs=TOLERANCE)
    if unclassified == total:
        assert _species(profile) == {}  # nothing classified: no taxonomy to summarise with
        return
    taxonomy = tmp_path / "taxonomy"
    _taxdump_from_report(path, taxonomy, profiler == "krakenuniq")
    species_rows = _run(
        ["-p", profiler, "--taxonomy", str(taxonomy), "--add-name", "--summarise-at", "species",
         str(path)],
        tmp_path / "species.tsv",
    )  # fmt: skip
    theirs = {r["name"]: int(r["count"]) / total * 100 for r in species_rows}
    ours = _species(profile)
    assert set(ours) == set(theirs)
    for name, value in theirs.items():
        assert ours[name] == pytest.approx(value, abs=TOLERANCE), name


# --- MetaPhlAn -------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", _files("metaphlan"), ids=lambda p: p.name)
def test_metaphlan(path: Path, tmp_path: Path) -> None:
    rows = _run(["-p", "metaphlan", str(_plain(path, tmp_path))], tmp_path / "out.tsv")
    theirs = {r["taxonomy_id"]: int(r["count"]) / 1e6 for r in rows if r["taxonomy_id"] != "0"}
    clades_of: dict[str, list[str]] = defaultdict(list)
    for _, line in numbered_lines(path):
        if line.startswith("#") or not line.strip():
            continue
        fields = line.split("\t")
        if fields[0] == "UNKNOWN":
            continue
        taxid = fields[1].strip().split("|")[-1]
        clades_of[taxid].append(fields[0].strip())
    (profile,) = read_profiles(path)
    ours = {lin.to_metaphlan(): v for lin, v in profile.abundances.items()}
    compared = 0
    for taxid, value in theirs.items():
        clades = clades_of.get(taxid, [])
        if len(clades) != 1:
            continue  # no taxid, or one taxid on several rows: not comparable by taxid
        assert ours[clades[0]] == pytest.approx(value, abs=TOLERANCE), clades[0]
        compared += 1
    comparable = sum(1 for t, c in clades_of.items() if t and len(c) == 1)
    assert compared == comparable


# --- mOTUs -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", _files("motus"), ids=lambda p: p.name)
def test_motus(path: Path, tmp_path: Path) -> None:
    rows = _run(["-p", "motus", str(path)], tmp_path / "out.tsv")
    total = sum(int(r["count"]) for r in rows)
    theirs = {r["taxonomy_id"]: int(r["count"]) / total * 100 for r in rows}
    taxid_of = {}
    for _, line in numbered_lines(path):
        if line.startswith("#") or not line.strip():
            continue
        name, taxid, _ = line.split("\t")
        match = re.search(r"\[(\S+mOTU\S+)\]", name)
        if match:
            taxid_of[match.group(1)] = "0" if taxid == "NA" else taxid
    (profile,) = read_profiles(path)
    ours: dict[str, float] = defaultdict(float)
    for lineage, value in profile.at_rank(Rank.STRAIN).items():
        ours[taxid_of[lineage.name]] += value
    assert profile.unknown is not None
    ours["0"] += profile.unknown  # the deliberate difference: see the module docstring
    assert set(ours) == set(theirs)
    for taxid, value in theirs.items():
        assert ours[taxid] == pytest.approx(value, abs=TOLERANCE), taxid
    # ...and the NA mOTUs taxpasta folds away are species of their own in microbiomix.
    unnamed = [n for n in _species(profile) if "[" in n]
    assert len(unnamed) == sum(1 for t in taxid_of.values() if t == "0")
