// main.js: wires the page together and draws the first scene.
// Uses every file before it. Exposes window.kgView, a handle for tests, the benchmark
// and the browser console.

computeActive();
buildLegend();
buildTime();
buildArticles();
updateDates();

// ---- the drawing's events

network.on("click", (params) => {
  if (params.nodes.length) {
    const id = params.nodes[0];
    if (isCommunity(id)) showCommunity(communityIndex(id)); else showNode(id);
  } else if (params.edges.length && typeof params.edges[0] === "number") {
    showEdge(params.edges[0]);
  } else {
    showHint();
  }
  relabel();
});
network.on("doubleClick", (params) => {
  if (params.nodes.length) expand(params.nodes[0]);
});
let relabelTimer = 0;
const relabelSoon = () => {
  clearTimeout(relabelTimer);
  relabelTimer = setTimeout(relabel, 120);
};
network.on("zoom", relabelSoon);
network.on("dragEnd", relabelSoon);
network.on("animationFinished", relabel);
new ResizeObserver((entries) => {
  const box = entries[entries.length - 1].contentRect;
  frameSize.width = box.width;
  frameSize.height = box.height;
  relabelSoon();
}).observe($("graph"));

// ---- keyboard: Enter on the selected node expands it (or opens its community)

$("graph").addEventListener("keydown", (ev) => {
  const selected = network.getSelectedNodes();
  if (ev.key === "Enter" && selected.length) {
    ev.preventDefault();
    expand(selected[0]);
  } else if (ev.key === "Escape") {
    network.unselectAll();
    showHint();
    relabel();
  }
});
document.addEventListener("keydown", (ev) => {
  if (!ev.altKey || ev.ctrlKey || ev.metaKey) return;
  if (ev.key === "ArrowLeft") { ev.preventDefault(); back(); }
  if (ev.key === "ArrowRight") { ev.preventDefault(); forward(); }
});
$("back").addEventListener("click", back);
$("forward").addEventListener("click", forward);
$("home").addEventListener("click", openOverview);

// ---- search and path

$("search").addEventListener("submit", (ev) => {
  ev.preventDefault();
  const query = $("search-input").value;
  const i = findNode(query);
  $("search-status").textContent = i !== null || !query.trim() ? "" : `No entity is called \u201c${query}\u201d.`;
  if (i === null) return;
  if (filters.classOff.has(NODES[i].cls)) {  // searching for an entity shows it, whatever its class
    filters.classOff.delete(NODES[i].cls);
    document.querySelector(`#class-filter input[data-class="${CSS.escape(NODES[i].cls)}"]`).checked = true;
    computeActive();
  }
  openNeighbourhood(i);
});
$("path-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  submitPath();
});

// ---- layout controls

const physicsBox = $("physics");
physicsBox.addEventListener("change", () => network.setOptions({physics: {enabled: physicsBox.checked}}));
$("fit").addEventListener("click", () => { fitDrawing(); relabel(); });

// A handle for tests, the benchmark and the browser console. `timed(f)` runs f and
// resolves with the milliseconds until the drawing that follows is on screen.
window.kgView = {
  data: DATA, network, nodes: nodeSet, edges: edgeSet, filters, active, scenes,
  findNode, openNeighbourhood, expand, openCommunity, openOverview, openPath, back, forward,
  showNode, showEdge, showCommunity, filtersChanged, relabel,
  scene: () => current,
  timed: (f) => {
    const drawn = afterDraw();
    const started = performance.now();
    f();
    network.redraw();
    return drawn.then(() => performance.now() - started);
  },
};

// ---- the first scene; the page is flagged ready once it is drawn and framed

function ready() {
  document.body.dataset.ready = "true";
  window.kgView.firstDraw = performance.now();
  setTimeout(fillNames, 0);
}
const first = afterDraw();
openOverview();
if (!NODES.length) {
  ready();
} else if (STATS.physics) {
  // small graphs: vis-network's physics polishes the precomputed layout, then stops
  physicsBox.checked = true;
  network.once("stabilizationIterationsDone", () => {
    network.setOptions({physics: {enabled: false}});
    physicsBox.checked = false;
    remember();
    fitDrawing();
    relabel();
    afterDraw().then(ready);
    network.redraw();
  });
  network.setOptions({physics: {enabled: true}});
  network.stabilize(DATA.options.physics.stabilization.iterations);
} else {
  first.then(ready);
}
