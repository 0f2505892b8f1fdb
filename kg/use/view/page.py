"""The page: the view's data + its static assets -> one self-contained HTML document.

The page's HTML body, CSS and JavaScript are files in ``kg/use/view/static/``, read
with :mod:`importlib.resources`; vis-network's JS and CSS are inlined from the pyvis
package. The Content-Security-Policy hashes of the two scripts are computed here, at
render time, from the exact text that is inlined.
"""
from __future__ import annotations

import base64
import hashlib
import html
import json
import logging
from importlib import resources
from pathlib import Path
from typing import Any

from rdflib import Graph

from ...models import KGError
from ...outputs import write_atomic
from .model import DEFAULT_MAX_NODES, DEFAULT_TITLE, build_model

log = logging.getLogger(__name__)

_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


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
    lowered = text.lower()
    if "</script" in lowered or "</style" in lowered or "<!--" in lowered:
        raise KGError(f"vis-network's {name} cannot be inlined safely (it contains an "
                      "HTML end tag or comment); pin pyvis to 0.3.2.")
    return text


def _csp_hash(script: str) -> str:
    """The Content-Security-Policy source that allows exactly this inline script."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def render_view(graph: Graph, *, title: str = DEFAULT_TITLE,
                max_nodes: int = DEFAULT_MAX_NODES) -> str:
    """The interactive view of ``graph`` as one self-contained HTML document.

    ``max_nodes`` caps how many entities are drawn at first (the most connected
    ones); the page's "Show all" button draws the rest.
    """
    if max_nodes < 1:
        raise KGError(f"max_nodes must be at least 1, got {max_nodes}: pass how many "
                      "entities the view should draw at first.")
    data = build_model(graph, title, max_nodes)
    app_js = _asset("view.js")
    vis_js, vis_css = _vendor("vis-network.min.js"), _vendor("vis-network.css")
    csp = ("default-src 'none'; "
           f"script-src {_csp_hash(vis_js)} {_csp_hash(app_js)}; "
           "style-src 'unsafe-inline'; img-src data:; font-src data:; "
           "base-uri 'none'; form-action 'none'")
    escaped = html.escape(title, quote=True)
    return "".join((
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n",
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n",
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
        "<meta name=\"generator\" content=\"kg-builder (pyvis + vis-network)\">\n",
        f"<title>{escaped}</title>\n",
        "<style>", vis_css, "</style>\n",
        "<style>", _asset("view.css"), "</style>\n",
        "</head>\n<body>\n",
        _asset("body.html").replace("@TITLE@", escaped),
        "<script type=\"application/json\" id=\"kg-data\">", _json_blob(data), "</script>\n",
        "<script>", vis_js, "</script>\n",
        "<script>", app_js, "</script>\n",
        "</body>\n</html>\n",
    ))


def write_view(graph: Graph, path: Path, *, title: str = DEFAULT_TITLE,
               max_nodes: int = DEFAULT_MAX_NODES) -> Path:
    """Write the view of ``graph`` to ``path`` atomically (``kg.outputs.write_atomic``); return ``path``.

    Writes nothing else: no ``lib/`` folder, in the working directory or anywhere.
    """
    path = Path(path)
    page = render_view(graph, title=title, max_nodes=max_nodes)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, page)
    except OSError as err:
        raise KGError(f"Cannot write the graph view to {path}: {err}. Check that the "
                      "folder is writable, or choose another output path.") from err
    log.info("wrote graph view %s (%d bytes)", path, len(page.encode("utf-8")))
    return path
