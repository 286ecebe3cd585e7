"""Loading marker knowledge files shipped with the package."""

from __future__ import annotations

from importlib import resources
from typing import Any

import yaml


def knowledge_text(relative_path: str) -> str:
    """Text of a file under ``microbiomix/knowledge``."""
    return resources.files("microbiomix.knowledge").joinpath(relative_path).read_text(
        encoding="utf-8"
    )


def knowledge_lines(relative_path: str) -> list[str]:
    """Non-empty, non-comment lines of a knowledge file."""
    return [
        line.strip()
        for line in knowledge_text(relative_path).splitlines()
        if line.strip() and not line.startswith("#")
    ]


def knowledge_yaml(relative_path: str) -> Any:
    """A YAML knowledge file, parsed (by libyaml when PyYAML has it: the same safe loader in C,
    about 10x faster, which matters at every command start)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(knowledge_text(relative_path), Loader=loader)
