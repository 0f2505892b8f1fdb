"""The use side: a built graph (a file or a store) -> answers, files and pages.

* ``query``: graph file -> rdflib ``Graph`` or pyoxigraph ``Store`` -> ``QueryResult``;
  ``results``: ``QueryResult`` -> text (table, CSV, TSV, JSON, XML, Turtle);
* ``serve``: the read-only SPARQL endpoint over HTTP; ``workers``: the worker processes
  it runs every query in (killed and replaced when a query outlives the time limit);
* ``export``: graph -> files in other formats (RDF and entity-graph formats);
* ``view``: graph -> the self-contained HTML view;
* ``analyze``: graph -> counts, centrality, communities; ``validate``: graph -> SHACL report;
* ``explain``: graph -> every relation with its sentence and rule.

Everything here reads built graphs, never Python objects of a build, so it works on
any graph that ``kg build`` wrote; it imports only the core (``kg.models``,
``kg.ontology``, ``kg.rdf``, ``kg.sparql``, ``kg.store``, ``kg.outputs``) and itself.
"""
