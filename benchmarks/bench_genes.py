"""Gene calls from reads: recall and precision at several depths, and speed against KMA alone.

Accuracy: ``N_RES`` ResFinder and ``N_VF`` E. coli virulence-factor genes, drawn at random (seeded)
from ../shared/data/genes, are inserted into a real genome (H. pylori F32 from
../shared/data/genomes, which carries none of them: its own calls at depth 20 are listed and count
as true); ART simulates HiSeq 2500 150 bp pairs at each depth; `mmm genes` (KMA) calls them against
the FULL collections (5,907 genes, allelic neighbours included). Scored per gene name (ResFinder's
allele suffix `_N` dropped): recall = spiked genes called detected / spiked; precision = detected
genes that were spiked (or are in the background genome) / all detected. `partial` calls are
counted separately. Also scored per beta-lactamase family (allele number dropped: blaCTX-M-55 ->
blaCTX-M) and per clinical group that the rules read (esbl_ampc, carbapenemase, shiga_toxin ...).

Speed: 1,000,000 read pairs (the same spiked genome at about 176x), `call_genes` end to end (KMA,
parsing, calls) against the bare `kma` command with the same arguments, 2 threads, best of
``REPEATS``.

Run: PYTHONPATH=src python benchmarks/bench_genes.py [../shared/data] [--speed-only|--accuracy-only]
"""

from __future__ import annotations

import gzip
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from microbiomix.profilers.genes import build_gene_database, call_genes, open_gene_database
from microbiomix.profilers.simulate import simulate_reads, spike_genes

N_RES, N_VF = 30, 15
DEPTHS = (1, 2, 3, 5, 10, 20, 50)
SEED = 13
REPEATS = 3
BACKGROUND = "Helicobacter_pylori_F32.fasta.gz"


def read_fasta(path: Path) -> dict[str, str]:
    records: dict[str, str] = {}
    header = ""
    with gzip.open(path, "rt") as handle:
        for line in handle:
            line = line.strip()
            if line.startswith(">"):
                header = line[1:]
                records[header] = ""
            elif line:
                records[header] += line.upper()
    return records


def gene_name(gene: str) -> str:
    """``blaCTX-M-15_1`` -> ``blaCTX-M-15`` (ResFinder allele suffix); VF names unchanged."""
    return re.sub(r"_\d+$", "", gene)


def family(name: str) -> str:
    """Beta-lactamase family without the allele number (``blaCTX-M-55`` -> ``blaCTX-M``)."""
    return re.sub(r"^(bla[A-Za-z]+(?:-[A-Z])?)-?\d.*$", r"\1", name)


def score(called: set[str], truth: set[str], also_true: set[str]) -> tuple[str, str]:
    hits = called & truth
    precision = len(called & (truth | also_true)) / len(called) if called else float("nan")
    return f"{len(hits)}/{len(truth)} ({100 * len(hits) / len(truth):.0f}%)", f"{100 * precision:.1f}%"


def pick(records: dict[str, str], n: int, rng: random.Random) -> dict[str, str]:
    """n genes with distinct names, 300-3000 bp, from one collection."""
    by_name: dict[str, str] = {}
    for header in sorted(records):
        name = gene_name(header.split("~~~")[1])
        if 300 <= len(records[header]) <= 3000 and name not in by_name:
            by_name[name] = header
    chosen = rng.sample(sorted(by_name), n)
    return {by_name[name]: records[by_name[name]] for name in chosen}


def accuracy(data: Path, work: Path) -> None:
    res = read_fasta(data / "genes" / "resfinder.fasta.gz")
    vf = read_fasta(data / "genes" / "ecoli_vf.fasta.gz")
    combined = work / "all_genes.fasta.gz"
    with gzip.open(combined, "wt") as out:
        for header, seq in {**res, **vf}.items():
            out.write(f">{header}\n{seq}\n")
    db = work / "db"
    t0 = time.perf_counter()
    build_gene_database(combined, db, name="resfinder+ecoli_vf")
    print(f"build-genes on {len(res) + len(vf)} genes: {time.perf_counter() - t0:.1f} s")
    rng = random.Random(SEED)
    spiked = {**pick(res, N_RES, rng), **pick(vf, N_VF, rng)}
    truth = {gene_name(h.split("~~~")[1]) for h in spiked}
    background = work / "background.fa"
    with gzip.open(data / "genomes" / BACKGROUND, "rt") as src:
        background.write_text(src.read())
    r1, r2 = simulate_reads(background, 20, work / "bg", seed=SEED)
    own = {gene_name(h.gene) for h in call_genes(r1, r2, db, threads=2).detected()}
    print(f"background {BACKGROUND} alone at 20x: detected {sorted(own) or 'nothing'}")
    genome = spike_genes(data / "genomes" / BACKGROUND, spiked, work / "spiked.fa")
    print(f"\n{len(spiked)} genes spiked ({N_RES} ResFinder, {N_VF} E. coli VF), seed {SEED}\n")
    groups_of = {row["gene"]: row["group"] for row in open_gene_database(db).genes.values()}
    true_groups = {groups_of[h.split("~~~")[1]] for h in spiked} - {""}
    print(f"clinical groups spiked: {', '.join(sorted(true_groups))}\n")
    print("| depth | gene recall | gene precision | partial (of spiked) | bla-family recall | "
          "bla-family precision | clinical-group recall | clinical-group precision | "
          "wrongly detected genes |")
    print("|---|---|---|---|---|---|---|---|---|")
    for depth in DEPTHS:
        r1, r2 = simulate_reads(genome, depth, work / f"d{depth}", seed=SEED + depth)
        calls = call_genes(r1, r2, db, threads=2)
        detected = {gene_name(h.gene) for h in calls.detected()}
        partial = {gene_name(h.gene) for h in calls.hits if h.call == "partial"} - detected
        gene_recall, gene_precision = score(detected, truth, own)
        fam_recall, fam_precision = score({family(g) for g in detected}, {family(g) for g in truth},
                                          {family(g) for g in own})
        groups = {h.group for h in calls.detected()} - {""}
        group_recall, group_precision = score(groups, true_groups, set())
        false = sorted(detected - truth - own)
        print(f"| {depth}x | {gene_recall} | {gene_precision} | {len(partial & truth)} | "
              f"{fam_recall} | {fam_precision} | {group_recall} | {group_precision} | "
              f"{', '.join(false) or 'none'} |")


CLINICAL = ("stx1A", "stx2A", "eae", "blaKPC-2_1", "blaNDM-1_1", "blaCTX-M-15_1", "mcr-1.1_1")


def clinical(data: Path, work: Path) -> None:
    """The genes the red flags and findings read, one allele each, spiked together."""
    res = read_fasta(data / "genes" / "resfinder.fasta.gz")
    vf = read_fasta(data / "genes" / "ecoli_vf.fasta.gz")
    chosen: dict[str, str] = {}
    for header, seq in {**res, **vf}.items():
        gene = header.split("~~~")[1]
        if gene in CLINICAL and gene not in {h.split("~~~")[1] for h in chosen}:
            chosen[header] = seq
    db = work / "db"
    groups_of = {row["gene"]: row["group"] for row in open_gene_database(db).genes.values()}
    truth = {groups_of[h.split("~~~")[1]] for h in chosen}
    genome = spike_genes(data / "genomes" / BACKGROUND, chosen, work / "clinical.fa")
    print(f"\nclinical genes spiked: {', '.join(sorted(h.split('~~~')[1] for h in chosen))} "
          f"(groups {', '.join(sorted(truth))})\n")
    print("| depth | groups detected | groups missed | groups wrongly detected | genes detected |")
    print("|---|---|---|---|---|")
    for depth in DEPTHS:
        r1, r2 = simulate_reads(genome, depth, work / f"c{depth}", seed=SEED + 100 + depth)
        calls = call_genes(r1, r2, db, threads=2)
        groups = {h.group for h in calls.detected()} - {""}
        print(f"| {depth}x | {len(groups & truth)}/{len(truth)} | "
              f"{', '.join(sorted(truth - groups)) or 'none'} | "
              f"{', '.join(sorted(groups - truth)) or 'none'} | "
              f"{', '.join(sorted(h.gene for h in calls.detected()))} |")


def speed(data: Path, work: Path) -> None:
    res = read_fasta(data / "genes" / "resfinder.fasta.gz")
    combined = work / "res.fasta.gz"
    with gzip.open(combined, "wt") as out:
        for header, seq in res.items():
            out.write(f">{header}\n{seq}\n")
    db = work / "resdb"
    build_gene_database(combined, db)
    spiked = pick(res, N_RES, random.Random(SEED))
    genome = spike_genes(data / "genomes" / BACKGROUND, spiked, work / "spiked.fa")
    length = sum(len(s) for s in read_fasta_plain(genome))
    depth = 1_000_000 * 300 / length
    t0 = time.perf_counter()
    r1, r2 = simulate_reads(genome, depth, work / "million", seed=SEED)
    with gzip.open(r1, "rt") as handle:
        pairs = sum(1 for _ in handle) // 4
    print(f"simulated {pairs:,} pairs in {time.perf_counter() - t0:.0f} s")
    index = open_gene_database(db).index
    bare = ["kma", "-ipe", str(r1), str(r2), "-o", str(work / "bare"), "-t_db", index,
            "-t", "2", "-1t1", "-nf", "-na", "-nc"]
    ours, theirs = [], []
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        subprocess.run(bare, check=True, capture_output=True)
        theirs.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        calls = call_genes(r1, r2, db, threads=2)
        ours.append(time.perf_counter() - t0)
    print(f"| {pairs:,} pairs, ResFinder ({len(res)} genes), 2 threads | kma alone "
          f"{min(theirs):.1f} s | mmm genes (call_genes) {min(ours):.1f} s | overhead "
          f"{100 * (min(ours) / min(theirs) - 1):+.1f}% | detected {len(calls.detected())} |")


def read_fasta_plain(path: Path) -> list[str]:
    seqs: list[str] = []
    with path.open() as handle:
        for line in handle:
            if line.startswith(">"):
                seqs.append("")
            else:
                seqs[-1] += line.strip()
    return seqs


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    data = Path(args[0]) if args else Path("../shared/data")
    with tempfile.TemporaryDirectory(prefix="bench-genes-") as tmp:
        if "--speed-only" not in argv:
            accuracy(data, Path(tmp))
            clinical(data, Path(tmp))
        if "--accuracy-only" not in argv:
            speed(data, Path(tmp))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
