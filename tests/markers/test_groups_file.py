"""knowledge/groups.yaml describes exactly the guilds and panels that have member lists."""

from __future__ import annotations

from microbiomix.markers import registry
from microbiomix.markers.groups import GUILDS_FILE, PANELS_FILE, read_members
from microbiomix.markers.knowledge import knowledge_yaml


def test_every_listed_group_is_described_and_registered() -> None:
    groups = knowledge_yaml("groups.yaml")
    guilds = {m.group for m in read_members(GUILDS_FILE, "guild")}
    panels = {m.group for m in read_members(PANELS_FILE, "panel")}
    assert set(groups["guilds"]) == guilds
    assert set(groups["panels"]) == panels
    markers = registry()
    for guild, about in groups["guilds"].items():
        assert about["title"]
        assert markers[f"guild_{guild}"].spec.title == about["title"]
    for about in groups["panels"].values():
        spec = markers[about["marker"]].spec
        assert spec.title == about["title"] and spec.doi == about["doi"] and about["citation"]
    for marker_id in groups["taxon_caveats"]:
        assert marker_id in markers
