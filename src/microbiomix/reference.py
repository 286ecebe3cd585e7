"""Healthy reference populations: where a marker value sits among healthy people.

A :class:`Reference` holds, per marker, the sorted values of that marker in healthy samples, and
the healthy samples' species profiles (for distance-based scores such as the dysbiosis score).

* ``percentile(marker, x)`` is the mean-rank percentile ``100 * (#{r < x} + #{r <= x}) / (2 n)``
  over the reference values ``r`` (``scipy.stats.percentileofscore(kind="mean")``).
* :func:`build_reference` makes one from any cohort (``mmm reference build``); a marker is kept
  when at least :data:`MIN_VALUES` reference samples have a value for it.
* Every reference records what it is: profiler family (``metaphlan3``), profiler and database,
  taxonomy, samples and independent subjects, population (ages, countries) and source. A
  percentile is comparable only when the input was profiled the same way
  (:func:`compatibility`); otherwise it is shown as approximate and findings on it stay ``info``.
* Bundled references, one per profiler family, ship prebuilt in ``knowledge/reference/*.npz``
  (made by ``scripts/build_references.py`` with ``mmm reference build``; loading one takes
  milliseconds): MetaPhlAn 2 (118 healthy adults of the GMHI validation cohort, GMHI from the
  2,754 healthy samples of the GMHI pooled cohort), MetaPhlAn 3 (300 samples of HMP2 non-IBD
  controls) and mOTUs 3 (66 colonoscopy-negative controls of Zeller 2014, runs aggregated per
  subject). :func:`reference_for` picks the one matching an input; :func:`default_reference` is
  the MetaPhlAn 2 one. The pooled cohort's diversity values are not used for percentiles: they
  count only the 313 GMHI species, while microbiomix's diversity markers count every species.
  See ``knowledge/README.md`` for provenance.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np

from microbiomix import SCHEMA_VERSION, __version__
from microbiomix.errors import InputError, UsageError
from microbiomix.markers import MarkerSpec, MarkerValues, registry
from microbiomix.markers.dysbiosis import leave_one_out_scores
from microbiomix.markers.groups import species_columns, species_percent
from microbiomix.outputs import atomic_writer
from microbiomix.profile import Cohort, Profile, Provenance
from microbiomix.taxonomy import Rank, TaxonomySystem, canonical_key

FORMAT_TAG = "microbiomix-reference"
# Knowledge files whose content decides marker values: a reference built with other versions of
# them holds values of other definitions (its percentiles are then not comparable).
MARKER_KNOWLEDGE = (
    "guilds.tsv", "panels.tsv", "taxonomy_synonyms.tsv", "taxonomy_domains.tsv",
    "taxonomy_lineages.tsv", "indices/MH_species.txt", "indices/MN_species.txt",
    "indices/gmwi2_coefficients.tsv", "indices/gmwi2_intercept.txt",
)


@cache
def knowledge_digest() -> str:
    """SHA-256 over the knowledge files that decide marker values (:data:`MARKER_KNOWLEDGE`)."""
    import hashlib

    digest = hashlib.sha256()
    folder = resources.files("microbiomix.knowledge")
    for name in MARKER_KNOWLEDGE:
        entry = folder.joinpath(name)
        digest.update(name.encode() + b"\0")
        if entry.is_file():
            digest.update(entry.read_bytes())
    return digest.hexdigest()
MIN_VALUES = 20  # fewer reference values than this give too coarse a percentile to report

DEFAULT_NAME = "metaphlan2-gmhi-healthy"
DEFAULT_PROFILES = "reference/healthy_profiles_metaphlan2.csv"
DEFAULT_POOLED = "reference/gmhi_pooled_indices.tsv"
# Pooled-cohort index names (GMWI-webtool) -> microbiomix marker ids.
POOLED_INDICES = {
    "GMWI": "gmhi",
    "Richness": "richness",
    "Shannon": "shannon",
    "Evenness": "evenness",
    "Inverse Simpson": "inverse_simpson",
}
# Of those, the ones whose pooled definition equals the marker's. The pooled diversity indices count
# only the 313 GMHI species (GMWI-webtool supplementary/diversity/README.md); ours count all species.
POOLED_SAME_DEFINITION = frozenset({"gmhi"})
# Markers not placed against the bundled species-only MetaPhlAn2 profiles, and why.
DEFAULT_EXCLUDED = {
    "gmwi2": "GMWI2 reads clades at every rank and the unknown fraction, which the bundled "
    "species-only MetaPhlAn2 profiles lack",
}


@dataclass
class Reference:
    """A healthy reference population.

    Attributes:
        name: short name, shown in the ``reference`` output column.
        description: where the samples come from and what limits them.
        taxonomy: naming system of the species profiles.
        profiler: the profiler that made them (``MetaPhlAn 2`` ...).
        distributions: marker id -> sorted finite values in the reference samples.
        sources: marker id -> where its distribution came from.
        sample_ids: the reference samples with species profiles.
        species: species names (columns of ``profiles``).
        profiles: samples x species, proportions (rows sum to 1).
        family: profiler family (``metaphlan2``, ``metaphlan3``, ``motus3`` ...; see
            :func:`profiler_family`), which decides compatibility with an input.
        database: the profiler's database, when known.
        subjects: number of independent people (None: not known).
        population: who they are (ages, countries, health definition) and what limits them.
        source: where the samples come from (DOI, repository@commit).
    """

    name: str
    description: str
    taxonomy: TaxonomySystem
    profiler: str
    distributions: dict[str, np.ndarray]
    sources: dict[str, str]
    sample_ids: tuple[str, ...]
    species: tuple[str, ...]
    profiles: np.ndarray
    family: str = ""
    database: str | None = None
    subjects: int | None = None
    population: str = ""
    source: str = ""
    knowledge: str = ""  # knowledge_digest() of the marker definitions it was built with
    _keys: dict[bool, list[tuple[Rank, str]]] = field(default_factory=dict, repr=False)

    def limits(self) -> str:
        """One line: samples, independent subjects, population, as every report shows it."""
        people = (f"{self.subjects} independent subjects" if self.subjects is not None
                  else "number of independent subjects not known")
        return (f"{self.name}: {self.profiler}"
                + (f" ({self.database})" if self.database else "")
                + f", {len(self.sample_ids)} samples, {people}"
                + (f"; {self.population}" if self.population else ""))

    def provenance(self) -> dict[str, object]:
        """What the reference is, for JSON outputs."""
        return {
            "name": self.name, "family": self.family, "profiler": self.profiler,
            "database": self.database, "taxonomy": self.taxonomy.value,
            "samples": len(self.sample_ids), "subjects": self.subjects,
            "population": self.population, "source": self.source,
        }

    def percentile(self, marker_id: str, values: np.ndarray) -> np.ndarray:
        """Mean-rank percentile (0-100) of each value; NaN where the value is NaN or the marker
        has no distribution here."""
        values = np.asarray(values, dtype=np.float64)
        ref = self.distributions.get(marker_id)
        if ref is None or ref.size == 0:
            return np.full(values.shape, np.nan)
        below = np.searchsorted(ref, values, side="left")
        at_or_below = np.searchsorted(ref, values, side="right")
        out = 100.0 * (below + at_or_below) / (2.0 * ref.size)
        return np.where(np.isnan(values), np.nan, out)

    def species_keys(self, strip_suffixes: bool) -> list[tuple[Rank, str]]:
        if strip_suffixes not in self._keys:
            self._keys[strip_suffixes] = [
                canonical_key(Rank.SPECIES, s, strip_suffixes) for s in self.species
            ]
        return self._keys[strip_suffixes]

    # -- files ---------------------------------------------------------------------------------

    def save(self, path: str | Path) -> None:
        """Write as a NumPy ``.npz`` archive (no pickles), atomically."""
        ids = sorted(self.distributions)
        offsets = np.cumsum([0] + [self.distributions[i].size for i in ids]).astype(np.int64)
        values = (
            np.concatenate([self.distributions[i] for i in ids]) if ids else np.zeros(0)
        )
        meta = {
            "format": FORMAT_TAG,
            "schema_version": SCHEMA_VERSION,
            "microbiomix_version": __version__,
            "name": self.name,
            "description": self.description,
            "taxonomy": self.taxonomy.value,
            "profiler": self.profiler,
            "sources": self.sources,
            "family": self.family,
            "database": self.database,
            "subjects": self.subjects,
            "population": self.population,
            "source": self.source,
            "knowledge": self.knowledge,
        }
        with atomic_writer(path, "wb") as handle:
            np.savez_compressed(
                handle,
                meta=np.array(json.dumps(meta)),
                marker_ids=np.array(ids, dtype=str),
                marker_offsets=offsets,
                marker_values=values.astype(np.float64),
                sample_ids=np.array(self.sample_ids, dtype=str),
                species=np.array(self.species, dtype=str),
                profiles=self.profiles.astype(np.float64),
            )

    @classmethod
    def load(cls, path: str | Path) -> Reference:
        """Read a file written by :meth:`save`.

        Raises:
            InputError: not such a file.
        """
        expected = "a microbiomix reference made with `mmm reference build`"
        try:
            with open(path, "rb") as handle, np.load(handle, allow_pickle=False) as archive:
                meta = json.loads(str(archive["meta"]))
                ids = [str(i) for i in archive["marker_ids"]]
                offsets = archive["marker_offsets"]
                values = archive["marker_values"]
                sample_ids = tuple(str(s) for s in archive["sample_ids"])
                species = tuple(str(s) for s in archive["species"])
                profiles = archive["profiles"]
        except FileNotFoundError:
            raise
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile, TypeError) as exc:
            # EOFError: empty file; BadZipFile: damaged zip; TypeError: a bare .npy array
            raise InputError(path, None, f"expected {expected} ({exc.__class__.__name__})") from None
        if not isinstance(meta, dict) or meta.get("format") != FORMAT_TAG:
            raise InputError(path, None, f"expected {expected}")
        if len(offsets) != len(ids) + 1 or profiles.shape != (len(sample_ids), len(species)):
            raise InputError(path, None, f"expected {expected}; its arrays disagree in size")
        distributions = {i: values[offsets[k] : offsets[k + 1]] for k, i in enumerate(ids)}
        return cls(
            name=str(meta["name"]),
            description=str(meta["description"]),
            taxonomy=TaxonomySystem(meta["taxonomy"]),
            profiler=str(meta["profiler"]),
            distributions=distributions,
            sources={str(k): str(v) for k, v in meta["sources"].items()},
            sample_ids=sample_ids,
            species=species,
            profiles=profiles,
            family=str(meta.get("family", "")),
            database=meta.get("database"),
            subjects=meta.get("subjects"),
            population=str(meta.get("population", "")),
            source=str(meta.get("source", "")),
            knowledge=str(meta.get("knowledge", "")),
        )


# -- markers computed against a reference ----------------------------------------------------


@dataclass(frozen=True)
class MarkerResult:
    """One marker for one sample, placed in a healthy reference, ready for output."""

    sample: str
    spec: MarkerSpec
    value: float | None  # None when not computed
    coverage: float | None  # None for markers without a taxon list
    note: str | None
    percentile: float | None = None  # in the healthy reference; None when not placed
    reference: str | None = None  # name of the reference it was placed in
    # Whether that reference was made like this input (same profiler family and taxonomy); when
    # False the percentile is approximate and findings on it stay at info.
    reference_compatible: bool | None = None
    reference_note: str | None = None  # both provenances, when not compatible


def compute_markers_against(
    cohort: Cohort, reference: Reference, ids: Iterable[str] | None = None
) -> list[MarkerValues]:
    """Like :func:`microbiomix.markers.compute_markers`, with reference-based markers (those
    with ``uses_reference``) bound to ``reference``."""
    markers = registry()
    chosen: Sequence[str] = list(ids) if ids is not None else list(markers)
    unknown = [i for i in chosen if i not in markers]
    if unknown:
        raise UsageError(f"unknown marker(s) {', '.join(unknown)}; known: {', '.join(markers)}")
    out = []
    for marker_id in chosen:
        marker = markers[marker_id]
        if getattr(marker, "uses_reference", False):
            marker = marker.with_reference(reference)  # type: ignore[attr-defined]
        out.append(marker.compute(cohort))
    return out


# -- building --------------------------------------------------------------------------------


def profiler_family(provenance: Provenance) -> str:
    """``metaphlan3``, ``motus3``, ``kraken2`` ...: inputs of one family are comparable.

    MetaPhlAn's major version comes from its version, its tool name or its database
    (``mpa_v20`` 2, ``mpa_v30``/``mpa_v31`` 3, ``mpa_vJan21`` and later 4); "" when unknown.
    """
    tool = provenance.tool.casefold()
    if "metaphlan" in tool:
        version = provenance.tool_version or "".join(ch for ch in provenance.tool if ch.isdigit())
        if not version and provenance.database:
            database = provenance.database
            version = ("2" if database.startswith("mpa_v20") else
                       "3" if database.startswith(("mpa_v30", "mpa_v31")) else
                       "4" if "SGB" in database else "")
        return f"metaphlan{version[:1]}" if version else ""
    if "motus" in tool:
        return f"motus{(provenance.tool_version or '')[:1]}"
    for known in ("bracken", "kraken2", "sylph", "sourmash"):
        if known in tool or known in provenance.format:
            return known
    return ""


def _family(cohort: Cohort) -> str:
    families = {profiler_family(p) for p in cohort.provenance}
    return families.pop() if len(families) == 1 else ""


def _database(cohort: Cohort) -> str | None:
    databases = {p.database for p in cohort.provenance}
    return databases.pop() if len(databases) == 1 else None


def compatibility(reference: Reference, provenance: Provenance) -> tuple[bool, str | None]:
    """Whether percentiles of an input are comparable with ``reference``, and if not, why (both
    provenances named). Compatible means the same profiler family and taxonomy system."""
    family = profiler_family(provenance)
    tool = provenance.tool + (f" {provenance.tool_version}" if provenance.tool_version
                              and provenance.tool_version not in provenance.tool else "")
    if reference.knowledge and reference.knowledge != knowledge_digest():
        return False, (f"approximate percentile: reference {reference.name!r} was built with other "
                       "versions of the marker lists (guilds, panels, indices, synonyms); rebuild "
                       "it with `mmm reference build` (scripts/build_references.py)")
    if family and family == reference.family and provenance.taxonomy is reference.taxonomy:
        return True, None
    ours = f"{tool} ({provenance.database or 'database not stated'}, {provenance.taxonomy.value})"
    theirs = (f"{reference.profiler} ({reference.database or 'database not stated'}, "
              f"{reference.taxonomy.value})")
    return False, (f"approximate percentile: reference {reference.name!r} was made with {theirs}, "
                   f"this input with {ours}")


def _profiler(cohort: Cohort) -> str:
    tools = sorted(
        {f"{p.tool}" + (f" {p.tool_version}" if p.tool_version and p.tool_version not in p.tool
                        else "") for p in cohort.provenance}
    )
    return tools[0] if len(tools) == 1 else "mixed: " + ", ".join(tools)


def build_reference(
    profiles: Sequence[Profile],
    name: str,
    description: str,
    excluded: dict[str, str] | None = None,
    subjects: int | None = None,
    population: str = "",
    source: str = "",
) -> Reference:
    """A reference from healthy profiles (all of one taxonomy system).

    Every registered marker is computed on them; the dysbiosis score's distribution is each
    reference sample's score against the others (leave-one-out).

    Raises:
        UsageError: no profiles, profiles of several taxonomy systems, or no species rows.
    """
    if len(profiles) < 2:
        raise UsageError("a reference needs at least two healthy samples")
    cohort = Cohort.from_profiles(profiles)
    if cohort.taxonomy is TaxonomySystem.UNKNOWN:
        systems = sorted({p.provenance.taxonomy.value for p in profiles})
        raise UsageError(
            "reference profiles must share one known taxonomy system; got " + ", ".join(systems)
        )
    columns = species_columns(cohort)
    percent, totals = species_percent(cohort)
    if not (totals > 0).all():
        empty = [cohort.sample_ids[i] for i in np.flatnonzero(totals <= 0)]
        raise UsageError(f"reference samples without species-level abundances: {', '.join(empty)}")
    reference = Reference(
        name=name,
        description=description,
        taxonomy=cohort.taxonomy,
        profiler=_profiler(cohort),
        distributions={},
        sources={},
        sample_ids=tuple(cohort.sample_ids),
        species=tuple(cohort.taxa[c].name for c in columns),
        profiles=percent / 100.0,
        family=_family(cohort),
        database=_database(cohort),
        subjects=subjects,
        population=population,
        source=source,
        knowledge=knowledge_digest(),
    )
    excluded = excluded or {}
    origin = f"{len(cohort)} samples of reference {name}"
    for marker_id, marker in registry().items():
        if marker_id in excluded or getattr(marker, "uses_reference", False):
            continue
        values = marker.compute(cohort).values
        finite = np.sort(values[np.isfinite(values)])
        if finite.size >= MIN_VALUES:
            reference.distributions[marker_id] = finite
            reference.sources[marker_id] = (
                f"{finite.size} of {origin}, computed with the same definition as this value")
    scores = leave_one_out_scores(reference.profiles)
    reference.distributions["dysbiosis_score"] = np.sort(scores)
    reference.sources["dysbiosis_score"] = (
        f"leave-one-out median Bray-Curtis of each of {origin} to the others"
    )
    return reference


def read_health_metadata(path: str | Path) -> dict[str, bool]:
    """A CSV/TSV with columns ``sample`` and ``healthy`` (true/false, yes/no, 1/0).

    Raises:
        InputError: missing columns, an unreadable value, or a sample listed twice.
    """
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(path, line, "expected UTF-8 text (CSV/TSV with sample,healthy)") from None
    first = text.splitlines()[0] if text else ""
    dialect = "excel-tab" if "\t" in first else "excel"
    rows = csv.reader(io.StringIO(text), dialect=dialect)
    header = next(rows, None)
    if header is None:
        raise InputError(path, 1, "a header with columns 'sample' and 'healthy'")
    names = [h.strip().lower() for h in header]
    if "sample" not in names or "healthy" not in names:
        raise InputError(path, 1, "a header with columns 'sample' and 'healthy'", ",".join(header))
    s, h = names.index("sample"), names.index("healthy")
    words = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}
    out: dict[str, bool] = {}
    for line, row in enumerate(rows, start=2):
        if not row or not any(cell.strip() for cell in row):
            continue
        if len(row) <= max(s, h):
            raise InputError(path, line, "a value in both 'sample' and 'healthy'", ",".join(row))
        sample, flag = row[s].strip(), row[h].strip().lower()
        if flag not in words:
            raise InputError(path, line, "'healthy' must be true/false, yes/no or 1/0", row[h])
        if sample in out:
            raise InputError(path, line, f"sample {sample!r} listed twice")
        out[sample] = words[flag]
    return out


def read_subject_metadata(path: str | Path) -> tuple[dict[str, str], dict[str, float]]:
    """From the same CSV/TSV, the optional columns ``subject`` (several samples or sequencing runs
    of one person) and ``reads`` (weights when runs are pooled): sample -> subject, sample ->
    reads. Empty when the columns are absent.

    Raises:
        InputError: a ``reads`` value that is not a positive number.
    """
    text = Path(path).read_text("utf-8")
    first = text.splitlines()[0] if text else ""
    rows = list(csv.DictReader(io.StringIO(text), dialect="excel-tab" if "\t" in first else "excel"))
    subjects: dict[str, str] = {}
    weights: dict[str, float] = {}
    for line, row in enumerate(rows, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        if row.get("subject"):
            subjects[row["sample"]] = row["subject"]
        if row.get("reads"):
            try:
                weights[row["sample"]] = float(row["reads"])
            except ValueError:
                raise InputError(path, line, "'reads' must be a number", row["reads"]) from None
            if weights[row["sample"]] <= 0:
                raise InputError(path, line, "'reads' must be positive", row["reads"])
    return subjects, weights


def healthy_only(profiles: Sequence[Profile], metadata: dict[str, bool], path: str) -> list[Profile]:
    """The profiles the metadata marks healthy; every profile must be listed."""
    missing = [p.sample_id for p in profiles if p.sample_id not in metadata]
    if missing:
        raise InputError(path, None, f"no row for sample(s) {', '.join(missing[:5])}")
    return [p for p in profiles if metadata[p.sample_id]]


def read_species_table(path: str | Path, database: str) -> list[Profile]:
    """A species x samples table of percent (first column plain species names, e.g. a
    curatedMetagenomicData export) as MetaPhlAn profiles of ``database``.

    Raises:
        InputError: the table is not readable as such.
    """
    import tempfile

    from microbiomix.readers import read_profiles

    with open(path, newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t"))
    with tempfile.TemporaryDirectory() as work:
        table = Path(work) / (Path(path).stem + ".tsv")
        with open(table, "w") as out:
            out.write(f"#{database}\nclade_name\t" + "\t".join(rows[0][1:]) + "\n")
            out.writelines("s__" + row[0].replace(" ", "_") + "\t" + "\t".join(row[1:]) + "\n" for row in rows[1:])
        return read_profiles(table, "metaphlan-merged")


# -- runs of one subject ------------------------------------------------------------------------


def aggregate_by_subject(
    profiles: Sequence[Profile], subjects: dict[str, str], weights: dict[str, float] | None = None
) -> list[Profile]:
    """One profile per subject: the (weighted) mean of its samples' abundances, so repeated runs
    or repeated samples of one person count once. ``weights`` (e.g. read counts) default to 1."""
    groups: dict[str, list[Profile]] = {}
    for profile in profiles:
        groups.setdefault(subjects.get(profile.sample_id, profile.sample_id), []).append(profile)
    out = []
    for subject, members in groups.items():
        if len(members) == 1:
            out.append(Profile(subject, dict(members[0].abundances), members[0].unknown,
                               members[0].provenance))
            continue
        w = np.array([(weights or {}).get(p.sample_id, 1.0) for p in members], dtype=np.float64)
        w = w / w.sum()
        summed: dict[object, float] = {}
        for weight, member in zip(w, members, strict=True):
            for lineage, value in member.abundances.items():
                summed[lineage] = summed.get(lineage, 0.0) + weight * value
        unknowns = [p.unknown for p in members]
        unknown = (None if any(u is None for u in unknowns)
                   else float(np.dot(w, [float(u) for u in unknowns if u is not None])))
        out.append(Profile(subject, summed, unknown, members[0].provenance))  # type: ignore[arg-type]
    return out


# -- the bundled references ---------------------------------------------------------------------

BUNDLED_DIR = "reference"
BUNDLED_SUFFIX = ".reference.npz"
METAPHLAN2_DESCRIPTION = (
    "118 healthy adults (no disease, normal BMI), MetaPhlAn2 species profiles from the GMHI "
    "validation cohort (Gupta et al. 2020, doi:10.1038/s41467-020-18476-8): small and from "
    "few studies; GMHI from the 2,754 healthy samples of the GMHI pooled cohort "
    "(GMWI-webtool, Chang et al. 2023, doi:10.1093/bioinformatics/btad061)"
)


# -- the bundled default ---------------------------------------------------------------------


def _pooled_healthy() -> dict[str, np.ndarray]:
    text = resources.files("microbiomix.knowledge").joinpath(DEFAULT_POOLED).read_text()
    values: dict[str, list[float]] = {}
    for row in csv.DictReader(io.StringIO(text), delimiter="\t"):
        if row["group"] == "healthy" and row["index"] in POOLED_INDICES:
            values.setdefault(POOLED_INDICES[row["index"]], []).append(float(row["value"]))
    return {k: np.sort(np.array(v)) for k, v in values.items()}


def build_metaphlan2_reference() -> Reference:
    """The MetaPhlAn 2 reference from the package's data files (``scripts/build_references.py``
    saves it prebuilt; :func:`default_reference` loads that file)."""
    from microbiomix.readers import read_profiles

    with resources.as_file(
        resources.files("microbiomix.knowledge").joinpath(DEFAULT_PROFILES)
    ) as path:
        profiles = read_profiles(path, "metaphlan-merged")
    reference = build_reference(
        profiles,
        name=DEFAULT_NAME,
        description=METAPHLAN2_DESCRIPTION,
        excluded=DEFAULT_EXCLUDED,
        subjects=118,
        population="healthy adults (no disease, normal BMI) of the GMHI validation cohort, "
        "several published studies and countries; small and from few studies",
        source="github.com/jaeyunsung/GMHI_2020@87fe9f6 validation_abundance.csv (Gupta et al. "
        "2020, doi:10.1038/s41467-020-18476-8); GMHI: GMWI-webtool build/data.js",
    )
    reference.profiler = "MetaPhlAn 2"
    reference.family = "metaphlan2"
    reference.database = "mpa_v20 (MetaPhlAn 2)"
    for marker_id in reference.distributions:
        reference.sources[marker_id] = (
            f"{reference.distributions[marker_id].size} healthy adults of the GMHI validation "
            "cohort (MetaPhlAn2 species profiles), computed with the same definition as this "
            "value; small and from few studies"
        )
    for marker_id, values in _pooled_healthy().items():
        if marker_id not in POOLED_SAME_DEFINITION:
            continue
        reference.distributions[marker_id] = values
        reference.sources[marker_id] = (
            f"{values.size} healthy samples of the GMHI pooled cohort (MetaPhlAn2; values rounded "
            "to 4 decimals)"
        )
    return reference


@cache
def bundled_references() -> dict[str, Reference]:
    """Profiler family -> the prebuilt reference shipped for it (``knowledge/reference/``)."""
    folder = resources.files("microbiomix.knowledge").joinpath(BUNDLED_DIR)
    out: dict[str, Reference] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(BUNDLED_SUFFIX):
            with resources.as_file(entry) as path:
                reference = Reference.load(path)
            out.setdefault(reference.family, reference)
    return out


def default_reference() -> Reference:
    """The bundled MetaPhlAn 2 reference (118 healthy adults; GMHI from 2,754), prebuilt."""
    bundled = bundled_references()
    if "metaphlan2" not in bundled:
        raise UsageError("the bundled MetaPhlAn 2 reference is missing from this installation; "
                         "rebuild it with scripts/build_references.py")
    return bundled["metaphlan2"]


WITHIN_PERSON = "reference/within_person_variation.tsv"


@cache
def within_person_sd() -> dict[str, tuple[float, str]]:
    """Marker id -> (within-person SD between successive samples of healthy people, source):
    ``knowledge/reference/within_person_variation.tsv`` (HMP2 non-IBD controls, MetaPhlAn 3;
    made by ``scripts/build_within_person.py``)."""
    text = resources.files("microbiomix.knowledge").joinpath(WITHIN_PERSON).read_text()
    rows = [line for line in text.splitlines() if line and not line.startswith("#")]
    return {row["marker"]: (float(row["sd_within"]), row["source"])
            for row in csv.DictReader(rows, delimiter="\t")}


def reference_for(provenance: Provenance) -> Reference:
    """The bundled reference made like this input (same profiler family), else the default."""
    return bundled_references().get(profiler_family(provenance)) or default_reference()
