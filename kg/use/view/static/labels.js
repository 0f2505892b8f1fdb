// labels.js: which labels show, and how big, at the current zoom.
// Defines: LABEL_CHARS, labelPlan, placeLabels. Uses data.js.
//
// Labels never pile up: the nodes inside the visible part of the canvas are taken in
// order of importance (the selected entity, then its neighbours, then the most connected;
// the biggest communities) and each gets its label only if the label's box on screen
// overlaps no label already given, up to one label per LABEL_CELL of screen. Zooming in
// makes room, so more labels show; zooming out leaves the hubs'. Label text keeps a
// readable size on screen whatever the zoom (12-18 px, bigger for more connected
// entities; 13 px for communities).

const LABEL_CELL = 120 * 40;  // screen pixels per label, at most
const LABEL_MIN_PX = 12;
const LABEL_MAX_PX = 18;
const LABEL_CHARS = 40;       // longer names are shortened

// candidates: [{id, x, y, r, chars, lines, px}] (canvas position and radius; the label's
// longest line, its line count and its size in screen pixels), most important first;
// view: {left, right, top, bottom, scale, width, height} of the canvas. Returns the ids
// whose label fits.
function placeLabels(candidates, view) {
  const budget = Math.max(8, Math.floor((view.width * view.height) / LABEL_CELL));
  const taken = new Map();  // grid cell -> boxes [x0, y0, x1, y1] in screen pixels
  const CELL = 80;
  const cells = (b) => {
    const keys = [];
    for (let gx = Math.floor(b[0] / CELL); gx <= Math.floor(b[2] / CELL); gx++) {
      for (let gy = Math.floor(b[1] / CELL); gy <= Math.floor(b[3] / CELL); gy++) keys.push(gx * 100003 + gy);
    }
    return keys;
  };
  const overlaps = (b) => cells(b).some((key) => (taken.get(key) || []).some((o) =>
    b[0] < o[2] && o[0] < b[2] && b[1] < o[3] && o[1] < b[3]));
  const placed = new Set();
  for (const c of candidates) {
    if (placed.size >= budget) break;
    if (c.x < view.left || c.x > view.right || c.y < view.top || c.y > view.bottom) continue;
    const sx = (c.x - view.left) * view.scale;
    const sy = (c.y - view.top) * view.scale;
    const half = (c.chars * c.px * 0.55) / 2 + 2;
    const drop = (c.r || 10) * view.scale + 2;  // labels sit under the node
    const box = [sx - half, sy + drop, sx + half, sy + drop + c.px * 1.25 * (c.lines || 1)];
    if (overlaps(box)) continue;
    for (const key of cells(box)) {
      if (!taken.has(key)) taken.set(key, []);
      taken.get(key).push(box);
    }
    placed.add(c.id);
  }
  return placed;
}

// drawn: [{id, x, y, r}] of the entity nodes drawn (r: radius in canvas units); first: ids
// that go first (the selected entity, its neighbours). Returns a Map id -> font size in
// canvas units for the entities to label.
function labelPlan(drawn, view, first) {
  const order = drawn.slice().sort((a, b) => (first.has(b.id) - first.has(a.id)) ||
    NODES[b.id].degree - NODES[a.id].degree || a.id - b.id);
  let top = 1;
  for (const p of drawn) top = Math.max(top, NODES[p.id].degree);
  const px = (id) => LABEL_MIN_PX + (LABEL_MAX_PX - LABEL_MIN_PX) * Math.sqrt(Math.min(1, NODES[id].degree / top));
  const placed = placeLabels(order.map((p) => ({id: p.id, x: p.x, y: p.y, r: p.r, px: px(p.id),
    chars: Math.min(NODES[p.id].name.length, LABEL_CHARS)})), view);
  const plan = new Map();
  for (const id of placed) plan.set(id, px(id) / view.scale);
  return plan;
}
