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


# --- Import circles -------------------------------------------------------------------------
# Every import counts, those inside functions too: a function-level import only postpones a
# circle to the first call, it does not remove the tangle. Relative imports are resolved and a
# package's __init__ is a module of its own; an import of a name from a module is an edge to
# that module (or to the submodule of that name, when there is one).

CHECKED_PACKAGES = ("cms", "members", "home")

def project_modules(root, packages):
    """{dotted name: (path, is_package)} for every module under `packages` but migrations."""
    modules = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(root).with_suffix("").parts)
            is_package = parts[-1] == "__init__"
            if is_package:
                parts = parts[:-1]
            modules[".".join(parts)] = (path, is_package)
    return modules


def imports_of(name, path, is_package, modules):
    """The project modules `name` imports anywhere in its file."""

    def known(dotted):
        # `import a.b.c` or `from a.b import c` where only a.b is ours: the nearest module.
        while dotted and dotted not in modules:
            dotted = dotted.rpartition(".")[0]
        return dotted or None

    package = name if is_package else name.rpartition(".")[0]
    found = set()
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(known(alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package
                for _ in range(node.level - 1):
                    base = base.rpartition(".")[0]
                source = f"{base}.{node.module}" if node.module else base
            else:
                source = node.module
            for alias in node.names:
                submodule = f"{source}.{alias.name}"
                found.add(submodule if submodule in modules else known(source))
    found.discard(None)
    found.discard(name)
    return found


def import_graph(root, packages=CHECKED_PACKAGES):
    modules = project_modules(root, packages)
    return {name: imports_of(name, path, is_package, modules)
            for name, (path, is_package) in modules.items()}


def import_circles(graph):
    """The strongly connected components of more than one module (Tarjan, without recursion)."""
    index, low, on_stack, stack, circles = {}, {}, set(), [], []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, targets = work[-1]
            for target in targets:
                if target not in index:
                    index[target] = low[target] = counter
                    counter += 1
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(graph.get(target, ())))))
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.add(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        circles.append(frozenset(component))
    return circles


def test_no_import_circles():
    circles = [sorted(circle) for circle in import_circles(import_graph(ROOT))]
    assert circles == []


def test_the_circle_check_sees_a_circle(tmp_path):
    """A circle closed by a relative import inside a function, through a package's __init__,
    is found, so the tests above can fail."""
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sub" / "__init__.py").write_text("from .b import thing\n")
    (package / "a.py").write_text("def late():\n    from .sub import thing\n")
    (package / "sub" / "b.py").write_text("from ..a import late\n")
    (package / "c.py").write_text("import pkg.a\n")  # imports into the circle, not part of it
    assert import_circles(import_graph(tmp_path, ["pkg"])) == [
        frozenset({"pkg.a", "pkg.sub", "pkg.sub.b"}),
    ]


# --- cms.core knows no content app ----------------------------------------------------------
# Apps register with cms.core (pagecache.register_shared_model, Wagtail hooks), never the other
# way round: a new content app needs no change in core.


def core_imports_of_other_apps(root):
    """Imports of another cms app (cms.news, cms.events, ...) from cms.core. (The home page
    app is not checked: cms.core.demo builds the demo site under a home.HomePage.)"""
    modules = project_modules(root, ["cms"])
    found = []
    for name, (path, is_package) in modules.items():
        if name != "cms.core" and not name.startswith("cms.core."):
            continue
        for target in sorted(imports_of(name, path, is_package, modules)):
            if target in ("cms", "cms.core") or target.startswith("cms.core."):
                continue
            found.append(f"{name} imports {target}")
    return found


def test_cms_core_imports_no_other_app():
    assert core_imports_of_other_apps(ROOT) == []


def test_the_core_check_sees_an_import_of_another_app(tmp_path):
    (tmp_path / "cms" / "core" / "pagecache").mkdir(parents=True)
    (tmp_path / "cms" / "news").mkdir()
    (tmp_path / "cms" / "events").mkdir()
    for package in ("cms", "cms/core", "cms/core/pagecache", "cms/news", "cms/events"):
        (tmp_path / package / "__init__.py").write_text("")
    (tmp_path / "cms" / "news" / "models.py").write_text("")
    (tmp_path / "cms" / "core" / "pagecache" / "store.py").write_text("")
    (tmp_path / "cms" / "core" / "pagecache" / "signals.py").write_text(
        "from . import store\ndef shared():\n    from ...news.models import Magazine\n")
    (tmp_path / "cms" / "core" / "views.py").write_text("def late():\n    import cms.events\n")
    assert core_imports_of_other_apps(tmp_path) == [
        "cms.core.pagecache.signals imports cms.news.models",
        "cms.core.views imports cms.events",
    ]
