"""Lineages, ranks, name normalisation and mapping between taxonomy systems.

One lineage parser for every input style:

* MetaPhlAn / mOTUs style: ``k__Bacteria|p__Firmicutes|...|s__Genus_species`` (underscores for spaces)
* GTDB style: ``d__Bacteria;p__Bacillota_A;...;s__Genus species`` (``;`` or ``|`` separated,
  underscores are part of names such as ``Clostridium_G``)
* Unprefixed paths with a rank list (CAMI ``TAXPATHSN`` with ``@Ranks``).

Taxa are identified across files by ``(rank, name key)``; names within one rank of one taxonomy are
unique in practice, and this lets a species-only table (the GMHI example) meet a full lineage.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum, IntEnum
from functools import cache
from importlib import resources


class Rank(IntEnum):
    """Taxonomic ranks in lineage order."""

    DOMAIN = 0  # "kingdom" in MetaPhlAn, "superkingdom" in NCBI/CAMI, "domain" in GTDB
    PHYLUM = 1
    CLASS = 2
    ORDER = 3
    FAMILY = 4
    GENUS = 5
    SPECIES = 6
    STRAIN = 7

    @property
    def label(self) -> str:
        return self.name.lower()


PREFIX_TO_RANK: dict[str, Rank] = {
    "k": Rank.DOMAIN,
    "d": Rank.DOMAIN,
    "p": Rank.PHYLUM,
    "c": Rank.CLASS,
    "o": Rank.ORDER,
    "f": Rank.FAMILY,
    "g": Rank.GENUS,
    "s": Rank.SPECIES,
    "t": Rank.STRAIN,
}
RANK_TO_PREFIX: dict[Rank, str] = {
    Rank.DOMAIN: "k",
    Rank.PHYLUM: "p",
    Rank.CLASS: "c",
    Rank.ORDER: "o",
    Rank.FAMILY: "f",
    Rank.GENUS: "g",
    Rank.SPECIES: "s",
    Rank.STRAIN: "t",
}

# Rank words used by CAMI, Kraken, Bracken, sourmash and others.
RANK_WORDS: dict[str, Rank] = {
    "superkingdom": Rank.DOMAIN,
    "kingdom": Rank.DOMAIN,
    "domain": Rank.DOMAIN,
    "realm": Rank.DOMAIN,
    "acellular root": Rank.DOMAIN,
    "d": Rank.DOMAIN,
    "k": Rank.DOMAIN,
    "phylum": Rank.PHYLUM,
    "p": Rank.PHYLUM,
    "class": Rank.CLASS,
    "c": Rank.CLASS,
    "order": Rank.ORDER,
    "o": Rank.ORDER,
    "family": Rank.FAMILY,
    "f": Rank.FAMILY,
    "genus": Rank.GENUS,
    "g": Rank.GENUS,
    "species": Rank.SPECIES,
    "s": Rank.SPECIES,
    "strain": Rank.STRAIN,
    "subspecies": Rank.STRAIN,
    "t": Rank.STRAIN,
    "s1": Rank.STRAIN,
}


def rank_from_word(word: str) -> Rank | None:
    """The rank a rank word or code denotes (``"superkingdom"`` -> DOMAIN), or None."""
    return RANK_WORDS.get(word.strip().lower())


class TaxonomySystem(str, Enum):
    """The naming system a profile's taxa come from."""

    NCBI = "ncbi"  # NCBI Taxonomy names, as used by MetaPhlAn 2-4, mOTUs, Kraken2 standard DBs
    GTDB = "gtdb"  # Genome Taxonomy Database names (sylph-tax, sourmash GTDB DBs, sgb_to_gtdb)
    UNKNOWN = "unknown"  # labels with no known taxonomy (e.g. genome file names)


_RANKS = tuple(Rank)  # Rank(i) is _RANKS[i]
_PREFIXED = re.compile(r"^([a-zA-Z])__(.*)$")
_GTDB_SUFFIX = re.compile(r"_[A-Z]+$")


def display_name(name: str, underscores_are_spaces: bool) -> str:
    """A taxon name as people write it.

    MetaPhlAn writes ``Bacteroides_vulgatus``; GTDB writes ``Clostridium_G tetani`` where the
    underscore belongs to the name, so only MetaPhlAn-style names have underscores replaced.
    """
    name = name.strip()
    if underscores_are_spaces:
        name = name.replace("_", " ")
    return re.sub(r"\s+", " ", name)


def name_key(name: str) -> str:
    """The key two spellings of one name share: case-folded, ``_`` and spaces alike, NCBI's
    brackets around a misplaced genus dropped (``[Eubacterium] rectale`` = ``Eubacterium rectale``)."""
    return re.sub(r"[\s_]+", " ", name.replace("[", "").replace("]", "").strip()).casefold()


def strip_gtdb_suffixes(name: str) -> str:
    """``Faecalibacterium prausnitzii_C`` -> ``Faecalibacterium prausnitzii``.

    GTDB marks each part of a polyphyletic NCBI taxon with an alphabetic suffix (Parks et al. 2022,
    Nucleic Acids Res, doi:10.1093/nar/gkab776); the parts together correspond to the NCBI taxon.
    """
    return " ".join(_GTDB_SUFFIX.sub("", word) for word in name.split(" "))


@dataclass(frozen=True, slots=True)
class Lineage:
    """A taxon and its ancestors: ``names[r]`` is the name at rank ``r`` (None where unknown)."""

    names: tuple[str | None, ...]

    def __post_init__(self) -> None:
        if not self.names or self.names[-1] is None:
            raise ValueError("a lineage must end in a named taxon")
        if len(self.names) > len(Rank):
            raise ValueError(f"a lineage has at most {len(Rank)} ranks")

    @property
    def rank(self) -> Rank:
        # a tuple index, not Rank(...): readers ask once per row (10,000 files: 2.4 M times)
        return _RANKS[len(self.names) - 1]

    @property
    def name(self) -> str:
        deepest = self.names[-1]
        assert deepest is not None  # guaranteed by __post_init__
        return deepest

    @property
    def key(self) -> tuple[Rank, str]:
        """Identity across files: rank and name key."""
        return (self.rank, name_key(self.name))

    def at(self, rank: Rank) -> str | None:
        return self.names[rank] if rank < len(self.names) else None

    def truncated(self, rank: Rank) -> Lineage:
        return Lineage(self.names[: rank + 1])

    def to_metaphlan(self) -> str:
        """``k__Bacteria|p__...`` with underscores for spaces (unknown ranks left out)."""
        parts = []
        for rank, name in enumerate(self.names):
            if name is not None:
                parts.append(f"{RANK_TO_PREFIX[Rank(rank)]}__{name.replace(' ', '_')}")
        return "|".join(parts)

    def __str__(self) -> str:
        return ";".join(n if n is not None else "" for n in self.names)


def parse_lineage(
    text: str, ranks: Sequence[Rank] | None = None, underscores_are_spaces: bool | None = None
) -> Lineage:
    """Parse a lineage in any supported style.

    Args:
        text: ``k__A|p__B|...``, ``d__A;p__B;...`` or (with ``ranks``) ``A|B|...``.
        ranks: for unprefixed paths, the rank of each element (CAMI ``@Ranks``).
        underscores_are_spaces: whether ``_`` stands for a space in names; by default only in
            MetaPhlAn-style (``k__``) lineages.

    Raises:
        ValueError: when the text is not a lineage (the reader turns this into an InputError).
    """
    text = text.strip()
    if not text:
        raise ValueError("empty lineage")
    separator = "|" if "|" in text else ";"
    parts = [p.strip() for p in text.split(separator)]
    while parts and parts[-1] == "":
        parts.pop()
    if not parts:
        raise ValueError("empty lineage")
    names: list[str | None] = [None] * len(Rank)
    deepest = -1
    prefixed = _PREFIXED.match(parts[0]) is not None
    if underscores_are_spaces is None:
        underscores_are_spaces = prefixed and parts[0].startswith("k__")
    for position, part in enumerate(parts):
        if prefixed:
            match = _PREFIXED.match(part)
            if match is None:
                raise ValueError(f"element {part!r} has no rank prefix such as 'p__'")
            prefix, name = match.group(1).lower(), match.group(2)
            if prefix not in PREFIX_TO_RANK:
                raise ValueError(f"unknown rank prefix {prefix!r}__")
            rank = PREFIX_TO_RANK[prefix]
        else:
            if ranks is None:
                raise ValueError("element without rank prefix and no rank list given")
            if position >= len(ranks):
                raise ValueError("more lineage elements than ranks")
            rank, name = ranks[position], part
        if rank <= deepest:
            raise ValueError(f"rank {rank.label} out of order")
        name = display_name(name, underscores_are_spaces=underscores_are_spaces)
        if name:
            names[rank] = name
        deepest = rank
    while names and names[-1] is None:
        names.pop()
    if not names:
        raise ValueError("lineage names no taxon")
    return Lineage(tuple(names))


def guess_system(lineages: Iterable[Lineage | str]) -> TaxonomySystem:
    """Tell GTDB from NCBI names by GTDB's own phylum names and placeholder genera.

    GTDB phyla end in ``-ota`` (Bacillota, Bacteroidota, ...) or carry suffixes such as
    ``Firmicutes_A``; NCBI (before its 2021 phylum renaming reached profilers) uses Firmicutes,
    Bacteroidetes, Proteobacteria.
    """
    gtdb_votes = ncbi_votes = 0
    for item in lineages:
        phylum = item.at(Rank.PHYLUM) if isinstance(item, Lineage) else item
        if not phylum:
            continue
        if re.search(r"_[A-Z]+$", phylum) or phylum.endswith("ota"):
            gtdb_votes += 1
        elif phylum.endswith(("etes", "bacteria", "icutes", "teria", "ia")):
            ncbi_votes += 1
    if gtdb_votes > ncbi_votes:
        return TaxonomySystem.GTDB
    if ncbi_votes:
        return TaxonomySystem.NCBI
    return TaxonomySystem.UNKNOWN


# ---------------------------------------------------------------------------------------------
# Synonyms: renamed taxa that markers depend on. Data lives in knowledge/taxonomy_synonyms.tsv.


def _knowledge_rows(filename: str) -> list[dict[str, str]]:
    """Rows of a tab-separated knowledge file (``#`` comment lines skipped)."""
    text = resources.files("microbiomix.knowledge").joinpath(filename).read_text()
    rows = [line for line in text.splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(rows, delimiter="\t"))


@dataclass(frozen=True, slots=True)
class Synonym:
    rank: Rank
    name: str
    accepted: str
    source: str
    note: str
    verified: str  # what was read to check the row (issue 12)


SYNONYM_FIELDS = ("name", "accepted", "source", "verified")


def parse_synonym_rows(rows: Iterable[dict[str, str]], where: str = "taxonomy_synonyms.tsv") -> tuple[Synonym, ...]:
    """Synonym rows (``csv.DictReader`` dicts, header on line 1 of the data) as :class:`Synonym`.

    Raises:
        ValueError: one line naming the row: an unknown rank, or an empty name, accepted name,
            source or `verified` note (how the source was checked).
    """
    table = []
    for number, row in enumerate(rows, start=2):
        rank = rank_from_word(row.get("rank") or "")
        if rank is None or any(not (row.get(key) or "").strip() for key in SYNONYM_FIELDS):
            raise ValueError(
                f"{where}: row {number} needs a known rank and a non-empty {', '.join(SYNONYM_FIELDS)}"
            )
        table.append(Synonym(rank, row["name"], row["accepted"], row["source"], row.get("note") or "",
                             row["verified"]))
    return tuple(table)


@cache
def synonyms() -> tuple[Synonym, ...]:
    """The curated synonym table shipped with the package (every row says how it was checked)."""
    return parse_synonym_rows(_knowledge_rows("taxonomy_synonyms.tsv"))


@cache
def _synonym_index() -> dict[tuple[Rank, str], str]:
    index: dict[tuple[Rank, str], str] = {}
    for entry in synonyms():
        accepted = name_key(entry.accepted)
        index[(entry.rank, name_key(entry.name))] = accepted
        index.setdefault((entry.rank, accepted), accepted)
    return index


def canonical_key(rank: Rank, name: str, strip_suffixes: bool = False) -> tuple[Rank, str]:
    """The key under which synonyms (and, optionally, GTDB suffix variants) meet."""
    key = name_key(strip_gtdb_suffixes(name) if strip_suffixes else name)
    return (rank, _synonym_index().get((rank, key), key))


# ---------------------------------------------------------------------------------------------
# Lineages of species named without one (species-only tables): knowledge/taxonomy_lineages.tsv,
# built by scripts/build_taxonomy_lineages.py from the lineages in bundled MetaPhlAn/mOTUs outputs.


@cache
def _lineage_table() -> dict[tuple[Rank, str], Lineage]:
    table: dict[tuple[Rank, str], Lineage] = {}
    for row in _knowledge_rows("taxonomy_lineages.tsv"):
        lineage = parse_lineage(row["lineage"])
        table.setdefault(canonical_key(lineage.rank, lineage.name), lineage)
        genus = lineage.at(Rank.GENUS)
        if genus is not None:
            table.setdefault(canonical_key(Rank.GENUS, genus), lineage.truncated(Rank.GENUS))
    return table


def known_lineage(rank: Rank, name: str) -> Lineage | None:
    """The shipped lineage of a species or genus (synonyms joined), or None.

    Lineages are in MetaPhlAn 3 (mpa_v30) naming where a MetaPhlAn 3 output named the taxon, so
    a species-only profile gets the same higher ranks as a MetaPhlAn 3 profile would have.
    A species the table lacks takes its genus's lineage (the binomial's first word).
    """
    table = _lineage_table()
    found = table.get(canonical_key(rank, name))
    if found is not None or rank != Rank.SPECIES:
        return found
    genus = table.get(canonical_key(Rank.GENUS, name_key(name).split(" ")[0]))
    if genus is None:
        return None
    return Lineage((*genus.names[: Rank.GENUS + 1], name))


# ---------------------------------------------------------------------------------------------
# Domains: which rows are the microbial community. Data: knowledge/taxonomy_domains.tsv.


class Domain(str, Enum):
    """What kind of organism a taxon is, for denominators and the sample-quality gate."""

    BACTERIA = "bacteria"
    ARCHAEA = "archaea"
    MICROBIAL_EUKARYOTE = "microbial_eukaryote"  # fungi, protists, helminths
    HOST_OR_NON_MICROBIAL = "host_or_non_microbial"  # Homo sapiens, other Chordata, plants ...
    VIRUS = "virus"
    UNKNOWN = "unknown"  # neither the input nor the shipped lineage table says


# The community every guild, panel, phylum and diversity percentage is a percent of. Taxa of
# unknown domain stay in it (a species-only table may name a bacterium the lineage table lacks);
# their share is reported by the sample-quality gate.
COMMUNITY_DOMAINS = frozenset({Domain.BACTERIA, Domain.ARCHAEA, Domain.UNKNOWN})

# ICTV naming: virus realms end in -viria, kingdoms -virae, orders -virales, families -viridae
# (ICTV Code, rule 3.2,
# https://ictv.global/about/code); newer NCBI taxonomy puts realms where "Viruses" was.
_VIRUS_NAME = re.compile(r"(viria|virae|virales|viridae)$|virus|phage", re.IGNORECASE)


@cache
def _domain_rows() -> dict[tuple[Rank, str], Domain]:
    table: dict[tuple[Rank, str], Domain] = {}
    for row in _knowledge_rows("taxonomy_domains.tsv"):
        rank = rank_from_word(row["rank"])
        if rank is None or not row["source"].strip():
            raise ValueError(f"taxonomy_domains.tsv: row {row['name']!r} needs a rank and a source")
        table[(rank, name_key(row["name"]))] = Domain(row["domain"])
    return table


def _listed_domain(lineage: Lineage) -> Domain | None:
    rows = _domain_rows()
    for rank in reversed(range(len(lineage.names))):
        name = lineage.names[rank]
        if name is not None and (Rank(rank), name_key(name)) in rows:
            return rows[(Rank(rank), name_key(name))]
    return None


@cache
def classify_domain(lineage: Lineage) -> Domain:
    """Bacteria, archaea, microbial eukaryote, host or other non-microbial, virus, or unknown.

    From the lineage's own names (deepest listed row wins: Homo sapiens in Eukaryota is host);
    for a name without a domain, virus-like names, then the shipped lineage table.
    """
    listed = _listed_domain(lineage)
    domain_name = lineage.at(Rank.DOMAIN)
    if domain_name is not None:
        if listed is not None:
            return listed
        return Domain.VIRUS if _VIRUS_NAME.search(domain_name) else Domain.UNKNOWN
    if listed is not None:
        return listed
    if _VIRUS_NAME.search(lineage.name):
        return Domain.VIRUS
    if lineage.rank in (Rank.SPECIES, Rank.GENUS, Rank.STRAIN):
        rank = Rank.SPECIES if lineage.rank == Rank.STRAIN else lineage.rank
        name = lineage.at(rank) or lineage.name
        known = known_lineage(rank, name)
        if known is not None:
            return _listed_domain(known) or Domain.UNKNOWN
    return Domain.UNKNOWN


# ---------------------------------------------------------------------------------------------
# MetaPhlAn 4 SGB -> GTDB, from the tables that ship inside the `metaphlan` package (PyPI).

SGB2GTDB_TABLES: dict[str, str] = {
    # MetaPhlAn database -> the SGB2GTDB table of metaphlan 4.2.5 (metaphlan/utils/)
    "mpa_vJan21_CHOCOPhlAnSGB_202103": "mpa_vJan21_CHOCOPhlAnSGB_202103_SGB2GTDB_r207.tsv",
    "mpa_vOct22_CHOCOPhlAnSGB_202212": "mpa_vOct22_CHOCOPhlAnSGB_202212_SGB2GTDB_r207.tsv",
    "mpa_vJun23_CHOCOPhlAnSGB_202307": "mpa_vJun23_CHOCOPhlAnSGB_202307_SGB2GTDB_r207.tsv",
    "mpa_vJun23_CHOCOPhlAnSGB_202403": "mpa_vJun23_CHOCOPhlAnSGB_202403_SGB2GTDB_r207.tsv",
    "mpa_vJan25_CHOCOPhlAnSGB_202503": "mpa_vJan25_CHOCOPhlAnSGB_202503_SGB2GTDB_r220.tsv",
    "mpa_vJan26_CHOCOPhlAnSGB_202605": "mpa_vJan26_CHOCOPhlAnSGB_202605_SGB2GTDB_r226.tsv",
}
SGB2GTDB_SOURCE = "metaphlan 4.2.5 (PyPI), metaphlan/utils/*_SGB2GTDB_*.tsv, MIT licence"


@cache
def sgb_to_gtdb(database: str) -> dict[str, Lineage]:
    """SGB id (``SGB1234``) -> GTDB lineage for one MetaPhlAn 4 database.

    Raises:
        KeyError: no table for that database.
    """
    table = SGB2GTDB_TABLES[database]
    text = resources.files("metaphlan.utils").joinpath(table).read_text()
    mapping: dict[str, Lineage] = {}
    for line in text.splitlines():
        sgb, _, lineage = line.partition("\t")
        lineage = lineage.strip()
        # A few SGBs are listed as plain "Unclassified": they have no GTDB placement.
        if sgb and lineage.startswith("d__"):
            mapping[sgb.strip()] = parse_lineage(lineage)
    return mapping


@cache
def gtdb_name_keys() -> frozenset[tuple[Rank, str]]:
    """Canonical keys (GTDB suffixes dropped) of every GTDB taxon named in the SGB2GTDB tables.

    Used to decide whether an NCBI-named marker taxon has a GTDB counterpart at all.
    """
    names: set[tuple[Rank, str]] = set()
    for table in dict.fromkeys(SGB2GTDB_TABLES.values()):
        text = resources.files("metaphlan.utils").joinpath(table).read_text()
        for line in text.splitlines():
            _, _, lineage = line.partition("\t")
            for part in lineage.strip().split(";"):
                prefix, sep, name = part.partition("__")
                if sep and name and prefix in PREFIX_TO_RANK:
                    names.add((PREFIX_TO_RANK[prefix], name))
    return frozenset(canonical_key(rank, name, strip_suffixes=True) for rank, name in names)
