"""The layering DESIGN.md promises: content apps know nothing of members, payment or accounts."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def imported_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


def offending_imports(package):
    found = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for module in imported_modules(path):
            if module == "members" or module.startswith("members."):
                found.append(f"{path.relative_to(ROOT)} imports {module}")
    return found


def test_cms_never_imports_members():
    assert offending_imports("cms") == []


def test_home_never_imports_members():
    assert offending_imports("home") == []


def test_the_check_sees_an_import(tmp_path, monkeypatch):
    """The scanner itself finds both import forms, so the tests above can fail."""
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "a.py").write_text("import members.comments\nfrom members.accounts import x\n")
    monkeypatch.setattr(__import__(__name__, fromlist=["ROOT"]), "ROOT", tmp_path)
    assert offending_imports("pkg") == [
        "pkg/a.py imports members.comments", "pkg/a.py imports members.accounts",
    ]
