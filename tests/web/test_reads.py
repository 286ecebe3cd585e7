"""FASTQ reads uploaded to the portal are profiled by the library's profiler (sourmash) in the job,
then reported. Reads are substrings of two real genomes (tests/data/genomes_small) at 3:1."""

from __future__ import annotations

import gzip
import random
from pathlib import Path

import pytest

from microbiomix.profilers.database import build_database

from .conftest import Portal, make_portal

GENOMES = Path(__file__).parents[1] / "data" / "genomes_small"
TABLE = {
    "Escherichia_coli_K-12_MG1655.200kb.fa.gz": ("Escherichia coli", "K-12 MG1655"),
    "Klebsiella_pneumoniae_HS11286.200kb.fa.gz": ("Klebsiella pneumoniae", "HS11286"),
    "Staphylococcus_aureus_N315.200kb.fa.gz": ("Staphylococcus aureus", "N315"),
    "Helicobacter_pylori_F32.200kb.fa.gz": ("Helicobacter pylori", "F32"),
}


def _sequence(name: str) -> str:
    lines = gzip.decompress((GENOMES / name).read_bytes()).decode().splitlines()
    return "".join(line.strip() for line in lines if not line.startswith(">"))


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("db")
    table = folder / "taxonomy.tsv"
    table.write_text(
        "file\tspecies\tstrain\n"
        + "".join(f"{file}\t{species}\t{strain}\n" for file, (species, strain) in TABLE.items())
    )
    build_database(GENOMES, table, folder / "db", quiet=True)
    return folder / "db"


def _reads(counts: dict[str, int], length: int = 150) -> bytes:
    rng = random.Random(7)
    records = []
    for name, count in counts.items():
        genome = _sequence(name)
        for i in range(count):
            start = rng.randrange(len(genome) - length)
            records.append(
                f"@{name[:6]}_{i}\n{genome[start : start + length]}\n+\n{'I' * length}\n"
            )
    rng.shuffle(records)
    return "".join(records).encode()


@pytest.mark.slow
def test_reads_are_profiled_then_reported(database: Path, sqlite_url: str) -> None:
    portal: Portal = make_portal(sqlite_url, profiler_db=database)
    http = portal.login("alice@clinic.test")
    client_id = http.post("/api/clients", json={"name": "Reads"}).json()["id"]
    reads = _reads(
        {
            "Escherichia_coli_K-12_MG1655.200kb.fa.gz": 3000,
            "Staphylococcus_aureus_N315.200kb.fa.gz": 1000,
        }
    )
    upload = http.post(
        f"/api/clients/{client_id}/samples",
        files={"file": ("S9_R1.fastq.gz", gzip.compress(reads))},
    )
    assert upload.status_code == 201, upload.text
    assert (upload.json()["input_format"], upload.json()["sample_label"]) == ("fastq", "S9")
    assert portal.run_jobs() == 1
    report = http.get(f"/api/samples/{upload.json()['id']}/report.json").json()
    assert report["sample"]["sample_id"] == "S9"
    species = next(r for r in report["composition"] if r["rank"] == "species")
    percent = {t["name"]: t["percent"] for t in species["taxa"]}
    assert set(percent) == {"Escherichia coli", "Staphylococcus aureus"}
    assert percent["Escherichia coli"] > 2 * percent["Staphylococcus aureus"]
    # Broken reads are refused at upload, with the reader's message.
    broken = http.post(
        f"/api/clients/{client_id}/samples",
        files={"file": ("T_R1.fastq", b"@r1\nACGTACGT\n+\nIII\n")},
    )
    assert broken.status_code == 422 and "T_R1.fastq" in broken.json()["detail"]
    portal.engine.dispose()


def test_reads_need_a_profiler_database(portal: Portal) -> None:
    http = portal.login("alice@clinic.test")
    client_id = http.post("/api/clients", json={"name": "Reads"}).json()["id"]
    fastq = b"@r1\nACGTACGTAC\n+\nIIIIIIIIII\n"
    response = http.post(f"/api/clients/{client_id}/samples", files={"file": ("x.fastq", fastq)})
    assert response.status_code == 422
    assert "MICROBIOMIX_PROFILER_DB" in response.json()["detail"]
