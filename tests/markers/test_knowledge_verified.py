"""Every knowledge entry that carries a claim says how its source was checked (`verified`), and
plan items say which population their evidence studied, with a grade per triggering finding."""

from __future__ import annotations

import pytest

from microbiomix.markers.groups import GUILDS_FILE, PANELS_FILE, read_members
from microbiomix.markers.knowledge import knowledge_yaml

GRADES = ["very_low", "low", "moderate", "high"]


def _checked(text: object) -> bool:
    words = str(text or "").lower()
    return bool(words.strip()) and "unverified" not in words and "not verified" not in words


@pytest.mark.parametrize(("path", "column"), [(GUILDS_FILE, "guild"), (PANELS_FILE, "panel")])
def test_no_member_row_lacks_verified(path: str, column: str) -> None:
    rows = read_members(path, column)
    assert rows
    assert [m for m in rows if not _checked(m.verified)] == []


def test_groups_yaml_entries_are_sourced_and_verified() -> None:
    groups = knowledge_yaml("groups.yaml")
    entries = [*groups["guilds"].values(), *groups["panels"].values(),
               *groups["not_interpretable"].values()]
    for entry in entries:
        assert entry["source"] and _checked(entry["verified"]), entry


def test_every_reference_says_how_it_was_checked() -> None:
    refs = knowledge_yaml("references.yaml")
    assert set(refs["verified"]) == set(refs["references"])
    assert all(_checked(v) for v in refs["verified"].values())


def test_citation_slips_named_in_the_review_are_fixed() -> None:
    sources = knowledge_yaml("analytes.yaml")["sources"]
    assert "doi:10.1371/journal.pone.0210728" in sources["zonulin_ajamian_2019"]
    assert "doi:10.3389/fendo.2018.00022" in sources["zonulin_scheffler_2018"]
    guilds = " ".join(m.source for m in read_members(GUILDS_FILE, "guild"))
    assert "Gut Microbes 2020;11(3):381-404" in guilds
    # Vazquez 2020 studied a strain that makes no equol: it no longer stands alone for a producer.
    equol = [m for m in read_members(GUILDS_FILE, "guild") if m.group == "equol_producers"]
    adlercreutzia = next(m for m in equol if m.name == "Adlercreutzia equolifaciens")
    assert adlercreutzia.source.startswith("doi:10.1099/ijs.0.65404-0")


def test_plan_items_state_their_population_and_grade_each_trigger() -> None:
    plan = knowledge_yaml("plan.yaml")["items"]
    findings = knowledge_yaml("rules.yaml")["findings"]
    triggers: dict[str, set[str]] = {}
    for f in findings:
        for item in f.get("plan") or []:
            triggers.setdefault(item, set()).add(f["id"])
    for item, spec in plan.items():
        if item not in triggers:
            continue
        population = spec["population"]
        assert population["studied"], item
        by_trigger = population["grade_by_trigger"]
        assert set(by_trigger) == triggers[item], item
        assert all(g in GRADES for g in by_trigger.values()), item
        # The item is shown at its best-supported trigger's grade; weaker triggers are named in
        # the basis the practitioner reads.
        assert spec["evidence"]["grade"] == max(by_trigger.values(), key=GRADES.index), item


@pytest.mark.parametrize(("item", "trigger", "grade", "words"), [
    # Zhou 2019: adults with post-infectious IBS-D and raised permeability; the trigger checks neither.
    ("glutamine_pi_ibs", "post_infectious_symptoms", "very_low", "increased intestinal permeability"),
    # Tzounis 2011: 22 healthy adults, outcome bifidobacteria/lactobacilli, not butyrate producers.
    ("cocoa_flavanols", "butyrate_producers_low", "very_low", "22 healthy adults"),
    # Szajewska 2015: LGG not significant in adults.
    ("lgg_antibiotics", "antibiotics_current", "very_low", "not in adults"),
])
def test_triggers_outside_the_trial_population_are_downgraded(
    item: str, trigger: str, grade: str, words: str
) -> None:
    spec = knowledge_yaml("plan.yaml")["items"][item]
    assert spec["population"]["grade_by_trigger"][trigger] == grade
    assert spec["evidence"]["grade"] == grade
    assert words in spec["evidence"]["basis"]


def test_every_rule_and_plan_item_says_how_its_sources_were_checked() -> None:
    rules = knowledge_yaml("rules.yaml")
    entries = [*rules["red_flags"], *rules["findings"], *rules["parameters"].values()]
    assert [e for e in entries if not str(e.get("verified") or "").strip()] == []
    plan = knowledge_yaml("plan.yaml")["items"]
    assert [k for k, v in plan.items() if not str(v.get("verified") or "").strip()] == []
    # The butyrate finding's "fibre is their substrate" now cites a source that says so.
    butyrate = next(f for f in rules["findings"] if f["id"] == "butyrate_producers_low")
    assert "louis_flint_2017" in butyrate["sources"]
    zonulin = next(f for f in rules["findings"] if f["id"] == "zonulin_reported")
    assert zonulin["sources"][0] == "zonulin_scheffler_2018"
