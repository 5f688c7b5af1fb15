"""Every word the Python code translates is where makemessages finds it."""

import ast
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent


def own_apps() -> list[Path]:
    """The portal's apps (not the libraries'), as Django knows them."""
    return [
        Path(config.path) for config in apps.get_app_configs() if Path(config.path).parent == ROOT
    ]


TRANSLATING = {
    "_",
    "gettext",
    "gettext_lazy",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
}


def test_no_word_is_translated_inside_an_f_string():
    """xgettext reads no call inside an f-string: such a word falls out of the catalogues at the
    next makemessages, and the page shows it in English whatever the reader's language."""
    found = []
    for app in own_apps():
        for path in sorted(app.rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.JoinedStr):
                    continue
                found += [
                    f"{path.relative_to(ROOT)}:{call.lineno}"
                    for call in ast.walk(node)
                    if isinstance(call, ast.Call)
                    and isinstance(call.func, ast.Name)
                    and call.func.id in TRANSLATING
                ]
    assert len(own_apps()) >= 8
    assert found == []
