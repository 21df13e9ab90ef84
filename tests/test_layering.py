"""The project's modules import one way: models, then the logic, then views, admin and tasks.

A logic module (emails, sending, subscriptions, offers, ...) never imports a view, an admin,
a task module or template tags, and no modules import each other in a circle.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ["smallbiz", "articles", "newsletter", "promos", "insights"]
# Modules at the top: they may import the logic, and nothing below may import them.
TOP = {"admin", "apps", "management", "tasks", "templatetags", "urls", "views"}


def module_name(path):
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


MODULES = {
    module_name(path): path
    for app in APPS
    for path in (ROOT / app).rglob("*.py")
    if "migrations" not in path.parts
}


def imports(name):
    """Return the app modules that module `name` imports."""
    found = set()
    for node in ast.walk(ast.parse(MODULES[name].read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {module for module in found if module in MODULES and module != name}


def is_top(name):
    return bool(TOP & set(name.split(".")[1:]))


def test_there_are_modules_to_check():
    assert {"newsletter.subscriptions", "promos.offers", "newsletter.tasks"} <= set(MODULES)


@pytest.mark.parametrize("name", sorted(name for name in MODULES if not is_top(name)))
def test_a_logic_module_imports_no_view_admin_or_task(name):
    assert sorted(module for module in imports(name) if is_top(module)) == []


def test_no_modules_import_each_other_in_a_circle():
    graph = {name: imports(name) for name in MODULES}
    # A package importing its own submodules (models/__init__.py) is not a circle.
    graph = {
        name: {module for module in found if not module.startswith(name + ".")}
        for name, found in graph.items()
    }
    circles = []

    def visit(name, path):
        for module in sorted(graph[name]):
            if module in path:
                circles.append(path[path.index(module) :] + [module])
            elif module not in visited:
                visited.add(module)
                visit(module, [*path, module])

    visited = set()
    for name in sorted(graph):
        if name not in visited:
            visited.add(name)
            visit(name, [name])
    assert circles == []


def test_the_project_package_imports_no_app_views():
    app_views = {name for name in MODULES if is_top(name) and not name.startswith("smallbiz")}
    offenders = {
        name: sorted(imports(name) & app_views) for name in MODULES if name.startswith("smallbiz")
    }
    assert {name: found for name, found in offenders.items() if found} == {}
