"""Healthy references: percentiles with known answers, the bundled default, files, the CLI."""

from __future__ import annotations

import csv
import io
from importlib import resources
from pathlib import Path

import numpy as np
import pytest
from scipy.stats import percentileofscore

from microbiomix.cli import main
from microbiomix.errors import InputError
from microbiomix.reference import Reference, default_reference, read_health_metadata

KEFIR = "metaphlan_kefir"


def tiny(values: list[float]) -> Reference:
    from microbiomix.taxonomy import TaxonomySystem

    return Reference("t", "", TaxonomySystem.NCBI, "test", {"m": np.sort(np.array(values))}, {},
                     (), (), np.zeros((0, 0)))


def test_percentile_known_answers() -> None:
    ref = tiny([1.0, 2.0, 2.0, 3.0])
    got = ref.percentile("m", np.array([0.0, 1.0, 2.0, 2.5, 3.0, 4.0, np.nan]))
    np.testing.assert_allclose(got[:6], [0.0, 12.5, 50.0, 75.0, 87.5, 100.0])
    assert np.isnan(got[6])
    assert np.isnan(ref.percentile("other", np.array([1.0]))).all()


def test_percentile_equals_scipy_mean_kind() -> None:
    rng = np.random.default_rng(3)
    pool = np.round(rng.normal(size=200), 1)  # ties on purpose
    ref = tiny(list(pool))
    xs = np.round(rng.normal(size=50), 1)
    expected = [percentileofscore(pool, x, kind="mean") for x in xs]
    np.testing.assert_allclose(ref.percentile("m", xs), expected, rtol=1e-12)


def test_bundled_gmhi_percentiles_match_pooled_healthy_distribution() -> None:
    text = resources.files("microbiomix.knowledge").joinpath(
        "reference/gmhi_pooled_indices.tsv").read_text()
    healthy = np.array([float(r["value"]) for r in csv.DictReader(io.StringIO(text), delimiter="\t")
                        if r["index"] == "GMWI" and r["group"] == "healthy"])
    assert healthy.size == 2754
    ref = default_reference()
    xs = np.array([-3.0, -0.3006, 0.0, 0.5, 1.4315, 4.0])
    expected = [percentileofscore(healthy, x, kind="mean") for x in xs]
    np.testing.assert_allclose(ref.percentile("gmhi", xs), expected, rtol=1e-12)
    assert len(ref.sample_ids) == 118 and "2754" in ref.sources["gmhi"]
    assert "gmwi2" not in ref.distributions


def test_save_load_round_trip(tmp_path: Path) -> None:
    ref = default_reference()
    path = tmp_path / "ref.npz"
    ref.save(path)
    back = Reference.load(path)
    assert back.name == ref.name and back.species == ref.species
    assert back.distributions.keys() == ref.distributions.keys()
    for key, values in ref.distributions.items():
        np.testing.assert_array_equal(back.distributions[key], values)
    np.testing.assert_array_equal(back.profiles, ref.profiles)


def test_load_rejects_other_files(tmp_path: Path) -> None:
    bad = tmp_path / "x.npz"
    bad.write_text("not a reference")
    with pytest.raises(InputError, match="microbiomix reference"):
        Reference.load(bad)


@pytest.mark.parametrize(
    ("name", "content"),
    [("empty.npz", b""), ("damaged.npz", b"PK\x03\x04garbage"), ("array.npy", None)],
)
def test_load_rejects_empty_damaged_and_bare_array_files(
    tmp_path: Path, name: str, content: bytes | None
) -> None:
    bad = tmp_path / name
    if content is None:
        np.save(bad, np.arange(3))
    else:
        bad.write_bytes(content)
    with pytest.raises(InputError, match="microbiomix reference"):
        Reference.load(bad)


def test_metadata_that_is_not_text_is_an_input_error(tmp_path: Path) -> None:
    bad = tmp_path / "meta.csv"
    bad.write_bytes(b"sample,healthy\nS1,yes\nS2,\xff\xfe\n")
    with pytest.raises(InputError) as caught:
        read_health_metadata(bad)
    assert caught.value.line == 3 and "UTF-8" in str(caught.value)


def test_cli_build_with_metadata_and_use(tmp_path: Path, data_dir: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    inputs = sorted(str(p) for p in (data_dir / KEFIR).glob("*.metaphlan3.txt"))
    samples = [Path(p).name.split(".")[0] for p in inputs]
    metadata = tmp_path / "meta.csv"
    metadata.write_text("sample,healthy\n" + "".join(
        f"{s},{'no' if i < 2 else 'yes'}\n" for i, s in enumerate(samples)))
    ref_path = tmp_path / "lab.npz"
    assert main(["reference", "build", *inputs, "--metadata", str(metadata), "-o", str(ref_path)]) == 0
    ref = Reference.load(ref_path)
    assert list(ref.sample_ids) == samples[2:] and ref.name == "lab"
    out = tmp_path / "m.tsv"
    assert main(["markers", inputs[0], "--reference", str(ref_path), "-o", str(out)]) == 0
    lines = [ln.split("\t") for ln in out.read_text().splitlines()]
    assert lines[0][:5] == ["sample", "marker", "value", "percentile", "reference"]
    rows = {r[1]: r for r in lines[1:]}
    expected = ref.percentile("shannon", np.array([float(rows["shannon"][2])]))[0]
    assert float(rows["shannon"][3]) == expected and rows["shannon"][4] == "lab"
    assert 0.0 <= float(rows["dysbiosis_score"][3]) <= 100.0


def test_cli_bad_metadata_exits_2_without_output(tmp_path: Path, data_dir: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    inputs = sorted(str(p) for p in (data_dir / KEFIR).glob("*.metaphlan3.txt"))[:3]
    metadata = tmp_path / "meta.csv"
    metadata.write_text("sample,healthy\nSubj001_time1_S1,maybe\n")
    out = tmp_path / "ref.npz"
    assert main(["reference", "build", *inputs, "--metadata", str(metadata), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "meta.csv:2" in err and not out.exists()


def test_bundled_diversity_reference_uses_the_markers_own_definition() -> None:
    """The pooled GMHI-cohort diversity counts only 313 GMHI species; ours counts all species, so
    diversity percentiles come from the 118 individual profiles, computed the same way."""
    from microbiomix.reference import default_reference

    reference = default_reference()
    for marker_id in ("richness", "shannon", "evenness", "inverse_simpson"):
        assert reference.distributions[marker_id].size == 118, marker_id
        assert "same definition" in reference.sources[marker_id]
    assert reference.distributions["gmhi"].size == 2754


# -- references that know what they are (issue 10) -------------------------------------------


def test_bundled_references_per_profiler_family_carry_their_provenance() -> None:
    from microbiomix.reference import bundled_references

    bundled = bundled_references()
    assert set(bundled) >= {"metaphlan2", "metaphlan3", "motus3"}
    mpa3, motus = bundled["metaphlan3"], bundled["motus3"]
    # 300 HMP2 samples (README of ../shared/data/reference/metaphlan3_hmp2_nonibd) of 27 people
    assert len(mpa3.sample_ids) == 300 and mpa3.subjects == 27
    assert mpa3.database == "mpa_v30_CHOCOPhlAn_201901" and "minors" in mpa3.population
    # 457 control runs of 66 subjects (metadata.csv), one profile per subject
    assert len(motus.sample_ids) == 66 and motus.subjects == 66
    assert "France and Germany" in motus.population
    assert bundled["metaphlan2"].subjects == 118
    assert "118 independent subjects" in bundled["metaphlan2"].limits()


def test_prebuilt_metaphlan2_reference_is_current() -> None:
    # The shipped file equals a rebuild from the package's data with today's markers; rerun
    # scripts/build_references.py after changing a marker or a knowledge list.
    from microbiomix.reference import build_metaphlan2_reference

    rebuilt, shipped = build_metaphlan2_reference(), default_reference()
    assert rebuilt.distributions.keys() == shipped.distributions.keys()
    for marker_id, values in rebuilt.distributions.items():
        np.testing.assert_allclose(shipped.distributions[marker_id], values, rtol=1e-12,
                                   err_msg=marker_id)


def test_compatibility_names_both_provenances(data_dir: Path) -> None:
    from microbiomix.readers import read_profiles
    from microbiomix.reference import bundled_references, compatibility, profiler_family

    profile = read_profiles(data_dir / KEFIR / "Subj001_time1_S1.metaphlan3.txt")[0]
    assert profiler_family(profile.provenance) == "metaphlan3"
    bundled = bundled_references()
    assert compatibility(bundled["metaphlan3"], profile.provenance) == (True, None)
    ok, note = compatibility(bundled["metaphlan2"], profile.provenance)
    assert not ok and note is not None
    assert "MetaPhlAn 2" in note and "MetaPhlAn 3" in note and "mpa_v30" in note
    motus = read_profiles(data_dir / "cami_gi" / "motus3" / "sample_0.profile")[0]
    assert profiler_family(motus.provenance) == "motus3"


def test_runs_of_one_subject_are_averaged_by_reads() -> None:
    from microbiomix.profile import Profile, Provenance
    from microbiomix.reference import aggregate_by_subject
    from microbiomix.taxonomy import TaxonomySystem, parse_lineage

    prov = Provenance(format="t", tool="mOTUs", taxonomy=TaxonomySystem.NCBI, tool_version="3")
    a, b = parse_lineage("k__Bacteria|s__A_a"), parse_lineage("k__Bacteria|s__B_b")
    runs = [Profile("r1", {a: 100.0}, 0.0, prov), Profile("r2", {b: 100.0}, 0.0, prov),
            Profile("r3", {a: 50.0, b: 50.0}, 0.0, prov)]
    (one, other) = aggregate_by_subject(runs, {"r1": "S1", "r2": "S1", "r3": "S2"},
                                        {"r1": 3.0, "r2": 1.0})
    assert one.sample_id == "S1" and one.abundances == {a: 75.0, b: 25.0}
    assert other.sample_id == "S2" and other.abundances == {a: 50.0, b: 50.0}


def test_reference_built_with_other_marker_lists_is_not_comparable(data_dir: Path) -> None:
    import dataclasses

    from microbiomix.readers import read_profiles
    from microbiomix.reference import bundled_references, compatibility, knowledge_digest

    profile = read_profiles(data_dir / KEFIR / "Subj001_time1_S1.metaphlan3.txt")[0]
    current = bundled_references()["metaphlan3"]
    assert current.knowledge == knowledge_digest()  # shipped files are current
    stale = dataclasses.replace(current, knowledge="0" * 64)
    ok, note = compatibility(stale, profile.provenance)
    assert not ok and note is not None and "rebuild" in note
