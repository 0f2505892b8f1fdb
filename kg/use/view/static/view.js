
(function () {
  "use strict";
  const DATA = JSON.parse(document.getElementById("kg-data").textContent);
  const $ = (id) => document.getElementById(id);

  // Build DOM from data with textContent only.
  function h(tag, props, ...children) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (key === "text") el.textContent = value;
      else if (key === "className") el.className = value;
      else if (key === "onclick") el.addEventListener("click", value);
      else el.setAttribute(key, value);
    }
    for (const child of children) {
      if (child !== null && child !== undefined) el.append(child);
    }
    return el;
  }
  const fold = (s) => String(s).normalize("NFKD").replace(/\p{M}/gu, "")
    .toLowerCase().replace(/\s+/g, " ").trim();
  const fmt = (x) => (x === null || x === undefined) ? "n/a" : Number(x).toFixed(2);
  const number = (x) => Number(x).toLocaleString("en");

  const nodeById = new Map(DATA.nodes.map((n) => [n.id, n]));
  const edgeById = new Map(DATA.edges.map((e) => [e.id, e]));
  const incident = new Map(DATA.nodes.map((n) => [n.id, []]));
  for (const e of DATA.edges) {
    incident.get(e.from).push(e);
    if (e.to !== e.from) incident.get(e.to).push(e);
  }

  const state = {
    showAll: !DATA.stats.truncated,
    classOff: new Set(),
    relationOff: new Set(),
    minConfidence: 0,
    pinned: new Set(),
  };
  const nodeVisible = (n) => !state.classOff.has(n.cls) &&
    (state.showAll || n.initial || state.pinned.has(n.id));
  const edgeVisible = (e) => !state.relationOff.has(e.predicate) &&
    (e.confidence === null || e.confidence >= state.minConfidence) &&
    nodeVisible(nodeById.get(e.from)) && nodeVisible(nodeById.get(e.to));

  const VIS_NODE = ["id", "label", "title", "shape", "color", "size", "x", "y"];
  const VIS_EDGE = ["id", "from", "to", "label", "title", "arrows", "color", "smooth"];
  const pick = (obj, keys) => Object.fromEntries(keys.filter((k) => k in obj).map((k) => [k, obj[k]]));
  const nodeSet = new vis.DataSet(DATA.nodes.map((n) => pick(n, VIS_NODE)));
  const edgeSet = new vis.DataSet(DATA.edges.map((e) => pick(e, VIS_EDGE)));
  const nodeView = new vis.DataView(nodeSet, {filter: (item) => nodeVisible(nodeById.get(item.id))});
  const edgeView = new vis.DataView(edgeSet, {filter: (item) => edgeVisible(edgeById.get(item.id))});
  const network = new vis.Network($("graph"), {nodes: nodeView, edges: edgeView}, DATA.options);

  function refresh() {
    nodeView.refresh();
    edgeView.refresh();
    $("stats").textContent = `${number(nodeView.length)} of ${number(DATA.nodes.length)} entities · ` +
      `${number(edgeView.length)} of ${number(DATA.edges.length)} relations`;
  }

  // ---- legend and filters
  for (const c of DATA.classes) {
    const box = h("input", {type: "checkbox", "data-class": c.name});
    box.checked = true;
    box.addEventListener("change", () => {
      if (box.checked) state.classOff.delete(c.name); else state.classOff.add(c.name);
      refresh();
    });
    const glyph = h("span", {className: "glyph", text: c.glyph});
    glyph.style.color = c.color;
    $("class-filter").append(h("li", {}, h("label", {}, box, glyph,
      h("span", {text: c.name}), h("span", {className: "count", text: String(c.count)}))));
  }
  for (const r of DATA.relations) {
    const box = h("input", {type: "checkbox", "data-relation": r.name});
    box.checked = true;
    box.addEventListener("change", () => {
      if (box.checked) state.relationOff.delete(r.name); else state.relationOff.add(r.name);
      refresh();
    });
    const swatch = h("span", {className: "swatch"});
    swatch.style.background = r.color;
    $("relation-filter").append(h("li", {}, h("label", {}, box, swatch,
      h("span", {text: r.name + (r.symmetric ? " (symmetric)" : "")}),
      h("span", {className: "count", text: String(r.count)}))));
  }
  $("size-note").textContent = "Node size: " + DATA.sizeBy + ". Shape: top class.";
  $("min-confidence").addEventListener("input", (ev) => {
    state.minConfidence = Number(ev.target.value);
    $("min-confidence-value").textContent = state.minConfidence.toFixed(2);
    refresh();
  });

  // ---- physics: polish, then stop
  // network.fit() frames node shapes but not the labels beside them: frame the labels too
  function fitAll() {
    let left = Infinity, right = -Infinity, top = Infinity, bottom = -Infinity;
    for (const id of nodeView.getIds()) {
      const box = network.getBoundingBox(id);
      if (!box) continue;
      left = Math.min(left, box.left); right = Math.max(right, box.right);
      top = Math.min(top, box.top); bottom = Math.max(bottom, box.bottom);
    }
    if (!Number.isFinite(left)) return;
    const frame = $("graph");
    const scale = Math.min(frame.clientWidth / (right - left + 40),
                           frame.clientHeight / (bottom - top + 40), 1.5);
    network.moveTo({position: {x: (left + right) / 2, y: (top + bottom) / 2}, scale: scale,
                    animation: false});
  }
  const physicsBox = $("physics");
  physicsBox.checked = DATA.stats.physics;
  physicsBox.addEventListener("change", () => network.setOptions({physics: {enabled: physicsBox.checked}}));
  // Once the layout is final and drawn (labels are measured when drawn): frame it, and
  // flag the page ready after that redraw.
  function finish() {
    fitAll();
    network.once("afterDrawing", () => { document.body.dataset.ready = "true"; });
    network.redraw();
  }
  if (DATA.nodes.length === 0) {
    document.body.dataset.ready = "true";
  } else if (DATA.stats.physics) {
    network.once("stabilizationIterationsDone", () => {
      network.setOptions({physics: {enabled: false}});
      physicsBox.checked = false;
      network.once("afterDrawing", finish);
      network.redraw();
    });
  } else {
    network.once("afterDrawing", finish);
  }
  $("fit").addEventListener("click", fitAll);

  // ---- large graphs
  function updateNotice() {
    const s = DATA.stats;
    $("notice").hidden = !s.truncated;
    if (state.showAll) {
      $("notice-text").textContent = `Showing all ${number(s.entities)} entities. `;
      $("show-all").hidden = true;
    } else {
      $("notice-text").textContent = `This graph has ${number(s.entities)} entities: showing the ` +
        `${number(s.initial)} most connected. Search finds the others. `;
    }
  }
  $("show-all").addEventListener("click", () => {
    state.showAll = true;
    updateNotice();
    refresh();
  });

  // ---- details panel
  const details = $("details");
  function clearDetails() {
    details.replaceChildren();
    return details;
  }
  function hint() {
    clearDetails().append(h("p", {className: "muted",
      text: DATA.nodes.length ? "Click a node or an edge to see its relations and the sentences they come from."
                              : "This graph has no entities."}));
  }
  function nodeLink(id) {
    const n = nodeById.get(id);
    return h("button", {type: "button", className: "link", "data-node": id, text: n.name,
                        onclick: () => focusNode(id)});
  }
  function evidenceList(e) {
    if (!e.evidence.length) return h("p", {className: "muted", text: "No source sentence recorded."});
    const list = h("ol", {className: "evidence"});
    for (const ev of e.evidence) {
      const meta = h("div", {className: "meta"},
        h("span", {className: "article", text: ev.article + (ev.date ? ` (${ev.date})` : "")}),
        ` · confidence ${fmt(ev.confidence)}`,
        ev.rule ? ` · rule ${ev.rule}` : null,
        ev.start !== null && ev.start !== undefined ? ` · characters ${ev.start}–${ev.end}` : null);
      list.append(h("li", {}, h("blockquote", {className: "sentence", text: ev.sentence}), meta));
    }
    return list;
  }
  function relationHead(e) {
    return h("div", {className: "rel-head"}, nodeLink(e.from),
      h("span", {className: "pred", text: e.symmetric ? `— ${e.predicate} —` : `— ${e.predicate} →`}),
      nodeLink(e.to));
  }
  function showNode(id) {
    const n = nodeById.get(id);
    if (!n) return;
    const box = clearDetails();
    box.dataset.node = id;
    delete box.dataset.edge;
    box.append(h("h2", {text: n.name}));
    const dl = h("dl");
    const row = (k, v) => dl.append(h("dt", {text: k}), h("dd", {text: v}));
    row("Class", n.cls);
    if (n.aliases.length) row("Also known as", n.aliases.join("; "));
    if (n.rank) row("Rank", n.rank);
    row("Mentions", String(n.mentions));
    row("Relations", String(n.degree));
    if (n.betweenness !== null) row("Betweenness", Number(n.betweenness).toFixed(4));
    if (n.community !== null) row("Community", n.community);
    row("IRI", n.iri);
    box.append(dl);
    const rels = incident.get(id);
    box.append(h("h3", {text: `Relations (${rels.length})`}));
    const list = h("ul", {className: "relations"});
    for (const e of rels) list.append(h("li", {"data-edge": e.id}, relationHead(e), evidenceList(e)));
    box.append(list);
  }
  function showEdge(id) {
    const e = edgeById.get(id);
    if (!e) return;
    const box = clearDetails();
    box.dataset.edge = id;
    delete box.dataset.node;
    box.append(h("h2", {text: "Relation"}), relationHead(e),
      h("p", {className: "meta", text: `confidence ${fmt(e.confidence)} · ${e.evidence.length} source(s)`}),
      h("h3", {text: "Sources"}), evidenceList(e));
  }
  network.on("click", (params) => {
    if (params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
    else hint();
  });

  // ---- search by any name
  const names = new Set();
  const index = [];
  for (const n of DATA.nodes) {
    for (const name of [n.name, ...n.aliases]) {
      names.add(name);
      index.push([fold(name), n]);
    }
  }
  const datalist = $("kg-names");
  for (const name of [...names].sort()) datalist.append(h("option", {value: name}));
  function findNode(query) {
    const q = fold(query);
    if (!q) return null;
    let best = null;
    for (const [key, n] of index) {
      const score = key === q ? 0 : key.startsWith(q) ? 1 : key.includes(q) ? 2 : -1;
      if (score < 0) continue;
      const rank = [score, -n.degree, n.name, n.id];
      if (best === null || compare(rank, best[0]) < 0) best = [rank, n];
    }
    return best && best[1];
  }
  const compare = (a, b) => {
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
    return 0;
  };
  function focusNode(id) {
    const n = nodeById.get(id);
    if (state.classOff.has(n.cls)) {
      state.classOff.delete(n.cls);
      document.querySelector(`#class-filter input[data-class="${CSS.escape(n.cls)}"]`).checked = true;
    }
    if (!nodeVisible(n)) state.pinned.add(id);
    refresh();
    network.selectNodes([id]);
    network.focus(id, {scale: Math.max(network.getScale(), 1.0), animation: {duration: 300}});
    showNode(id);
  }
  $("search").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const query = $("search-input").value;
    const n = findNode(query);
    $("search-status").textContent = n || !query.trim() ? "" : `No entity is called “${query}”.`;
    if (n) focusNode(n.id);
  });

  updateNotice();
  refresh();
  hint();
  // A handle for tests and for the browser console.
  window.kgView = {data: DATA, network, nodes: nodeView, edges: edgeView, findNode, focusNode,
                   showNode, showEdge, state, refresh};
})();
