"""Questionnaires scored as published (hand-computed cases) and the unit converter."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from microbiomix.analytes import catalogue
from microbiomix.interpretation.scoring import score_bristol, score_gsrs, score_ibs_sss, score_pss10
from microbiomix.readers.intake import BristolAnswers, GSRSAnswers, IBSSSSAnswers, PSS10Answers
from microbiomix.units import UnitError, convert

# --------------------------------------------------------------------------- GSRS


def test_gsrs_syndromes_are_means_of_their_items() -> None:
    # item i rated ((i - 1) % 7) + 1: 1,2,3,4,5,6,7,1,2,3,4,5,6,7,1
    items = {i: (i - 1) % 7 + 1 for i in range(1, 16)}
    score = score_gsrs(GSRSAnswers(items=items))
    # reflux items 2,3 -> (2+3)/2; abdominal pain 1,4,5 -> (1+4+5)/3; indigestion 6,7,8,9 -> (6+7+1+2)/4
    # diarrhoea 11,12,14 -> (4+5+7)/3; constipation 10,13,15 -> (3+6+1)/3; total = (28 + 28 + 1)/15 = 57/15
    assert score.subscales == pytest.approx({
        "reflux": 2.5, "abdominal_pain": 10 / 3, "indigestion": 4.0,
        "diarrhoea": 16 / 3, "constipation": 10 / 3,
    })
    assert score.total == pytest.approx(57 / 15)
    assert score.range == (1, 7)


def test_gsrs_interview_version_range() -> None:
    score = score_gsrs(GSRSAnswers(version="interview", items={i: 0 for i in range(1, 16)}))
    assert score.total == 0 and score.range == (0, 3)


# --------------------------------------------------------------------------- IBS-SSS


def ibs(pain: int, days: int, distension: int, dissatisfaction: int, interference: int) -> IBSSSSAnswers:
    return IBSSSSAnswers(pain_severity=pain, pain_days=days, distension_severity=distension,
                         bowel_dissatisfaction=dissatisfaction, life_interference=interference)


@pytest.mark.parametrize(
    ("answers", "total", "band"),
    [
        (ibs(0, 0, 0, 0, 0), 0, "below_mild"),
        (ibs(20, 2, 10, 12, 12), 74, "below_mild"),  # 20 + 20 + 10 + 12 + 12
        (ibs(20, 2, 10, 12, 13), 75, "mild"),
        (ibs(40, 5, 30, 30, 24), 174, "mild"),  # 40 + 50 + 30 + 30 + 24
        (ibs(40, 5, 30, 30, 25), 175, "moderate"),
        (ibs(60, 7, 60, 59, 50), 299, "moderate"),  # 60 + 70 + 60 + 59 + 50
        (ibs(60, 7, 60, 60, 50), 300, "severe"),
        (ibs(100, 10, 100, 100, 100), 500, "severe"),
    ],
)
def test_ibs_sss_total_and_band(answers: IBSSSSAnswers, total: int, band: str) -> None:
    score = score_ibs_sss(answers)
    assert score.total == total
    assert score.band == band
    assert score.subscales["pain_days"] == answers.pain_days * 10


# --------------------------------------------------------------------------- PSS-10


def test_pss10_reverse_scores_items_4_5_7_8() -> None:
    # all answered 4 ("very often"): positive items 4,5,7,8 score 0 -> 6 * 4 = 24
    assert score_pss10(PSS10Answers(items=[4] * 10)).total == 24
    # all 0: reversed items score 4 each -> 16
    assert score_pss10(PSS10Answers(items=[0] * 10)).total == 16
    # 1,2,3,4,0,1,2,3,4,0 -> 1+2+3+(4-4)+(4-0)+1+(4-2)+(4-3)+4+0 = 18
    assert score_pss10(PSS10Answers(items=[1, 2, 3, 4, 0, 1, 2, 3, 4, 0])).total == 18


def test_pss10_reversal_as_stated_by_cohens_lab() -> None:
    # Cohen's scoring page (www.psy.cmu.edu/~scohen/PSSscore.html): "reversing the scores on the four
    # positive items, e.g., 0=4, 1=3, 2=2 ... Items 4, 5, 7, and 8 are the positively stated items."
    # Only item 4 varies; the other nine answers are 2 (positive items 5, 7, 8 reverse 2 to 2).
    for answer, reversed_score in ((0, 4), (1, 3), (2, 2), (3, 1), (4, 0)):
        items = [2] * 10
        items[3] = answer
        assert score_pss10(PSS10Answers(items=items)).total == 9 * 2 + reversed_score


# --------------------------------------------------------------------------- Bristol


@pytest.mark.parametrize(
    ("types", "band"),
    [([1, 2, 4], "hard"), ([3, 4, 5, 6], "intermediate"), ([6, 7, 2], "loose"), ([1, 7], "hard")],
)
def test_bristol_most_frequent_category(types: list[int], band: str) -> None:
    assert score_bristol(BristolAnswers(types=types)).band == band


# --------------------------------------------------------------------------- units


def test_vitamin_d_ng_ml_to_nmol_l() -> None:
    mw = catalogue().get("vitamin_d").molar_mass_g_per_mol
    assert convert(20, "ng/mL", "nmol/L", mw) == pytest.approx(49.92, abs=0.01)  # x 2.496
    assert convert(50, "nmol/L", "ng/mL", mw) == pytest.approx(20.03, abs=0.01)
    assert convert(30, "nmol/L", "ng/mL", mw) == pytest.approx(12.02, abs=0.01)  # IOM 30 nmol/L = 12 ng/mL


def test_same_dimension_conversions() -> None:
    assert convert(30, "ng/mL", "ug/L") == pytest.approx(30)  # ferritin: ug/L = ng/mL
    assert convert(13.5, "g/dL", "g/L") == pytest.approx(135)
    assert convert(150, "µg Hb/g", "ug/g") == pytest.approx(150)
    assert convert(150, "mcg/g", "ug/g") == pytest.approx(150)
    assert convert(0.25, "dimensionless", "%") == pytest.approx(25)


def test_b12_and_zinc_molar_conversions_match_published_pairs() -> None:
    b12 = catalogue().get("vitamin_b12").molar_mass_g_per_mol
    assert convert(180, "ng/L", "pmol/L", b12) == pytest.approx(133, abs=0.5)  # NICE NG239: 180 ng/L = 133 pmol/L
    assert convert(350, "ng/L", "pmol/L", b12) == pytest.approx(258, abs=0.5)
    folate = catalogue().get("folate").molar_mass_g_per_mol
    assert convert(4, "ng/mL", "nmol/L", folate) == pytest.approx(9.06, abs=0.01)


ATOMIC_WEIGHTS = {"C": 12.011, "H": 1.008, "O": 15.999, "N": 14.007, "Co": 58.933, "P": 30.974}


@pytest.mark.parametrize(
    ("analyte", "formula"),
    [
        ("vitamin_d", {"C": 27, "H": 44, "O": 2}),
        ("vitamin_b12", {"C": 63, "H": 88, "Co": 1, "N": 14, "O": 14, "P": 1}),
        ("folate", {"C": 19, "H": 19, "N": 7, "O": 6}),
    ],
)
def test_molar_masses_follow_from_formula(analyte: str, formula: dict[str, int]) -> None:
    expected = sum(ATOMIC_WEIGHTS[e] * n for e, n in formula.items())
    assert catalogue().get(analyte).molar_mass_g_per_mol == pytest.approx(expected, abs=0.05)


def test_unit_errors() -> None:
    with pytest.raises(UnitError, match="unknown unit"):
        convert(1, "furlongs per fortnight per bananas", "ug/L")
    with pytest.raises(UnitError, match="no molar mass"):
        convert(1, "ng/mL", "nmol/L")


def _convert_in_new_process(cache_home: Path) -> list[str]:
    code = ("from microbiomix.units import convert, _registry;"
            "print(repr(convert(20, 'ng/mL', 'nmol/L', 400.6)), repr(convert(13.5, 'g/dL', 'g/L')),"
            " _registry().cache_folder is not None)")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env={**os.environ, "XDG_CACHE_HOME": str(cache_home)}).stdout.split()


@pytest.mark.parametrize("cache", ["writable", "not a folder", "corrupt"])
def test_conversions_same_with_or_without_pint_disk_cache(cache: str, tmp_path: Path) -> None:
    """pint's definition cache (user cache folder) only saves start-up time: the same numbers come
    out with it, without a usable folder, and with a damaged cache file."""
    blocker = tmp_path / "file"
    blocker.write_text("")
    cache_home = tmp_path / "cache" if cache != "not a folder" else blocker / "below"
    runs = [_convert_in_new_process(cache_home)]  # writes the cache (when it can)
    folders = list((cache_home / "microbiomix").glob("pint-*")) if cache != "not a folder" else []
    assert len(folders) == (0 if cache == "not a folder" else 1)
    if cache == "corrupt":
        for cached in folders[0].iterdir():
            cached.write_bytes(cached.read_bytes()[:20])  # cut short, as a killed writer leaves it
    runs.append(_convert_in_new_process(cache_home))  # a damaged cache is removed and made again
    runs.append(_convert_in_new_process(cache_home))
    # 20 ng/mL / 400.6 g/mol = 49.925... nmol/L; 13.5 g/dL = 135 g/L
    for values in runs:
        assert float(values[0]) == pytest.approx(20 / 400.6 * 1000, rel=1e-12)
        assert float(values[1]) == pytest.approx(135.0, rel=1e-12)
    assert runs[0][:2] == runs[1][:2] == runs[2][:2]
    # the first run parses the definitions and makes the cache whole; later runs read it (a
    # damaged one is dropped and made again, so it is read from the third run on)
    read = {"writable": ["False", "True", "True"], "not a folder": ["False", "False", "False"],
            "corrupt": ["False", "False", "True"]}[cache]
    assert [run[2] for run in runs] == read
