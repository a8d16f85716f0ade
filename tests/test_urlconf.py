"""The URL confs are written out: every urls.py imports its views by name, and every views module
that defines `urlpatterns` is reachable through the project's resolver.

A urls.py that imported its views modules in a loop (import_module, skipping a missing file)
made a deleted or misnamed views module disappear from the site without an error; these tests
fail instead.
"""

import ast
import importlib
import pkgutil
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import URLResolver, get_resolver, path

BASE_DIR = Path(settings.BASE_DIR)
SKIPPED_DIRS = {".venv", "node_modules", "migrations", ".git", "static"}


def project_files(name: str) -> list[Path]:
    """Every file called `name` in the project's own code (not the virtualenv or node_modules)."""
    return sorted(
        file
        for file in BASE_DIR.rglob(name)
        if not SKIPPED_DIRS.intersection(file.relative_to(BASE_DIR).parts)
    )


def dynamic_imports(source: str) -> list[str]:
    """The dynamic imports in a module's source: importlib imported, import_module or
    __import__ called (by any name)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if alias.name == "importlib"]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("importlib"):
            found.append(f"from {node.module} import ...")
        elif isinstance(node, ast.Name | ast.Attribute):
            name = node.id if isinstance(node, ast.Name) else node.attr
            if name in ("import_module", "__import__"):
                found.append(name)
    return found


def resolver_patterns(resolver: URLResolver) -> set[int]:
    """The ids of every URLPattern and URLResolver reachable from `resolver`, through every
    include()."""
    found = set()
    for entry in resolver.url_patterns:
        found.add(id(entry))
        if isinstance(entry, URLResolver):
            found |= resolver_patterns(entry)
    return found


def views_modules_with_urls() -> list:
    """Every module of a project app's views package (at any depth: cases.views,
    reporting.dashboard.views if it becomes a package ...) that defines `urlpatterns`."""
    modules = []
    for config in apps.get_app_configs():
        app_path = Path(config.path).resolve()
        if app_path.parent != BASE_DIR:
            continue  # Django's own apps and installed packages (a .venv may be in BASE_DIR)
        for init in sorted(app_path.rglob("views/__init__.py")):
            package = ".".join(init.parent.relative_to(BASE_DIR).parts)
            for info in pkgutil.iter_modules([str(init.parent)]):
                module = importlib.import_module(f"{package}.{info.name}")
                if hasattr(module, "urlpatterns"):
                    modules.append(module)
    return modules


def unreached(module, reachable: set[int]) -> list[str]:
    """The patterns of `module` that the resolver does not reach."""
    return [str(entry.pattern) for entry in module.urlpatterns if id(entry) not in reachable]


def test_no_urls_py_imports_its_views_dynamically():
    urls_files = project_files("urls.py")
    assert len(urls_files) >= 5  # send_portal, accounts, cases, plans, placements, reporting ...
    offenders = {
        str(file.relative_to(BASE_DIR)): found
        for file in urls_files
        if (found := dynamic_imports(file.read_text()))
    }
    assert offenders == {}


def test_every_views_module_with_urlpatterns_is_in_the_resolver():
    modules = views_modules_with_urls()
    names = {module.__name__ for module in modules}
    # The views packages this test must see (a change to the discovery would otherwise pass).
    assert {"cases.views.caseload", "plans.views.plan", "placements.views.directory"} <= names
    reachable = resolver_patterns(get_resolver())
    missing = {module.__name__: unreached(module, reachable) for module in modules}
    assert {name: patterns for name, patterns in missing.items() if patterns} == {}


# The checks themselves can fail: they find what they are meant to find.


@pytest.mark.parametrize(
    "source",
    [
        "from importlib import import_module\nimport_module('cases.views.child')",
        "import importlib\nimportlib.import_module('cases.views.child')",
        "views = __import__('cases.views.child')",
    ],
)
def test_a_dynamic_import_is_found(source):
    assert dynamic_imports(source)


def test_explicit_imports_are_not_dynamic():
    source = "from cases.views import child\nurlpatterns = [*child.urlpatterns]"
    assert dynamic_imports(source) == []


def test_a_views_module_left_out_of_the_urls_is_found():
    class LeftOut:
        __name__ = "cases.views.left_out"
        urlpatterns = [path("left-out/", lambda request: None, name="left_out")]

    reachable = resolver_patterns(get_resolver())
    assert unreached(LeftOut, reachable) == ["left-out/"]
