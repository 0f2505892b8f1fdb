"""The page: the view's data + its static assets -> one self-contained HTML document.

The page template (``page.html``), CSS and JavaScript are files in
``kg/use/view/static/``, read with :mod:`importlib.resources`; the template's
``$placeholders`` are filled with :class:`string.Template` (the values are not
scanned again). vis-network's JS and CSS are inlined from the pyvis package. The
Content-Security-Policy hashes of the two scripts are computed here, at render
time, from the exact text that is inlined.

Every string from the graph reaches the page only inside the JSON data blob, with
``<``, ``>``, ``&``, U+2028 and U+2029 escaped, so no name can close its script
element; the title is also in ``<title>`` and ``<h1>``, escaped with :func:`html.escape`.
"""
from __future__ import annotations

import base64
import hashlib
import html
import json
import logging
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any

from rdflib import Graph

from ...models import KGError
from ...outputs import write_atomic
from .model import DEFAULT_OVERVIEW_FROM, EXPAND_LIMIT, build_model

log = logging.getLogger(__name__)

_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


SCRIPTS: tuple[str, ...] = ("util.js", "data.js", "layout.js", "labels.js", "scene.js", "panels.js",
                            "main.js")
"""The page script's files in ``static/``, in the order they are joined (each uses the ones before)."""


def _asset(name: str) -> str:
    """A file of ``kg/use/view/static/`` (static text: no graph data is interpolated into it)."""
    return resources.files(__package__).joinpath("static").joinpath(name).read_text(encoding="utf-8")


def _json_blob(data: dict[str, Any]) -> str:
    """``data`` as JSON that cannot end the ``<script>`` element it is embedded in."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      allow_nan=False)
    for char, escape in _JSON_ESCAPES.items():
        text = text.replace(char, escape)
    return text


def _vendor(name: str) -> str:
    """A file of the vis-network build that ships with pyvis."""
    try:
        lib = resources.files("pyvis").joinpath("templates").joinpath("lib")
        builds = sorted((d for d in lib.iterdir() if d.name.startswith("vis-")),
                        key=lambda d: tuple(int(p) for p in d.name[4:].split(".") if p.isdigit()))
        text = builds[-1].joinpath(name).read_text(encoding="utf-8")
    except (ModuleNotFoundError, OSError, IndexError) as err:
        raise KGError(
            f"Cannot read vis-network's {name} from the pyvis package ({err}). "
            "Reinstall pyvis (pip install 'pyvis>=0.3.2')."
        ) from err
    if not _safe_to_inline(text):
        raise KGError(f"vis-network's {name} cannot be inlined safely (it contains an "
                      "HTML end tag or comment); pin pyvis to 0.3.2.")
    return text


def _safe_to_inline(text: str) -> bool:
    lowered = text.lower()
    return not ("</script" in lowered or "</style" in lowered or "<!--" in lowered)


def _csp_hash(script: str) -> str:
    """The Content-Security-Policy source that allows exactly this inline script."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def page_script() -> str:
    """The page's own script: :data:`SCRIPTS` in order, in one function scope, strict mode."""
    parts = [f"// ---- {name}\n{_inlinable(name, _asset(name))}" for name in SCRIPTS]
    return "(function () {\n\"use strict\";\n" + "\n".join(parts) + "})();\n"


def _inlinable(name: str, text: str) -> str:
    if not _safe_to_inline(text):
        raise KGError(f"{name} cannot be inlined safely (it contains an HTML end tag or comment); "
                      "write it without '</script', '</style' and '<!--'.")
    return text


def render_view(graph: Graph, *, title: str | None = None, overview_from: int = DEFAULT_OVERVIEW_FROM,
                expand_limit: int = EXPAND_LIMIT) -> str:
    """The interactive view of ``graph`` as one self-contained HTML document.

    ``title`` defaults to :func:`~kg.use.view.model.view_title` (the article's title for
    one article, "kg-builder: N articles, M entities" otherwise). Graphs of more than
    ``overview_from`` entities open on the overview of their communities; a search or
    an expansion adds at most ``expand_limit`` neighbours at a time.
    """
    if overview_from < 1:
        raise KGError(f"overview_from must be at least 1, got {overview_from}: pass above how many "
                      "entities the view should open on the community overview.")
    if expand_limit < 1:
        raise KGError(f"expand_limit must be at least 1, got {expand_limit}: pass how many neighbours "
                      "one expansion should add.")
    data = build_model(graph, title=title, overview_from=overview_from, expand_limit=expand_limit)
    app_js = page_script()
    vis_js, vis_css = _vendor("vis-network.min.js"), _vendor("vis-network.css")
    csp = ("default-src 'none'; "
           f"script-src {_csp_hash(vis_js)} {_csp_hash(app_js)}; "
           "style-src 'unsafe-inline'; img-src data:; font-src data:; "
           "base-uri 'none'; form-action 'none'")
    template = Template(_asset("page.html"))
    return template.substitute(
        title=html.escape(data["title"], quote=True),
        csp=csp,
        vis_css=vis_css,
        css=_inlinable("view.css", _asset("view.css")),
        data=_json_blob(data),
        vis_js=vis_js,
        app_js=app_js,
    )


def write_view(graph: Graph, path: Path, *, title: str | None = None,
               overview_from: int = DEFAULT_OVERVIEW_FROM, expand_limit: int = EXPAND_LIMIT) -> Path:
    """Write the view of ``graph`` to ``path`` atomically (``kg.outputs.write_atomic``); return ``path``.

    Writes nothing else: no ``lib/`` folder, in the working directory or anywhere.
    """
    path = Path(path)
    page = render_view(graph, title=title, overview_from=overview_from, expand_limit=expand_limit)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, page)
    except OSError as err:
        raise KGError(f"Cannot write the graph view to {path}: {err}. Check that the "
                      "folder is writable, or choose another output path.") from err
    log.info("wrote graph view %s (%d bytes)", path, len(page.encode("utf-8")))
    return path
