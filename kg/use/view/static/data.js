// data.js: the graph's data (parsed once from the page's JSON blob), indexes over it,
// the filters and what they leave active, search, neighbours and shortest paths.
// Uses util.js. The blob's layout is documented in kg/use/view/model.py.

const DATA = JSON.parse($("kg-data").textContent);
const NODES = DATA.nodes;
const EDGES = DATA.edges;
const ARTICLES = DATA.articles;
const COMMUNITIES = DATA.communities;
const STATS = DATA.stats;
const CLASS_STYLE = new Map(DATA.classes.map((c) => [c.name, c]));
const RELATION_STYLE = new Map(DATA.relations.map((r) => [r.name, r]));
// evidence rows: [article, sentence, confidence, rule, start, end, features?]
const EV = {article: 0, sentence: 1, confidence: 2, rule: 3, start: 4, end: 5, features: 6};

const incident = NODES.map(() => []);  // entity -> indices of its relations
EDGES.forEach((e, k) => {
  incident[e.from].push(k);
  if (e.to !== e.from) incident[e.to].push(k);
});
const otherEnd = (e, i) => (e.from === i ? e.to : e.from);

// Months from the first dated article to the last, every month in between included.
const MONTHS = (() => {
  const dated = ARTICLES.filter((a) => a.month !== null).map((a) => a.month).sort();
  if (!dated.length) return [];
  const months = [];
  let [y, m] = dated[0].split("-").map(Number);
  const last = dated[dated.length - 1];
  for (;;) {
    const key = `${y}-${String(m).padStart(2, "0")}`;
    months.push(key);
    if (key >= last) break;
    m += 1;
    if (m > 12) { m = 1; y += 1; }
  }
  return months;
})();
const MONTH_INDEX = new Map(MONTHS.map((m, i) => [m, i]));
const articleMonth = ARTICLES.map((a) => (a.month === null ? -1 : MONTH_INDEX.get(a.month)));

// ---- filters and what they leave active

const filters = {
  classOff: new Set(),
  relationOff: new Set(),
  minConfidence: 0,
  from: 0,                                // month indices, inclusive
  to: Math.max(0, MONTHS.length - 1),
  picked: new Set(),                      // article indices ticked in the article list
};
const active = {
  article: new Uint8Array(ARTICLES.length),
  edge: new Uint8Array(EDGES.length),
  node: new Uint8Array(NODES.length),
  nodes: 0,
  edges: 0,
  timed: false,   // whether the date range or the article selection restricts anything
};

const dateNarrowed = () => MONTHS.length > 0 && (filters.from > 0 || filters.to < MONTHS.length - 1);
const inDateRange = (a) => !dateNarrowed() ||
  (articleMonth[a] >= filters.from && articleMonth[a] <= filters.to);

// A relation is active when its predicate and both ends' classes are on and some
// evidence passes: from an active article (when the date range or the article
// selection restricts) and at least as confident as the minimum.
function supported(e) {
  const min = filters.minConfidence;
  if (!e.evidence.length) return !active.timed && (e.confidence === null || e.confidence >= min);
  for (const ev of e.evidence) {
    if (active.timed && (ev[EV.article] === null || !active.article[ev[EV.article]])) continue;
    if (ev[EV.confidence] === null || ev[EV.confidence] >= min) return true;
  }
  return false;
}

// An entity is active when its class is on and, under a time or article restriction,
// an active article mentions it or one of its relations is active.
function computeActive() {
  const picked = filters.picked;
  active.timed = dateNarrowed() || picked.size > 0;
  for (let a = 0; a < ARTICLES.length; a++) {
    active.article[a] = inDateRange(a) && (picked.size === 0 || picked.has(a)) ? 1 : 0;
  }
  const classOn = NODES.map((n) => !filters.classOff.has(n.cls));
  active.edges = 0;
  EDGES.forEach((e, k) => {
    const on = classOn[e.from] && classOn[e.to] && !filters.relationOff.has(e.predicate) && supported(e);
    active.edge[k] = on ? 1 : 0;
    active.edges += active.edge[k];
  });
  active.nodes = 0;
  NODES.forEach((n, i) => {
    let on = classOn[i];
    if (on && active.timed) {
      on = n.articles.some((a) => active.article[a]) || incident[i].some((k) => active.edge[k]);
    }
    active.node[i] = on ? 1 : 0;
    active.nodes += active.node[i];
  });
}

// ---- neighbours and paths (over active relations, ignoring direction)

// Active neighbours of entity i, most connected first.
function neighbours(i) {
  const found = new Set();
  for (const k of incident[i]) {
    if (!active.edge[k]) continue;
    const j = otherEnd(EDGES[k], i);
    if (j !== i && active.node[j]) found.add(j);
  }
  return [...found].sort((a, b) => NODES[b].degree - NODES[a].degree || a - b);
}

// Active relations among a set of entities: [edge index, ...].
function edgesAmong(ids) {
  const inside = new Set(ids);
  const found = [];
  for (const i of inside) {
    for (const k of incident[i]) {
      const e = EDGES[k];
      if (active.edge[k] && inside.has(otherEnd(e, i)) && (e.from === i)) found.push(k);
    }
  }
  return found.sort((a, b) => a - b);
}

// Shortest chain of active relations from a to b: {nodes, edges}, or null.
function shortestPath(a, b) {
  if (a === b) return {nodes: [a], edges: []};
  const via = new Map([[a, -1]]);
  let frontier = [a];
  while (frontier.length && !via.has(b)) {
    const next = [];
    for (const i of frontier) {
      for (const k of incident[i]) {
        if (!active.edge[k]) continue;
        const j = otherEnd(EDGES[k], i);
        if (!via.has(j) && active.node[j]) {
          via.set(j, k);
          next.push(j);
        }
      }
    }
    frontier = next;
  }
  if (!via.has(b)) return null;
  const nodes = [b];
  const edges = [];
  for (let i = b; i !== a;) {
    const k = via.get(i);
    edges.unshift(k);
    i = otherEnd(EDGES[k], i);
    nodes.unshift(i);
  }
  return {nodes, edges};
}

// ---- search by any name or alias

let searchIndex = null;  // [folded name, entity index], built on first use
function findNode(query) {
  const q = fold(query);
  if (!q) return null;
  if (searchIndex === null) {
    searchIndex = [];
    NODES.forEach((n, i) => {
      for (const name of [n.name, ...n.aliases]) searchIndex.push([fold(name), i]);
    });
  }
  let best = null;
  for (const [key, i] of searchIndex) {
    const score = key === q ? 0 : key.startsWith(q) ? 1 : key.includes(q) ? 2 : -1;
    if (score < 0) continue;
    const n = NODES[i];
    const rank = [score, -n.degree, n.name, i];
    if (best === null || compare(rank, best) < 0) best = rank;
  }
  return best && best[3];
}

// The names offered by the search boxes (filled after the first drawing).
function fillNames() {
  const names = new Set();
  for (const n of NODES) {
    names.add(n.name);
    for (const alias of n.aliases) names.add(alias);
  }
  const list = $("kg-names");
  list.replaceChildren(...[...names].sort().map((name) => h("option", {value: name})));
}
