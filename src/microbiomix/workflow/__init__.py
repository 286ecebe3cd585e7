"""The batch workflow: a Snakemake workflow shipped with the package (``Snakefile``), run by ``mmm batch``."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def snakefile() -> Path:
    """Path of the packaged Snakefile."""
    return Path(str(resources.files("microbiomix.workflow").joinpath("Snakefile")))
