"""The build: paths -> ``Article``s -> ``Record``s -> merged graph files, written atomically.

* ``run``: :func:`build` wires the stages; ``graph.ttl``, ``graph.trig`` and the extra
  outputs its caller asks for are staged and committed together;
* ``options``: :class:`BuildOptions`;
* ``records``: the local engine (spaCy ``nlp.pipe``) -> one ``Record`` per article;
* ``distributed``: the same on dask.distributed workers (``--engine dask``);
* ``cache``: records kept between builds (``OUT/.kg-cache``);
* ``assemble``: records -> ``graph.ttl`` and ``graph.trig``, streamed to disk.

The build reads ``kg.ingest`` and ``kg.extract`` and writes files; it knows nothing of
the use side (``kg.use``). ``kg.build`` (``kg.api``) adds the view and the exports.
"""
from __future__ import annotations

from .options import ENGINES, BuildOptions
from .run import OutputWriter, build

__all__ = ["ENGINES", "BuildOptions", "OutputWriter", "build"]
