"""Windows used by intake facts are data with sources, and they take effect."""

from __future__ import annotations

from microbiomix.interpretation.engine import knowledge


def test_every_parameter_has_a_value_and_resolvable_sources() -> None:
    k = knowledge()
    parameters = k.rules["parameters"]
    assert parameters
    for name, parameter in parameters.items():
        assert isinstance(parameter["value"], int | float), name
        # a value no guideline sets is marked as microbiomix's choice, and its note says why
        assert (parameter["sources"] or parameter.get("choice") == "microbiomix") and parameter["note"], name
        for key in parameter["sources"]:
            assert k.cite(key).text, (name, key)
    assert parameters["recent_antibiotics_days"]["value"] == 90
