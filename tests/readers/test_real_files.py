"""Every profile under tests/data reads, is detected as the right format, and has sane totals."""

from __future__ import annotations

from pathlib import Path

import pytest

from microbiomix.readers import detect_format, read_profiles
from microbiomix.taxonomy import Rank, TaxonomySystem

DATA = Path(__file__).parent.parent / "data"

# folder -> (format, taxonomy system, unknown fraction reported?)
CAMI_GI = {
    "gold_ncbi": ("cami", TaxonomySystem.NCBI),
    "gold_gtdb_r214": ("lineage-table", TaxonomySystem.GTDB),
    "metaphlan3": ("cami", TaxonomySystem.NCBI),
    "metaphlan4_cami": ("cami", TaxonomySystem.NCBI),
    "metaphlan4_gtdb": ("metaphlan", TaxonomySystem.GTDB),
    "motus3": ("cami", TaxonomySystem.NCBI),
    "sylph": ("sylph-tax", TaxonomySystem.GTDB),
}
CASES = (
    [
        (DATA / "cami_gi" / folder / f"sample_{n}.profile", fmt, system)
        for folder, (fmt, system) in CAMI_GI.items()
        for n in (0, 1, 3)
    ]
    + [
        (path, "metaphlan", TaxonomySystem.NCBI)
        for path in sorted((DATA / "metaphlan_kefir").glob("*.metaphlan3.txt"))
    ]
    + [
        (
            DATA / "gmhi" / "example_species_relative_abundances.csv",
            "metaphlan-merged",
            TaxonomySystem.NCBI,
        )
    ]
)


def test_every_profile_file_is_covered() -> None:
    listed = {case[0] for case in CASES}
    on_disk = {
        p
        for folder in ("cami_gi", "metaphlan_kefir", "gmhi")
        for p in (DATA / folder).rglob("*")
        if p.is_file() and not p.name.endswith(("gmwi2_published.txt", "GMHI_output.csv"))
    }
    assert on_disk == listed
    assert len(listed) == 21 + 22 + 1


@pytest.mark.parametrize(
    ("path", "fmt", "system"), CASES, ids=[f"{c[0].parent.name}/{c[0].name}" for c in CASES]
)
def test_real_file(path: Path, fmt: str, system: TaxonomySystem) -> None:
    assert detect_format(path) == fmt
    profiles = read_profiles(path)
    assert profiles == read_profiles(path, input_format=fmt)
    for profile in profiles:
        assert profile.provenance.format == fmt
        assert profile.provenance.taxonomy is system
        species = sum(profile.at_rank(Rank.SPECIES).values())
        assert species > 0
        unknown = profile.unknown or 0.0
        # Species sum to the classified part (100 - unknown) when the tool reports every rank's
        # share of the sample; MetaPhlAn 3 (kefir) profiles also list viruses with no phylum rank.
        assert species <= 100.0 - unknown + 0.01
        if fmt in ("cami", "lineage-table", "sylph-tax"):
            assert species == pytest.approx(100.0 - unknown, abs=0.01)
        for rank in profile.ranks():
            assert sum(profile.at_rank(rank).values()) <= 100.0 + 0.01


def test_gmhi_example_has_25_samples() -> None:
    profiles = read_profiles(DATA / "gmhi" / "example_species_relative_abundances.csv")
    assert len(profiles) == 25
    assert len({p.sample_id for p in profiles}) == 25


def test_gold_gtdb_sums_genomes_into_species() -> None:
    # sample_0 lists Bordetella pertussis twice (GCA_001307585.1 0.011019, GCA_001013565.1 0.005510).
    path = DATA / "cami_gi" / "gold_gtdb_r214" / "sample_0.profile"
    (profile,) = read_profiles(path)
    genomes = {lin.name: value for lin, value in profile.at_rank(Rank.STRAIN).items()}
    assert genomes["GCA_001307585.1_ASM130758v1"] == pytest.approx(1.1019)
    species = {lin.name: v for lin, v in profile.at_rank(Rank.SPECIES).items()}
    pertussis = sum(
        v
        for lin, v in profile.at_rank(Rank.STRAIN).items()
        if lin.at(Rank.SPECIES) == "Bordetella pertussis"
    )
    assert species["Bordetella pertussis"] == pytest.approx(pertussis)
    assert pertussis > 1.1019 + 0.5510 - 1e-9
    assert sum(genomes.values()) == pytest.approx(100.0, abs=1e-3)  # file rounds to 6 digits


def test_sylph_tax_keeps_gtdb_names_and_strains() -> None:
    (profile,) = read_profiles(DATA / "cami_gi" / "sylph" / "sample_0.profile")
    species = {lin.name: v for lin, v in profile.at_rank(Rank.SPECIES).items()}
    assert species["Bordetella_A petrii"] == pytest.approx(11.7005)
    strains = {lin.name for lin in profile.at_rank(Rank.STRAIN)}
    assert "GCF_000306945.1" in strains
    assert profile.unknown is None
