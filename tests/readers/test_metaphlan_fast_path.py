"""The single-file MetaPhlAn reader's fast path (issue 15) gives exactly what the line-by-line
reader gives, and steps aside for anything unusual so the careful reader names the problem.

Files: every MetaPhlAn single-sample profile under tests/data (kefir MetaPhlAn 3, taxpasta's
MetaPhlAn test files, MetaPhlAn 4 trust cases); edited copies of a real kefir profile for the
faults. Expected lines are counted in the file (4 comment lines, then UNKNOWN on line 5).
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from microbiomix.errors import InputError
from microbiomix.readers import detect_format, read_profiles
from microbiomix.readers.metaphlan import _single_at_once, _single_line_by_line

DATA = Path(__file__).resolve().parents[1] / "data"
KEFIR = DATA / "metaphlan_kefir" / "Subj001_time1_S1.metaphlan3.txt"
def _detected(path: Path) -> str | None:
    try:
        return detect_format(path)
    except InputError:
        return None


SINGLES = sorted(
    p for p in DATA.rglob("*")
    if p.is_file() and "golden" not in p.parts and _detected(p) == "metaphlan"
)


def test_the_real_files_are_found() -> None:
    # 22 kefir MetaPhlAn 3 + 5 taxpasta MetaPhlAn files + 2 MetaPhlAn 4 trust cases at least
    assert len(SINGLES) >= 29
    assert KEFIR in SINGLES


@pytest.mark.parametrize("path", SINGLES, ids=lambda p: p.name)
def test_fast_path_equals_line_by_line(path: Path) -> None:
    careful = _single_line_by_line(path)
    fast = _single_at_once(path)
    if path.suffix == ".gz":
        assert fast is None  # gzip goes the careful way
        return
    assert fast is not None
    comments, width, abundances, unknown, system = fast
    assert (comments, width, unknown, system) == careful[:2] + careful[3:]
    # same taxa in the same order with the same floats
    assert list(abundances.items()) == list(careful[2].items())


def _kefir_lines() -> list[str]:
    return KEFIR.read_text().splitlines()


def _edited(tmp_path: Path, line: int, new: str | None, extra: str | None = None) -> Path:
    """The kefir profile with 1-based ``line`` replaced by ``new`` (None: kept), ``extra``
    appended."""
    lines = _kefir_lines()
    if new is not None:
        lines[line - 1] = new
    if extra is not None:
        lines.append(extra)
    out = tmp_path / "edited.metaphlan3.txt"
    out.write_text("\n".join(lines) + "\n")
    return out


def test_kefir_layout_as_the_cases_assume() -> None:
    lines = _kefir_lines()
    assert lines[3].startswith("#clade_name\tNCBI_tax_id\trelative_abundance")
    assert lines[4].startswith("UNKNOWN\t-1\t")
    assert lines[5].startswith("k__Bacteria\t2\t")


# (what, line to replace, new text, appended line, the line the error must name, words in it)
FAULTS = [
    ("bad number", 6, "k__Bacteria\t2\tmany\t", None, 6, "expected a number"),
    ("negative", 6, "k__Bacteria\t2\t-1.0\t", None, 6, "non-negative"),
    ("not finite", 6, "k__Bacteria\t2\tnan\t", None, 6, "finite"),
    ("short row", 6, "k__Bacteria\t2", None, 6, "at least 3"),
    ("second UNKNOWN", None, None, "UNKNOWN\t-1\t1.0\t", 0, "listed twice"),
    ("UNKNOWN over 100", 5, "UNKNOWN\t-1\t150.0\t", None, 5, "unknown percentage"),
    ("taxon twice", None, None, "k__Bacteria\t2\t0.5\t", 0, "listed twice"),
    # line 7 is k__Viruses at 25.6993: with Bacteria at 99 the domain rank passes 101% there
    ("rank over 100", 6, "k__Bacteria\t2\t99.0\t", None, 7, "sum to"),
    ("bad lineage", 6, "k__Bacteria|x|\t2\t1.0\t", None, 6, "lineage"),
    ("no relative_abundance column", 4, "#clade_name\tNCBI_tax_id\tabundance", None, 4,
     "relative_abundance"),
]


@pytest.mark.parametrize(("what", "line", "new", "extra", "named", "words"), FAULTS,
                         ids=[f[0] for f in FAULTS])
def test_faults_go_to_the_careful_reader(
    tmp_path: Path, what: str, line: int | None, new: str | None, extra: str | None, named: int,
    words: str,
) -> None:
    path = _edited(tmp_path, line or 1, new, extra)
    assert _single_at_once(path) is None
    with pytest.raises(InputError) as raised:
        read_profiles(path, "metaphlan")
    expected_line = named or len(_kefir_lines()) + 1  # 0: the appended line
    assert raised.value.line == expected_line, what
    assert words in str(raised.value)


@pytest.mark.parametrize("kind", ["crlf", "gzip", "bom"])
def test_unusual_encodings_read_the_same(tmp_path: Path, kind: str) -> None:
    text = KEFIR.read_text()
    path = tmp_path / "copy.metaphlan3.txt"
    if kind == "crlf":
        path.write_bytes(text.replace("\n", "\r\n").encode())
    elif kind == "gzip":
        path = path.with_suffix(".txt.gz")
        path.write_bytes(gzip.compress(text.encode()))
    else:
        path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    (ours,) = read_profiles(path, "metaphlan", sample_id="S")
    (plain,) = read_profiles(KEFIR, "metaphlan", sample_id="S")
    assert list(ours.abundances.items()) == list(plain.abundances.items())
    assert ours.unknown == plain.unknown
    if kind == "bom":
        assert _single_at_once(path) is not None
    else:
        assert _single_at_once(path) is None
