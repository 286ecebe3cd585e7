"""FASTQ input: QC values computed by hand, and every malformed input named by file and record."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from microbiomix.errors import InputError
from microbiomix.readers import formats
from microbiomix.readers.fastq import qc_summary, read_chunks


def fastq(records: list[tuple[str, str, str]]) -> str:
    return "".join(f"@{name}\n{seq}\n+\n{qual}\n" for name, seq, qual in records)


def write(path: Path, text: str, compress: bool = False) -> Path:
    if compress:
        with gzip.open(path, "wt") as handle:
            handle.write(text)
    else:
        path.write_text(text)
    return path


RECORDS = [
    ("r1/1", "ACGTACGTAC", "IIIIIIIIII"),  # Q40 x 10, GC 5
    ("r2/1", "GGGGCCCC", "++++5555"),  # Q10 x 4, Q20 x 4, GC 8
    ("r3/1", "ACGTACGTAC", "##########"),  # Q2 x 10, duplicate of r1
]


@pytest.mark.parametrize("compress", [False, True])
def test_qc_summary_hand_computed(tmp_path: Path, compress: bool) -> None:
    path = write(tmp_path / ("a.fq.gz" if compress else "a.fq"), fastq(RECORDS), compress)
    qc = qc_summary(path)
    assert qc.reads == 3 and qc.bases == 28 and qc.pairs is None
    assert qc.length_histogram == {10: 2, 8: 1}
    assert qc.gc_bases == 5 + 8 + 5
    assert qc.mean_quality == pytest.approx((400 + 40 + 80 + 20) / 28)
    assert qc.fraction_at_least(20) == pytest.approx(14 / 28)
    assert qc.fraction_at_least(30) == pytest.approx(10 / 28)
    assert qc.duplicates_checked == 3 and qc.duplicates == 1
    document = qc.as_dict()
    assert document["length"] == {
        "min": 8,
        "max": 10,
        "mean": pytest.approx(28 / 3, abs=1e-3),
        "histogram": {"8": 1, "10": 2},
    }
    assert document["quality"]["histogram"] == {"2": 10, "10": 4, "20": 4, "40": 10}


def test_paired_duplicates_count_pairs(tmp_path: Path) -> None:
    r1 = write(tmp_path / "r1.fq", fastq(RECORDS))
    mates = [("r1/2", "TTTT", "IIII"), ("r2/2", "AAAA", "IIII"), ("r3/2", "GGGG", "IIII")]
    r2 = write(tmp_path / "r2.fq", fastq(mates))
    qc = qc_summary(r1, r2)
    assert qc.paired and qc.reads == 6 and qc.pairs == 3 and qc.bases == 40
    # r3 repeats r1's first mate but not its second: not a duplicate pair.
    assert qc.duplicates == 0


def test_chunks_keep_pairs_together_across_chunk_boundaries(tmp_path: Path) -> None:
    many = [(f"q{i}", "ACGT" * (i % 5 + 1), "I" * 4 * (i % 5 + 1)) for i in range(25)]
    r1 = write(tmp_path / "r1.fq", fastq(many))
    r2 = write(tmp_path / "r2.fq", fastq(many))
    chunks = list(read_chunks(r1, r2, chunk_records=7))
    assert [len(c) for c in chunks] == [7, 7, 7, 4]
    for chunk in chunks:
        assert chunk.r2 is not None
        assert [r.name for r in chunk.r1] == [r.name for r in chunk.r2]


@pytest.mark.parametrize(
    ("text", "line", "record"),
    [
        (fastq(RECORDS[:1]) + "@r2\nACGT\n+\nIII\n", 8, 2),  # qualities shorter than sequence
        (fastq(RECORDS[:2]) + "r3\nACGT\n+\nIIII\n", 9, 3),  # header without '@'
        (fastq(RECORDS[:1]) + "@r2\nACGT\n-\nIIII\n", 7, 2),  # separator not '+'
        (fastq(RECORDS[:1]) + "@r2\nACGT\n", 7, 2),  # file ends inside a record (line 7 missing)
    ],
)
def test_malformed_records_name_line_and_record(
    tmp_path: Path, text: str, line: int, record: int
) -> None:
    path = write(tmp_path / "bad.fq", text)
    with pytest.raises(InputError) as caught:
        qc_summary(path)
    assert caught.value.path == str(path)
    assert caught.value.line == line
    assert f"record {record}" in str(caught.value)


def test_truncated_gzip_names_file_and_record(tmp_path: Path) -> None:
    whole = write(tmp_path / "whole.fq.gz", fastq(RECORDS * 2000), compress=True)
    data = whole.read_bytes()
    cut = write(tmp_path / "cut.fq.gz", "")
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError) as caught:
        qc_summary(cut)
    message = str(caught.value)
    assert str(cut) in message and "truncated" in message and "record" in message


@pytest.mark.parametrize("longer", ["r1", "r2"])
def test_pairs_of_unequal_length(tmp_path: Path, longer: str) -> None:
    three = fastq(RECORDS)
    two = fastq([(n.replace("/1", "/2"), s, q) for n, s, q in RECORDS[:2]])
    r1 = write(tmp_path / "r1.fq", three if longer == "r1" else two.replace("/2", "/1"))
    r2 = write(tmp_path / "r2.fq", two if longer == "r1" else three.replace("/1", "/2"))
    with pytest.raises(InputError) as caught:
        qc_summary(r1, r2)
    short = r2 if longer == "r1" else r1
    assert caught.value.path == str(short)
    assert "record 3" in str(caught.value) and "after 2 records" in str(caught.value)
    assert caught.value.line == 9


def test_mates_out_of_order(tmp_path: Path) -> None:
    r1 = write(tmp_path / "r1.fq", fastq(RECORDS))
    swapped = [RECORDS[0], RECORDS[2], RECORDS[1]]
    r2 = write(tmp_path / "r2.fq", fastq(swapped))
    with pytest.raises(InputError) as caught:
        qc_summary(r1, r2)
    assert caught.value.path == str(r2) and caught.value.line == 5
    assert "record 2" in str(caught.value) and "mate of 'r2/1'" in str(caught.value)


def test_the_same_file_as_both_mates_is_refused(tmp_path: Path) -> None:
    # `mmm profile S1_R1.fq S1_R1.fq` (a typo) used to profile every read twice without a word.
    r1 = write(tmp_path / "r1.fq", fastq(RECORDS))
    (tmp_path / "link.fq").symlink_to(r1)
    for r2 in (r1, tmp_path / "link.fq"):
        with pytest.raises(InputError) as caught:
            qc_summary(r1, r2)
        assert caught.value.path == str(r2) and "mate file" in str(caught.value)


def test_empty_and_missing_files(tmp_path: Path) -> None:
    empty = write(tmp_path / "empty.fq", "")
    with pytest.raises(InputError, match="empty"):
        qc_summary(empty)
    with pytest.raises(InputError, match="not found"):
        qc_summary(tmp_path / "absent.fq")


def test_fasta_is_not_fastq(tmp_path: Path) -> None:
    path = write(tmp_path / "reads.fa", ">r1\nACGT\n")
    with pytest.raises(InputError) as caught:
        qc_summary(path)
    assert caught.value.line == 1


def test_fastq_is_not_a_profile_format() -> None:
    assert "fastq" not in formats()
