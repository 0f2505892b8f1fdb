// panels.js: everything around the drawing. The details panel (an entity, a relation or a
// community, with the sentences behind each relation, their article and date), the
// filters (classes, relations, confidence, the date range over a histogram of articles
// per month, the article list), the path form, the scene bar and the counts.
// Defines: showHint, showNode, showEdge, showCommunity, selectEntity, setStatus,
// sceneChanged, filtersChanged, buildLegend, buildTime, renderArticles, submitPath.
// Uses util.js, data.js, layout.js, scene.js.

const details = $("details");
const RELATIONS_SHOWN = 20;   // relations listed at first in an entity's panel
const SOURCES_SHOWN = 3;      // sentences listed at first under a relation in an entity's panel
const ARTICLES_SHOWN = 100;   // rows of the article list rendered at a time

function clearDetails() {
  details.replaceChildren();
  delete details.dataset.node;
  delete details.dataset.edge;
  delete details.dataset.community;
  return details;
}

function showHint() {
  const text = !NODES.length ? "This graph has no entities."
    : STATS.overview ? "Each circle is a community of entities that are related more among themselves than " +
      "with others. Click one to see who is in it; double-click (or Enter) opens it. Search finds any entity."
      : "Click a node or an edge to see its relations and the sentences they come from; double-click " +
        "(or Enter) adds a node's neighbours.";
  clearDetails().append(h("p", {className: "muted", text}));
}

function setStatus(text) {
  $("scene-note").textContent = text;
}

function sceneChanged() {
  const entities = drawnEntities().length;
  const groups = nodeSet.length - entities;
  $("scene-title").textContent = current.title;
  $("scene-title").dataset.kind = current.kind;
  $("stats").textContent = `${number(active.nodes)} of ${plural(NODES.length, "entity", "entities")} \u00b7 ` +
    `${number(active.edges)} of ${plural(EDGES.length, "relation")} match the filters \u00b7 drawn: ` +
    (groups ? plural(groups, "community", "communities") : plural(entities, "entity", "entities"));
}

// ---- the details panel

function selectEntity(i) {
  if (nodeSet.get(i)) {
    network.selectNodes([i]);
    network.focus(i, {scale: Math.max(network.getScale(), 0.8), animation: {duration: 300}});
    showNode(i);
    relabel();
  } else {
    openNeighbourhood(i);
  }
}

function nodeLink(i) {
  return h("button", {type: "button", className: "link", "data-node": String(i), text: NODES[i].name,
                      onclick: () => selectEntity(i)});
}

function articleMeta(a) {
  if (a === null) return [h("span", {className: "article", text: "(unknown article)"})];
  const art = ARTICLES[a];
  const link = webLink(art.url, "source");
  return [h("span", {className: "article", text: art.title}),
          art.date ? h("span", {className: "date", text: ` (${art.date})`}) : null,
          art.publisher ? ` \u00b7 ${art.publisher}` : null,
          link ? " \u00b7 " : null, link];
}

// The sentences behind relation e (at most `limit`, with a button for the rest).
function evidenceList(e, limit) {
  if (!e.evidence.length) return h("p", {className: "muted", text: "No source sentence recorded."});
  const shown = active.timed
    ? e.evidence.filter((ev) => ev[EV.article] !== null && active.article[ev[EV.article]]) : e.evidence;
  const list = h("ol", {className: "evidence"});
  const cut = limit !== undefined && shown.length > limit + 1 ? limit : shown.length;
  for (const ev of shown.slice(0, cut)) {
    const meta = h("div", {className: "meta"}, ...articleMeta(ev[EV.article]),
      ` \u00b7 confidence ${fmt(ev[EV.confidence])}`,
      ev[EV.rule] !== null ? ` \u00b7 rule ${DATA.rules[ev[EV.rule]]}` : null,
      ev[EV.start] !== null ? ` \u00b7 characters ${ev[EV.start]}\u2013${ev[EV.end]}` : null,
      ev.length > EV.features ? ` \u00b7 features ${ev[EV.features].join(", ")}` : null);
    list.append(h("li", {}, h("blockquote", {className: "sentence", text: DATA.sentences[ev[EV.sentence]]}), meta));
  }
  if (cut < shown.length) {
    list.append(h("li", {}, h("button", {type: "button", className: "link",
      text: `${plural(shown.length - cut, "more source")}`,
      onclick: () => list.replaceWith(evidenceList(e))})));
  }
  const left = e.evidence.length - shown.length;
  if (left) list.append(h("li", {className: "muted", text: `${plural(left, "more source")} outside the selected dates or articles`}));
  return list;
}

function relationHead(e) {
  const symmetric = RELATION_STYLE.get(e.predicate).symmetric;
  return h("div", {className: "rel-head"}, nodeLink(e.from),
    h("span", {className: "pred", text: symmetric ? `\u2014 ${e.predicate} \u2014` : `\u2014 ${e.predicate} \u2192`}),
    nodeLink(e.to));
}

function actions(...buttons) {
  return h("div", {className: "actions"}, ...buttons.map(([text, f]) =>
    h("button", {type: "button", text, onclick: f})));
}

function showNode(i, all) {
  const n = NODES[i];
  const box = clearDetails();
  box.dataset.node = String(i);
  box.append(h("h2", {text: n.name}));
  const dl = h("dl");
  const row = (k, v) => dl.append(h("dt", {text: k}), h("dd", {text: v}));
  row("Class", n.cls);
  if (n.aliases.length) row("Also known as", n.aliases.join("; "));
  if (n.rank) row("Rank", n.rank);
  row("Mentions", String(n.mentions));
  row("Relations", String(n.degree));
  if (n.betweenness !== null) row("Betweenness", Number(n.betweenness).toFixed(4));
  const leaf = chain[i].length ? chain[i][chain[i].length - 1] : null;
  if (leaf !== null) row("Community", COMMUNITIES[leaf].name);
  else if (n.community !== null) row("Community", `#${n.community}`);
  row("Articles", String(n.articles.length));
  row("IRI", n.iri);
  box.append(dl, actions(
    ["Show neighbourhood", () => openNeighbourhood(i)],
    ["Add neighbours", () => expand(i)],
    ["Path from here", () => { $("path-from").value = n.name; $("path-section").open = true; $("path-to").focus(); }],
    ["Path to here", () => { $("path-to").value = n.name; $("path-section").open = true; $("path-from").focus(); }]));
  const rels = incident[i].filter((k) => active.edge[k]);
  const hidden = incident[i].length - rels.length;
  box.append(h("h3", {text: `Relations (${rels.length})`}));
  if (hidden) box.append(h("p", {className: "muted", text: `${plural(hidden, "more relation")} hidden by the filters.`}));
  const list = h("ul", {className: "relations"});
  for (const k of all ? rels : rels.slice(0, RELATIONS_SHOWN)) {
    list.append(h("li", {"data-edge": String(k)}, relationHead(EDGES[k]), evidenceList(EDGES[k], SOURCES_SHOWN)));
  }
  box.append(list);
  if (!all && rels.length > RELATIONS_SHOWN) {
    box.append(h("button", {type: "button", text: `Show all ${number(rels.length)} relations`,
                            onclick: () => showNode(i, true)}));
  }
  if (n.articles.length) {
    box.append(h("h3", {text: `Mentioned in (${n.articles.length})`}));
    const articles = h("ul", {className: "mentions"});
    for (const a of n.articles.slice(0, 10)) articles.append(h("li", {}, ...articleMeta(a)));
    if (n.articles.length > 10) articles.append(h("li", {className: "muted", text: `${number(n.articles.length - 10)} more`}));
    box.append(articles);
  }
}

function showEdge(k) {
  const e = EDGES[k];
  const box = clearDetails();
  box.dataset.edge = String(k);
  box.append(h("h2", {text: "Relation"}), relationHead(e),
    h("p", {className: "meta", text: `confidence ${fmt(e.confidence)} \u00b7 ${plural(e.evidence.length, "source")}`}),
    h("h3", {text: "Sources"}), evidenceList(e));
}

function showCommunity(k) {
  const c = COMMUNITIES[k];
  const s = communitySummary(k);
  const box = clearDetails();
  box.dataset.community = String(k);
  box.append(h("h2", {text: communityName(k)}),
    h("p", {text: `${plural(s.members.length, "entity", "entities")}` +
                  (s.members.length < c.members.length ? ` of ${number(c.members.length)} match the filters` : "") +
                  (c.children.length ? `, in ${plural(c.children.length, "part")}.` : ".")}),
    actions([c.children.length ? "Open its parts" : "Open community", () => openCommunity(k)]));
  const dl = h("dl");
  for (const [cls, count] of [...s.counts.entries()].sort((a, b) => b[1] - a[1])) {
    dl.append(h("dt", {text: cls}), h("dd", {text: number(count)}));
  }
  box.append(h("h3", {text: "Classes"}), dl, h("h3", {text: "Most central"}));
  const list = h("ol", {className: "members"});
  for (const i of s.members.slice(0, 25)) list.append(h("li", {}, nodeLink(i), ` (${plural(NODES[i].degree, "relation")})`));
  box.append(list);
}

// ---- filters

function filtersChanged(keepArticleList) {
  computeActive();
  redraw(current.kind === "overview");
  if (!keepArticleList) renderArticles();
  updateDates();
  if (details.dataset.node !== undefined) showNode(Number(details.dataset.node));
  else if (details.dataset.community !== undefined) showCommunity(Number(details.dataset.community));
}

function legendEntry(props, marker, name, count, onChange) {
  const box = h("input", Object.assign({type: "checkbox"}, props));
  box.checked = true;
  box.addEventListener("change", () => onChange(box.checked));
  return h("li", {}, h("label", {}, box, marker, h("span", {text: name}),
    h("span", {className: "count", text: String(count)})));
}

function buildLegend() {
  for (const c of DATA.classes) {
    const glyph = h("span", {className: "glyph", text: c.glyph});
    glyph.style.color = c.color;
    $("class-filter").append(legendEntry({"data-class": c.name}, glyph, c.name, c.count, (on) => {
      if (on) filters.classOff.delete(c.name); else filters.classOff.add(c.name);
      filtersChanged();
    }));
  }
  for (const r of DATA.relations) {
    const swatch = h("span", {className: "swatch"});
    swatch.style.background = r.color;
    $("relation-filter").append(legendEntry({"data-relation": r.name}, swatch,
      r.name + (r.symmetric ? " (symmetric)" : ""), r.count, (on) => {
        if (on) filters.relationOff.delete(r.name); else filters.relationOff.add(r.name);
        filtersChanged();
      }));
  }
  $("size-note").textContent = "Node size: " + DATA.sizeBy + ". Shape: top class.";
  $("min-confidence").addEventListener("input", (ev) => {
    filters.minConfidence = Number(ev.target.value);
    $("min-confidence-value").textContent = filters.minConfidence.toFixed(2);
    filtersChanged();
  });
}

// ---- time: a histogram of articles per month and a range over it

function buildTime() {
  const from = $("date-from"), to = $("date-to");
  if (!MONTHS.length) {
    $("date-range").hidden = true;
    $("date-label").textContent = ARTICLES.length ? "No article has a date." : "No articles.";
    return;
  }
  const counts = MONTHS.map(() => 0);
  for (const m of articleMonth) if (m >= 0) counts[m] += 1;
  const top = Math.max(...counts);
  const bars = counts.map((count, m) => {
    const bar = h("span", {className: "bar", title: `${MONTHS[m]}: ${plural(count, "article")}`});
    bar.style.height = `${Math.round((100 * count) / top)}%`;
    return bar;
  });
  $("histogram").replaceChildren(...bars);
  for (const input of [from, to]) input.max = String(MONTHS.length - 1);
  from.value = "0";
  to.value = String(MONTHS.length - 1);
  const changed = (moved) => {
    let a = Number(from.value), b = Number(to.value);
    if (a > b) { if (moved === from) b = a; else a = b; }
    from.value = String(a); to.value = String(b);
    filters.from = a; filters.to = b;
    filtersChanged();
  };
  from.addEventListener("input", () => changed(from));
  to.addEventListener("input", () => changed(to));
  from.setAttribute("aria-label", "Articles from month");
  to.setAttribute("aria-label", "Articles up to month");
}

function updateDates() {
  if (!MONTHS.length) return;
  const bars = $("histogram").children;
  for (let m = 0; m < bars.length; m++) bars[m].classList.toggle("out", m < filters.from || m > filters.to);
  let inRange = 0;
  for (let a = 0; a < ARTICLES.length; a++) if (inDateRange(a)) inRange += 1;
  const undated = articleMonth.filter((m) => m < 0).length;
  $("date-label").textContent = `${MONTHS[filters.from]} \u2013 ${MONTHS[filters.to]}: ` +
    `${number(inRange)} of ${plural(ARTICLES.length, "article")}` +
    (undated ? (dateNarrowed() ? ` (${number(undated)} undated left out)` : ` (${number(undated)} undated)`) : "");
  $("date-from").setAttribute("aria-valuetext", MONTHS[filters.from]);
  $("date-to").setAttribute("aria-valuetext", MONTHS[filters.to]);
}

// ---- the article list: tick articles to keep only what they support

let articleLimit = ARTICLES_SHOWN;
let articleText = null;  // folded title, publisher and source of each article, on first use

function articleRow(a) {
  const art = ARTICLES[a];
  const box = h("input", {type: "checkbox", "data-article": String(a)});
  box.checked = filters.picked.has(a);
  box.addEventListener("change", () => {
    if (box.checked) filters.picked.add(a); else filters.picked.delete(a);
    filtersChanged(true);
    updateArticleCount();
  });
  const link = webLink(art.url, "source");
  return h("li", {}, h("label", {}, box, h("span", {className: "title", text: art.title})),
    h("div", {className: "meta"}, art.date || "undated", art.publisher ? ` \u00b7 ${art.publisher}` : null,
      " \u00b7 ", link || h("span", {className: "source", text: art.source || "no source recorded"})));
}

function updateArticleCount(shown) {
  if (shown !== undefined) $("article-count").textContent = `(${number(shown)} of ${number(ARTICLES.length)})`;
  const clear = $("article-clear");
  clear.hidden = filters.picked.size === 0;
  clear.textContent = `Clear the selection (${plural(filters.picked.size, "article")})`;
}

function renderArticles() {
  const q = fold($("article-filter").value);
  if (q && articleText === null) {
    articleText = ARTICLES.map((a) => fold([a.title, a.publisher || "", a.source || "", a.date || ""].join(" ")));
  }
  const rows = [];
  for (let a = 0; a < ARTICLES.length; a++) {
    if (inDateRange(a) && (!q || articleText[a].includes(q))) rows.push(a);
  }
  $("article-list").replaceChildren(...rows.slice(0, articleLimit).map(articleRow));
  const more = $("article-more");
  const rest = rows.length - Math.min(rows.length, articleLimit);
  more.hidden = rest <= 0;
  more.textContent = `Show ${number(Math.min(rest, ARTICLES_SHOWN))} more (${number(rest)} not listed)`;
  updateArticleCount(rows.length);
}

function buildArticles() {
  $("article-filter").addEventListener("input", () => { articleLimit = ARTICLES_SHOWN; renderArticles(); });
  $("article-more").addEventListener("click", () => { articleLimit += ARTICLES_SHOWN; renderArticles(); });
  $("article-clear").addEventListener("click", () => {
    filters.picked.clear();
    filtersChanged();
  });
  renderArticles();
}

// ---- path between two entities

function submitPath() {
  const fromText = $("path-from").value, toText = $("path-to").value;
  const a = findNode(fromText), b = findNode(toText);
  const status = $("path-status");
  if (a === null || b === null) {
    status.textContent = `No entity is called \u201c${a === null ? fromText : toText}\u201d.`;
    return;
  }
  const path = openPath(a, b);
  status.textContent = path
    ? `${NODES[a].name} \u2192 ${NODES[b].name}: ${plural(path.edges.length, "relation")}.`
    : `No chain of relations joins ${NODES[a].name} and ${NODES[b].name} (with the current filters).`;
}
