// scene.js: what is drawn, and the history of what was.
// Defines: network, nodeSet, edgeSet, scenes, current, go, back, forward, redraw,
// openOverview, openCommunity, openNeighbourhood, expand, openPath, drawnEntities,
// fitDrawing, relabel, afterDraw, hoverText. Uses util.js, data.js, layout.js, labels.js;
// calls showNode/showCommunity/setStatus/sceneChanged from panels.js (at run time).
//
// A scene is one step of the history: {kind, title, ...}
//   "overview"   the communities (or the parts of community `parent`), one node each; once
//                filters leave few entities, the entities themselves
//   "all"        every active entity at its precomputed position (graphs without overview)
//   "community"  the members of DATA.communities[community]
//   "set"        the entities `ids` at positions `pos` (neighbourhoods, expansions, paths)
// Scenes remember where their nodes were (`pos`, also after dragging), which node was
// selected and, for paths, which relations to highlight. Filters are not part of the
// history: going back redraws an earlier scene under the current filters.

// The drawing area's size, kept up to date by a ResizeObserver (main.js): reading
// clientWidth after the panels changed would force the browser to lay the page out.
const frameSize = {width: $("graph").clientWidth, height: $("graph").clientHeight};
const nodeSet = new vis.DataSet();
const edgeSet = new vis.DataSet();
const network = new vis.Network($("graph"), {nodes: nodeSet, edges: edgeSet},
  Object.assign({}, DATA.options, {physics: Object.assign({}, DATA.options.physics, {enabled: false})}));
const scenes = {list: [], at: -1};
let current = null;
// Communities nest (a big one is split into parts): depth[k] is 0 at the top, and
// chain[i][d] the community of depth d that entity i is in (parents come first in DATA).
const depth = [];
const chain = NODES.map(() => []);
COMMUNITIES.forEach((c, k) => {
  depth[k] = c.parent === null ? 0 : depth[c.parent] + 1;
  for (const i of c.members) chain[i][depth[k]] = k;
});
const ROOTS = COMMUNITIES.map((c, k) => k).filter((k) => COMMUNITIES[k].parent === null);
const partsOf = (parent) => (parent === null ? ROOTS : COMMUNITIES[parent].children);
const communityName = (k) => {
  const name = COMMUNITIES[k].name;
  return name.endsWith("small groups") ? name.charAt(0).toUpperCase() + name.slice(1) : `Community ${name}`;
};
const CLASS_RANK = new Map(DATA.classes.map((c, k) => [c.name, k]));
const classRank = (i) => CLASS_RANK.get(NODES[i].cls);
const isCommunity = (id) => typeof id === "string" && id.startsWith("c");
const communityIndex = (id) => Number(id.slice(1));

// ---- items for vis-network

function hoverText(i) {
  const n = NODES[i];
  const lines = [n.name, `Class: ${n.cls}`];
  if (n.aliases.length) lines.push("Also: " + n.aliases.join("; "));
  if (n.rank) lines.push(`Rank: ${n.rank}`);
  lines.push(`Relations: ${n.degree} \u00b7 mentions: ${n.mentions} \u00b7 articles: ${n.articles.length}`);
  if (n.community !== null) lines.push(`Community: #${n.community}`);
  return lines.join("\n");
}

function entityItem(i, p) {
  const n = NODES[i];
  const style = CLASS_STYLE.get(n.cls);
  const weight = DATA.sizeBy === "betweenness" ? (n.betweenness || 0) : n.degree;
  return {id: i, label: "", title: hoverText(i), shape: style.shape, color: style.color,
          value: Math.sqrt(weight) + 0.01, x: p.x, y: p.y};
}

function edgeItem(k, highlighted) {
  const e = EDGES[k];
  const rel = RELATION_STYLE.get(e.predicate);
  const from = NODES[e.from].name, to = NODES[e.to].name;
  let title = `${from} \u2014 ${e.predicate} \u2192 ${to}`;
  if (e.confidence !== null) title += `\nconfidence ${fmt(e.confidence)} \u00b7 ${plural(e.evidence.length, "source")}`;
  return {id: k, from: e.from, to: e.to, label: e.predicate, title,
          arrows: {to: {enabled: !rel.symmetric}},
          color: {color: highlighted ? "#111111" : rel.color, highlight: "#111111", hover: "#111111", opacity: 0.85},
          width: highlighted ? 4 : 1.2,
          smooth: {enabled: e.curve > 0, type: "curvedCW", roundness: 0.18 * e.curve}};
}

// The label of a community: its most central active members.
function communitySummary(k) {
  const c = COMMUNITIES[k];
  const members = c.members.filter((i) => active.node[i]);
  const counts = new Map();
  for (const i of members) counts.set(NODES[i].cls, (counts.get(NODES[i].cls) || 0) + 1);
  // coloured as its most central member (most communities are mostly people)
  const color = members.length ? CLASS_STYLE.get(NODES[members[0]].cls).color : "#b0b0b0";
  const name = c.name.endsWith("small groups") ? "Small groups"
    : members.slice(0, 2).map((i) => shorten(NODES[i].name, 26)).join("\n");
  return {members, counts, color,
          label: `${name}\n(${plural(members.length, "entity", "entities")})`};
}

// The community nodes of an overview (of the top, or of a community's parts) and the
// relations between them, counted.
function communityItems(parent, pos) {
  const nodes = [];
  const parts = partsOf(parent);
  const d = parent === null ? 0 : depth[parent] + 1;
  const top = Math.max(1, ...parts.map((k) => COMMUNITIES[k].members.length));
  for (const k of parts) {
    const c = COMMUNITIES[k];
    const s = communitySummary(k);
    if (!s.members.length) continue;
    const p = pos[`c${k}`] || c;
    const title = (c.name.endsWith("small groups") ? `${communityName(k)} (of fewer than 3 entities each)`
      : communityName(k)) + ` \u00b7 ${plural(s.members.length, "entity", "entities")}` +
      (c.children.length ? ` in ${plural(c.children.length, "part")}` : "") +
      "\nMost central: " + s.members.slice(0, 5).map((i) => NODES[i].name).join("; ");
    nodes.push({id: `c${k}`, label: s.label, title, shape: c.children.length ? "hexagon" : "dot", x: p.x, y: p.y,
                size: 14 + 40 * Math.sqrt(s.members.length / top),
                color: {background: s.color, border: "#3e4c59"}, borderWidth: 2});
  }
  const between = new Map();
  EDGES.forEach((e, k) => {
    if (!active.edge[k]) return;
    const a = chain[e.from][d], b = chain[e.to][d];
    if (a === b || a === undefined || b === undefined) return;
    if (parent !== null && (chain[e.from][d - 1] !== parent || chain[e.to][d - 1] !== parent)) return;
    const key = a < b ? `${a}:${b}` : `${b}:${a}`;
    between.set(key, (between.get(key) || 0) + 1);
  });
  const edges = [...between.entries()].map(([key, count]) => {
    const [a, b] = key.split(":").map(Number);
    return {id: `ce${key}`, from: `c${a}`, to: `c${b}`, label: String(count), width: 1 + Math.log2(count),
            title: `${plural(count, "relation")} between these communities`,
            color: {color: "#9aa5b1", highlight: "#111111", hover: "#111111", opacity: 0.7},
            arrows: {to: {enabled: false}}, smooth: false};
  });
  return {nodes, edges};
}

// ---- what a scene draws

// The entities a scene draws, with their positions: Map id -> {x, y}.
function sceneEntities(scene) {
  const pos = scene.pos;
  const at = (i, fallback) => pos[i] || fallback;
  const found = new Map();
  if (scene.kind === "all") {
    NODES.forEach((n, i) => { if (active.node[i]) found.set(i, at(i, n)); });
  } else if (scene.kind === "community") {
    for (const i of COMMUNITIES[scene.community].members) {
      if (active.node[i]) found.set(i, at(i, NODES[i]));
    }
  } else if (scene.kind === "set") {
    for (const i of scene.ids) {
      if (active.node[i] || i === scene.focus) found.set(i, at(i, {x: 0, y: 0}));
    }
  } else if (scene.kind === "overview" && overviewShowsEntities(scene)) {
    const ids = [];
    if (scene.parent === null || scene.parent === undefined) {
      NODES.forEach((n, i) => { if (active.node[i]) ids.push(i); });
    } else {
      for (const i of COMMUNITIES[scene.parent].members) if (active.node[i]) ids.push(i);
    }
    const links = edgesAmong(ids).map((k) => [EDGES[k].from, EDGES[k].to]);
    return ringLayout(ids, links, null, classRank);
  }
  return found;
}

// Once filters leave few entities, an overview draws them instead of their communities.
function overviewShowsEntities(scene) {
  if (!STATS.overview) return true;
  if (scene.parent === null || scene.parent === undefined) return active.nodes <= STATS.overviewFrom;
  return COMMUNITIES[scene.parent].members.filter((i) => active.node[i]).length <= STATS.overviewFrom;
}

// Make the drawing match the current scene and filters, changing only what differs.
// `fresh` (a new scene): nodes go where the scene puts them and the view is framed
// first; otherwise (filters changed) nodes already drawn stay where they are.
function redraw(fresh) {
  const scene = current;
  let nodes, edges;
  const highlight = new Set(scene.highlight || []);
  if (scene.kind === "overview" && !overviewShowsEntities(scene)) {
    ({nodes, edges} = communityItems(scene.parent === undefined ? null : scene.parent, scene.pos));
  } else {
    const shown = sceneEntities(scene);
    const ids = [...shown.keys()];
    nodes = ids.map((i) => entityItem(i, shown.get(i)));
    edges = edgesAmong(ids).map((k) => edgeItem(k, highlight.has(k)));
  }
  const old = new Map(nodeSet.get().map((n) => [n.id, n]));
  if (!fresh) {
    const positions = network.getPositions([...old.keys()]);
    for (const n of nodes) if (positions[n.id]) Object.assign(n, positions[n.id]);
  } else {
    fitDrawing(nodes);
  }
  labelItems(nodes, scene.selected);
  const wanted = new Set(nodes.map((n) => n.id));
  const wantedEdges = new Map(edges.map((e) => [e.id, e]));
  edgeSet.remove(edgeSet.getIds().filter((id) => !wantedEdges.has(id)));
  nodeSet.remove([...old.keys()].filter((id) => !wanted.has(id)));
  nodeSet.add(nodes.filter((n) => !old.has(n.id)));
  nodeSet.update(nodes.filter((n) => old.has(n.id) && changed(old.get(n.id), n)));
  const oldEdges = new Map(edgeSet.get().map((e) => [e.id, e]));
  edgeSet.add(edges.filter((e) => !oldEdges.has(e.id)));
  edgeSet.update(edges.filter((e) => oldEdges.has(e.id) &&
    (e.width !== oldEdges.get(e.id).width || e.label !== oldEdges.get(e.id).label)));
  sceneChanged();
}

function changed(a, b) {
  return a.x !== b.x || a.y !== b.y || a.label !== b.label || a.size !== b.size ||
    (a.font && a.font.size) !== (b.font && b.font.size);
}

// Frame the drawing from node positions (before vis-network has measured anything, so
// the first frame is already framed); room is left for labels.
function fitDrawing(nodes) {
  const frame = $("graph");
  if (!nodes) {
    const positions = network.getPositions();
    nodes = nodeSet.get().map((n) => Object.assign({size: n.size}, positions[n.id]));
  }
  if (!nodes.length) return;
  let left = Infinity, right = -Infinity, top = Infinity, bottom = -Infinity;
  for (const n of nodes) {
    const r = n.size || 30;
    left = Math.min(left, n.x - r); right = Math.max(right, n.x + r);
    top = Math.min(top, n.y - r); bottom = Math.max(bottom, n.y + r);
  }
  const width = Math.max(frameSize.width - 200, 100);
  const height = Math.max(frameSize.height - 70, 100);
  const scale = Math.min(width / (right - left + 1), height / (bottom - top + 1), 1.5);
  network.moveTo({position: {x: (left + right) / 2, y: (top + bottom) / 2}, scale, animation: false});
}

function drawnEntities() {
  return nodeSet.getIds().filter((id) => typeof id === "number");
}

// Give entity items (with id, x, y) the label and font size that labels.js plans for the
// current view, and community items a font of constant size on screen.
function labelItems(items, selected) {
  const {width, height} = frameSize;
  const scale = network.getScale();
  const corner = network.DOMtoCanvas({x: 0, y: 0});
  const far = network.DOMtoCanvas({x: width, y: height});
  const view = {left: corner.x, top: corner.y, right: far.x, bottom: far.y, scale, width, height};
  const groups = items.filter((n) => isCommunity(n.id)).sort((a, b) => b.size - a.size);
  if (groups.length) {  // community labels: the biggest communities' first
    const text = new Map(groups.map((n) => [n.id, communitySummary(communityIndex(n.id)).label]));
    const lines = (id) => text.get(id).split("\n");
    const placed = placeLabels(groups.map((n) => ({id: n.id, x: n.x, y: n.y, r: n.size, px: 13,
      lines: lines(n.id).length, chars: Math.max(...lines(n.id).map((line) => line.length))})), view);
    for (const n of groups) {
      n.label = placed.has(n.id) ? text.get(n.id) : "";
      n.font = {size: Math.round((1300 / scale)) / 100};
    }
  }
  const entities = items.filter((n) => typeof n.id === "number");
  // vis-network's default scaling: sizes 8-30 spread linearly over the values drawn
  const values = entities.map((n) => n.value);
  const low = Math.min(...values), high = Math.max(...values);
  for (const n of entities) n.r = high > low ? 8 + (22 * (n.value - low)) / (high - low) : 19;
  const keep = new Set();
  if (typeof selected === "number") {
    const here = new Set(entities.map((n) => n.id));
    keep.add(selected);
    for (const k of incident[selected]) if (here.has(otherEnd(EDGES[k], selected))) keep.add(otherEnd(EDGES[k], selected));
  }
  if (current && current.highlight) for (const n of entities) keep.add(n.id);
  const plan = labelPlan(entities, view, keep);
  for (const n of entities) {
    const size = plan.get(n.id);
    n.label = size === undefined ? "" : shorten(NODES[n.id].name, LABEL_CHARS);
    n.font = {size: size === undefined ? 13 : Math.round(size * 100) / 100};
  }
}

// Labels for the current zoom, changing only the nodes whose label changes.
function relabel() {
  const positions = network.getPositions();
  const items = nodeSet.get().map((n) => Object.assign({id: n.id, label: n.label, font: n.font, size: n.size,
                                                          value: n.value}, positions[n.id]));
  const before = new Map(items.map((n) => [n.id, [n.label, n.font && n.font.size]]));
  const selected = network.getSelectedNodes();
  labelItems(items, selected.length ? selected[0] : null);
  const updates = items.filter((n) => {
    const [label, size] = before.get(n.id);
    return label !== n.label || size !== n.font.size;
  }).map((n) => ({id: n.id, label: n.label, font: n.font}));
  if (updates.length) nodeSet.update(updates);
}

// A promise of the time (ms) until vis-network has drawn the next frame.
function afterDraw() {
  const started = performance.now();
  return new Promise((resolve) => network.once("afterDrawing", () => resolve(performance.now() - started)));
}

// ---- history

function remember() {
  if (!current) return;
  const positions = network.getPositions();
  for (const [id, p] of Object.entries(positions)) current.pos[id] = {x: p.x, y: p.y};
  const selected = network.getSelectedNodes();
  current.selected = selected.length ? selected[0] : null;
}

function show(scene) {
  current = scene;
  setStatus("");
  redraw(true);
  if (scene.selected !== null && scene.selected !== undefined && nodeSet.get(scene.selected)) {
    network.selectNodes([scene.selected]);
    if (isCommunity(scene.selected)) showCommunity(communityIndex(scene.selected));
    else showNode(scene.selected);
  } else {
    showHint();
  }
  $("back").disabled = scenes.at <= 0;
  $("forward").disabled = scenes.at >= scenes.list.length - 1;
}

function go(scene) {
  remember();
  scene.pos = scene.pos || {};
  scenes.list.splice(scenes.at + 1);
  scenes.list.push(scene);
  scenes.at = scenes.list.length - 1;
  show(scene);
}

function back() {
  if (scenes.at <= 0) return;
  remember();
  scenes.at -= 1;
  show(scenes.list[scenes.at]);
}

function forward() {
  if (scenes.at >= scenes.list.length - 1) return;
  remember();
  scenes.at += 1;
  show(scenes.list[scenes.at]);
}

// ---- the ways into a scene

function openOverview() {
  if (STATS.overview) {
    go({kind: "overview", parent: null, title: `Overview: ${plural(ROOTS.length, "community", "communities")}`});
  } else {
    go({kind: "all", title: `All ${plural(NODES.length, "entity", "entities")}`});
  }
}

// A community: its parts when it is split (an overview of its own), else its members.
function openCommunity(k) {
  const c = COMMUNITIES[k];
  const title = `${communityName(k)}: ${plural(c.members.length, "entity", "entities")}`;
  if (c.children.length) {
    go({kind: "overview", parent: k, title: `${title} in ${plural(c.children.length, "part")}`});
  } else {
    go({kind: "community", community: k, title});
  }
}

// The entity and its neighbours (up to expandLimit, the most connected first).
function openNeighbourhood(i) {
  const found = neighbours(i);
  const ids = [i, ...found.slice(0, STATS.expandLimit)];
  const links = edgesAmong(ids).map((k) => [EDGES[k].from, EDGES[k].to]);
  const pos = Object.fromEntries(ringLayout(ids, links, new Map([[i, {x: 0, y: 0}]]), classRank));
  go({kind: "set", title: `Neighbourhood of ${NODES[i].name}`, ids, pos, focus: i, selected: i});
  const more = found.length - (ids.length - 1);
  setStatus(`${plural(found.length, "neighbour")}` + (more > 0 ? `; the ${number(ids.length - 1)} most ` +
    `connected are shown: press Enter or double-click to add ${number(Math.min(more, STATS.expandLimit))} more.` : "."));
}

// Add an entity's neighbours that are not drawn yet; what is drawn stays where it is.
function expand(id) {
  if (isCommunity(id)) return openCommunity(communityIndex(id));
  const drawn = drawnEntities();
  const here = new Set(drawn);
  const found = neighbours(id).filter((j) => !here.has(j));
  if (!found.length) {
    setStatus(`Every neighbour of ${NODES[id].name} is already shown.`);
    return;
  }
  const add = found.slice(0, STATS.expandLimit);
  const ids = [...drawn, ...add];
  const positions = network.getPositions(drawn);
  const fixed = new Map(drawn.map((i) => [i, positions[i]]));
  const links = edgesAmong(ids).map((k) => [EDGES[k].from, EDGES[k].to]);
  const pos = Object.fromEntries(ringLayout(ids, links, fixed, classRank));
  const base = current.kind === "set" ? current.title.replace(/ \u00b7 expanded .*$/, "") : current.title;
  const expanded = [...(current.expanded || []), NODES[id].name];
  const names = expanded.slice(-3).join(", ") + (expanded.length > 3 ? ` and ${expanded.length - 3} more` : "");
  go({kind: "set", title: `${base} \u00b7 expanded ${names}`, ids, pos, expanded,
      focus: current.focus === undefined ? id : current.focus, selected: id,
      highlight: current.highlight});
  const more = found.length - add.length;
  setStatus(`Added ${plural(add.length, "neighbour")} of ${NODES[id].name}` +
    (more > 0 ? `; ${number(more)} more: expand again.` : "."));
}

function openPath(a, b) {
  const path = shortestPath(a, b);
  if (!path) return null;
  const pos = Object.fromEntries(lineLayout(path.nodes));
  go({kind: "set", title: `Path from ${NODES[a].name} to ${NODES[b].name}: ${plural(path.edges.length, "relation")}`,
      ids: path.nodes, pos, focus: a, selected: null, highlight: path.edges});
  return path;
}
