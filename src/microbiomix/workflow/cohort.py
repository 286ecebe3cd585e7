"""The cohort summary table of a batch: one row per sample, QC and profile summary and markers."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from microbiomix import SCHEMA_VERSION, __version__
from microbiomix.errors import InputError
from microbiomix.outputs import atomic_writer
from microbiomix.readers import read_profiles
from microbiomix.taxonomy import Rank

SUMMARY_COLUMNS = (
    "sample",
    "reads",
    "bases",
    "mean_quality",
    "fraction_q30",
    "duplicate_fraction",
    "classified_percent",
    "species_count",
    "top_species",
    "top_species_percent",
)


def _json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(path, None, f"expected JSON ({exc})") from None
    if not isinstance(data, dict):
        raise InputError(path, None, "expected a JSON object")
    return data


def _cell(value: object) -> str:
    if value is None:
        return "NA"
    if isinstance(value, float):
        return repr(value)
    return str(value).replace("\t", " ")


def cohort_rows(
    profiles: Sequence[str | Path], qc_files: Sequence[str | Path], markers: Sequence[str | Path]
) -> tuple[list[str], list[dict[str, object]]]:
    """Columns and rows; the three lists are in the same sample order."""
    marker_ids: list[str] = []
    rows: list[dict[str, object]] = []
    for profile_path, qc_path, markers_path in zip(profiles, qc_files, markers, strict=True):
        qc = _json(Path(qc_path))
        profile = read_profiles(profile_path, sample_id=qc.get("sample"))[0]
        species = profile.at_rank(Rank.SPECIES)
        top = max(species.items(), key=lambda item: item[1], default=None)
        stats = qc.get("qc", {})
        row: dict[str, object] = {
            "sample": profile.sample_id,
            "reads": stats.get("reads"),
            "bases": stats.get("bases"),
            "mean_quality": stats.get("quality", {}).get("mean"),
            "fraction_q30": stats.get("quality", {}).get("fraction_q30"),
            "duplicate_fraction": stats.get("duplicates", {}).get("fraction"),
            "classified_percent": qc.get("classified_percent"),
            "species_count": len(species),
            "top_species": top[0].name if top else None,
            "top_species_percent": round(top[1], 6) if top else None,
        }
        for sample in _json(Path(markers_path)).get("samples", []):
            for marker_id, entry in sample.get("markers", {}).items():
                if marker_id not in marker_ids:
                    marker_ids.append(marker_id)
                row[marker_id] = entry.get("value")
        rows.append(row)
    return [*SUMMARY_COLUMNS, *marker_ids], rows


def write_cohort_table(
    profiles: Sequence[str | Path],
    qc_files: Sequence[str | Path],
    markers: Sequence[str | Path],
    output: str | Path,
) -> None:
    columns, rows = cohort_rows(profiles, qc_files, markers)
    with atomic_writer(output) as handle:
        handle.write(f"# microbiomix {__version__} cohort schema {SCHEMA_VERSION}\n")
        handle.write("\t".join(columns) + "\n")
        for row in rows:
            handle.write("\t".join(_cell(row.get(column)) for column in columns) + "\n")


def write_batch_cohort_table(samples: Sequence[str], output: str | Path) -> None:
    """The cohort table of a batch folder (the current folder), samples in the order given."""
    from microbiomix.workflow.job import SampleFiles

    files = [SampleFiles(sample) for sample in samples]
    write_cohort_table(
        [f.profile for f in files], [f.qc for f in files], [f.markers for f in files], output
    )
