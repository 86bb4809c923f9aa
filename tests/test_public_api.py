"""The city plugins and the guide's example plugin use only the public modules, so that the core
can reorganise the rest without breaking them (docs/api.md names what is public)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted([*ROOT.glob("plugins/*/src/**/*.py"), *ROOT.glob("docs/examples/*/src/**/*.py")])
#: What a plugin may import; ``integrationkonzept.testing`` with its submodules.
PUBLIC = frozenset(
    {
        "integrationkonzept",
        "integrationkonzept.plugin",
        "integrationkonzept.model",
        "integrationkonzept.errors",
    }
)


def _is_public(module: str) -> bool:
    return module in PUBLIC or module.split(".")[:2] == ["integrationkonzept", "testing"]


def private_imports(path: Path) -> list[str]:
    """``file:line: module`` for each import of a non-public ``integrationkonzept`` module."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules = [node.module]
            # "from integrationkonzept import german" imports a module too.
            if node.module == "integrationkonzept":
                modules += [f"integrationkonzept.{alias.name}" for alias in node.names]
        else:
            continue
        for module in modules:
            inside = module == "integrationkonzept" or module.startswith("integrationkonzept.")
            if inside and not _is_public(module) and _is_module(module):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {module}")
    return found


def _is_module(name: str) -> bool:
    """Whether ``name`` is a module of the package (``integrationkonzept.Money`` is a class)."""
    relative = name.split(".")[1:]
    base = ROOT / "src" / "integrationkonzept" / Path(*relative) if relative else None
    return base is None or base.with_suffix(".py").exists() or (base / "__init__.py").exists()


def test_there_are_plugin_sources() -> None:
    assert len(SOURCES) > 10


def test_plugins_import_only_public_modules() -> None:
    found = [hit for path in SOURCES for hit in private_imports(path)]
    assert not found, "private modules imported (use integrationkonzept.plugin):\n" + "\n".join(
        found
    )


def test_the_package_root_exports_every_model_name() -> None:
    """The root's ``__all__`` takes the model's names from ``model.__all__`` (listed once)."""
    import integrationkonzept
    from integrationkonzept import model

    assert set(model.__all__) <= set(integrationkonzept.__all__)
    assert len(set(integrationkonzept.__all__)) == len(integrationkonzept.__all__)
    for name in model.__all__:
        assert getattr(integrationkonzept, name) is getattr(model, name)
