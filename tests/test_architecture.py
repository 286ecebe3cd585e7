"""The layering of docs/ARCHITECTURE.md, checked on the imports of every module (with ``ast``).

Data flows readers -> profile model -> markers (+ reference) -> interpret -> report; the command
line, the web portal and the workflow are faces over the library. An import may point down that
flow (a later stage uses an earlier one), never up it, and nothing in the library imports a face.
Imports under ``if TYPE_CHECKING:`` and inside functions count too: they are dependencies all the
same.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "microbiomix"

FACES = ("cli", "commands", "web", "workflow")
# Stages that come after the profile model; the model and readers must know none of them.
LATER_THAN_READERS = (
    "markers", "reference", "interpret", "interpretation", "report", "pipeline", "profilers",
    *FACES,
)

# module prefix (relative to microbiomix) -> prefixes it must not import.
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "errors": ("*",),
    "outputs": ("*",),
    "units": LATER_THAN_READERS + ("readers",),
    "taxonomy": LATER_THAN_READERS + ("readers", "profile"),
    "profile": LATER_THAN_READERS + ("readers",),
    "functional": LATER_THAN_READERS + ("readers",),
    "quality": LATER_THAN_READERS + ("readers",),  # model level: computed from the profile
    "genecalls": LATER_THAN_READERS + ("readers",),  # the gene-call model (issue 13)
    "compare": LATER_THAN_READERS + ("readers",),
    "analytes": LATER_THAN_READERS + ("readers",),
    "readers": LATER_THAN_READERS,
    "profilers": ("markers", "reference", "interpret", "interpretation", "report", "pipeline",
                  *FACES),
    # markers never import the reference stage (reference.py reads markers, not the other way)
    "markers": ("reference", "interpret", "interpretation", "report", "pipeline", "profilers",
                *FACES),
    "reference": ("interpret", "interpretation", "report", "pipeline", "profilers", *FACES),
    "interpret": ("report", "pipeline", "profilers", *FACES),
    "interpretation": ("report", "pipeline", "profilers", *FACES),
    "report": ("pipeline", *FACES),
    "pipeline": FACES,
    "workflow": ("commands", "web"),  # it drives the CLI (python -m microbiomix.cli)
    "web": ("cli", "commands", "workflow"),
    "commands": ("cli",),
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module) for every microbiomix import in ``path``."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            # `from microbiomix import pipeline` imports a module, not a name.
            found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names]
    return [(line, m) for line, m in found if m.split(".")[0] == "microbiomix"]


def _component(module: str) -> str:
    """``microbiomix.readers.labs`` -> ``readers``; ``microbiomix.__version__`` -> ``""``."""
    parts = module.split(".")
    if len(parts) < 2:
        return ""
    name = parts[1]
    return name if (PACKAGE / name).is_dir() or (PACKAGE / f"{name}.py").is_file() else ""


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=_module_name)
def test_imports_point_down_the_flow(path: Path) -> None:
    own = _component(_module_name(path))
    forbidden = FORBIDDEN.get(own, ())
    bad = [
        f"{path.relative_to(PACKAGE)}:{line} imports {imported}"
        for line, imported in _imports(path)
        if (target := _component(imported)) not in ("", own)
        and ("*" in forbidden or target in forbidden)
    ]
    assert not bad, "\n".join(bad)


def test_every_component_has_a_rule() -> None:
    """A new top-level module or package must be placed in the layering on purpose."""
    components = {_component(_module_name(p)) for p in MODULES} - {""}
    # Data-only packages with no code to speak of.
    unplaced = components - set(FORBIDDEN) - {"knowledge", "examples", "cli"}
    assert not unplaced, f"add these to FORBIDDEN in {Path(__file__).name}: {sorted(unplaced)}"


def test_the_check_sees_imports() -> None:
    """The checker finds absolute, relative, function-level and TYPE_CHECKING imports."""
    imports = {m for _, m in _imports(PACKAGE / "report" / "sources.py")}
    assert "microbiomix.readers.labs.read_labs" in imports  # inside a function
    assert "microbiomix.interpretation.models.Findings" in imports  # under TYPE_CHECKING
    assert "microbiomix.errors.MicrobiomixError" in {m for _, m in _imports(PACKAGE / "cli.py")}
    assert _component("microbiomix.readers.labs.read_labs") == "readers"
    assert _component("microbiomix.__version__") == ""


@pytest.mark.parametrize(
    "path", [p for p in MODULES if _component(_module_name(p)) not in FACES + ("cli",)],
    ids=_module_name,
)
def test_no_print_or_exit_below_the_faces(path: Path) -> None:
    """The library raises; only the command line and the portal talk to the terminal and exit."""
    bad = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id in ("print", "exit", "quit"):
            bad.append(f"{path.relative_to(PACKAGE)}:{node.lineno} calls {func.id}()")
        elif isinstance(func, ast.Attribute) and func.attr == "exit" and isinstance(
            func.value, ast.Name
        ) and func.value.id in ("sys", "os"):
            bad.append(f"{path.relative_to(PACKAGE)}:{node.lineno} calls {func.value.id}.exit()")
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize(
    "path", [PACKAGE / "cli.py", *sorted((PACKAGE / "commands").glob("*.py"))], ids=_module_name
)
def test_the_command_line_catches_only_known_errors(path: Path) -> None:
    """No bare ``except:`` or ``except Exception`` in the command line: known errors map to exit
    codes in cli.main, anything else is a bug and keeps its traceback."""
    bad = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if not isinstance(node, ast.ExceptHandler):
            continue
        caught = node.type
        names = (
            [caught] if not isinstance(caught, ast.Tuple) else list(caught.elts)
        ) if caught is not None else []
        if caught is None or any(
            isinstance(n, ast.Name) and n.id in ("Exception", "BaseException") for n in names
        ):
            bad.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert not bad, "broad except at " + ", ".join(bad)
