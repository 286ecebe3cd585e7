"""FASTQ reads uploaded to the portal are profiled by the library's profiler (sourmash) in the job,
then reported. Reads are substrings of two real genomes (tests/data/genomes_small) at 3:1."""

from __future__ import annotations

import gzip
import random
from pathlib import Path

import pytest

from microbiomix.profilers.database import build_database

from .conftest import DEMO_PROFILE, Portal, make_portal

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


_COMPLEMENT = str.maketrans("ACGTN", "TGCAN")


def _pairs(counts: dict[str, int], length: int = 150, fragment: int = 400) -> tuple[bytes, bytes]:
    """Paired reads from fragments of the genomes: R1 reads the fragment's start forwards, R2
    its end on the other strand (reverse complement), as a paired-end sequencer does."""
    rng = random.Random(11)
    pairs = []
    for name, count in counts.items():
        genome = _sequence(name)
        for i in range(count):
            start = rng.randrange(len(genome) - fragment)
            piece = genome[start : start + fragment]
            mate = piece[-length:].translate(_COMPLEMENT)[::-1]
            pairs.append((f"{name[:6]}_{i}", piece[:length], mate))
    rng.shuffle(pairs)
    quality = "I" * length
    r1 = "".join(f"@{n}/1\n{s}\n+\n{quality}\n" for n, s, _ in pairs)
    r2 = "".join(f"@{n}/2\n{m}\n+\n{quality}\n" for n, _, m in pairs)
    return r1.encode(), r2.encode()


@pytest.mark.slow
def test_paired_reads_are_profiled_then_reported(database: Path, sqlite_url: str) -> None:
    portal: Portal = make_portal(sqlite_url, profiler_db=database)
    http = portal.login("alice@clinic.test")
    client_id = http.post("/api/clients", json={"name": "Pairs"}).json()["id"]
    r1, r2 = _pairs(
        {
            "Escherichia_coli_K-12_MG1655.200kb.fa.gz": 1500,
            "Staphylococcus_aureus_N315.200kb.fa.gz": 500,
        }
    )
    upload = http.post(
        f"/api/clients/{client_id}/samples",
        files={
            "file": ("P3_R1.fastq.gz", gzip.compress(r1)),
            "file_r2": ("P3_R2.fastq.gz", gzip.compress(r2)),
        },
    )
    assert upload.status_code == 201, upload.text
    out = upload.json()
    assert (out["input_format"], out["sample_label"]) == ("fastq", "P3")
    assert (out["filename"], out["mate_filename"]) == ("P3_R1.fastq.gz", "P3_R2.fastq.gz")
    assert portal.run_jobs() == 1
    report = http.get(f"/api/samples/{out['id']}/report.json").json()
    assert report["sample"]["sample_id"] == "P3"
    species = next(r for r in report["composition"] if r["rank"] == "species")
    percent = {t["name"]: t["percent"] for t in species["taxa"]}
    assert set(percent) == {"Escherichia coli", "Staphylococcus aureus"}
    assert percent["Escherichia coli"] > 2 * percent["Staphylococcus aureus"]
    assert "P3_R2.fastq.gz" in http.get(f"/samples/{out['id']}").text
    portal.engine.dispose()


def test_paired_reads_of_unequal_length_are_refused(tmp_path: Path, sqlite_url: str) -> None:
    # The check happens at upload, before any profiling: no database has to be built.
    portal: Portal = make_portal(sqlite_url, profiler_db=tmp_path / "unused-db")
    http = portal.login("alice@clinic.test")
    client_id = http.post("/api/clients", json={"name": "Pairs"}).json()["id"]
    r1, r2 = _pairs({"Helicobacter_pylori_F32.200kb.fa.gz": 5})
    short_r2 = b"".join(r2.splitlines(keepends=True)[: 4 * 3])  # R2 ends after 3 of 5 mates

    def upload(first: tuple[str, bytes], second: tuple[str, bytes]) -> tuple[int, str]:
        response = http.post(
            f"/api/clients/{client_id}/samples", files={"file": first, "file_r2": second}
        )
        return response.status_code, response.json()[
            "detail"
        ] if response.status_code != 201 else ""

    status, detail = upload(("H_R1.fastq", r1), ("H_R2.fastq", short_r2))
    assert status == 422
    assert "H_R2.fastq" in detail and "record 4" in detail and "equal length" in detail
    status, detail = upload(("H_R1.fastq", r1[: len(r1) // 5 * 2]), ("H_R2.fastq", r2))
    assert status == 422 and "H_R1.fastq" in detail and "record 3" in detail
    # A second file goes only with reads; a profile plus a second file is refused.
    status, detail = upload((DEMO_PROFILE.name, DEMO_PROFILE.read_bytes()), ("H_R2.fastq", r2))
    assert status == 422 and "R2" in detail
    # The page's form gives the same message, in the page.
    page = http.get(f"/clients/{client_id}").text
    assert 'name="file_r2"' in page
    csrf = page.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    form = http.post(
        f"/clients/{client_id}/samples",
        data={"csrf": csrf},
        files={"file": ("H_R1.fastq", r1), "file_r2": ("H_R2.fastq", short_r2)},
    )
    assert form.status_code == 422 and "H_R2.fastq" in form.text and "record 4" in form.text
    assert http.get(f"/api/clients/{client_id}/samples").json() == []
    # Matching mates pass the check and are stored as one sample.
    status, _ = upload(("H_R1.fastq", r1), ("H_R2.fastq", r2))
    assert status == 201
    portal.engine.dispose()
