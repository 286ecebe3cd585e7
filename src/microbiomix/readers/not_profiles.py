"""Files people often pass by mistake from a folder of profiler outputs, named so the refusal helps.

Each entry recognises the head of a file that is not a taxonomic profile and says what it is and
which file to give instead (Kraken 2 manual "Standard Kraken Output Format"; FASTQ/FASTA/SAM by
their first characters; HUMAnN 3 table headers; sourmash signatures are JSON lists of
``sourmash_signature`` objects).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from microbiomix.readers.text import Head

_KRAKEN_PER_READ = re.compile(r"^[CU]\t[^\t]+\t[^\t]+\t[\d|]+\t")


def _kraken_per_read(head: Head) -> bool:
    data = head.data_lines()
    return bool(data) and all(_KRAKEN_PER_READ.match(line) for line in data[:20])


def _fastq(head: Head) -> bool:
    lines = head.lines
    return len(lines) >= 3 and lines[0].startswith("@") and lines[2].startswith("+")


def _humann(head: Head) -> bool:
    return bool(head.lines) and re.match(r"#\s*(Gene Family|Pathway)\t", head.lines[0]) is not None


def _sam(head: Head) -> bool:
    return bool(head.lines) and head.lines[0].startswith(("@HD\t", "@SQ\t", "@PG\t"))


def _sourmash_signature(head: Head) -> bool:
    return head.raw.lstrip()[:1] in (b"[", b"{") and b"sourmash_signature" in head.raw[:4096]


_KNOWN: tuple[tuple[Callable[[Head], bool], str], ...] = (
    (
        _kraken_per_read,
        ("this is Kraken's per-read output (--output), not a report: give the file Kraken wrote "
        "with --report"),
    ),
    (_sam, "these are read alignments (SAM), not a taxonomic profile"),
    (
        _fastq,
        "these are sequencing reads (FASTQ): profile them first with `mmm profile` (or `mmm run`)",
    ),
    (
        _humann,
        ("this is a HUMAnN functional profile (gene families or pathways), not a taxonomic "
        "profile; `mmm markers` takes it beside the profiles, `mmm report` with --functions"),
    ),
    (
        _sourmash_signature,
        ("this is a sourmash signature: run `sourmash gather` (and `sourmash tax metagenome`) and "
        "give their output"),
    ),
)


def what_it_is(head: Head) -> str | None:
    """A sentence naming a common non-profile file, or None when the head is not one of them."""
    if not head.raw.strip():
        return "the file is empty"
    for recognise, sentence in _KNOWN:
        if recognise(head):
            return sentence
    if head.lines and head.lines[0].startswith(">"):
        return "these are sequences (FASTA), not a taxonomic profile"
    return None
