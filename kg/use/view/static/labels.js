// labels.js: which entity labels show, and how big, at the current zoom.
// Defines: labelPlan. Uses data.js.
//
// Labels never pile up: the entities inside the visible part of the canvas are taken in
// order of importance (the selected entity, then its neighbours, then the most connected)
// and each gets its label only if the label's box on screen overlaps no label already
// given, up to one label per LABEL_CELL of screen. Zooming in makes room, so more labels
// show; zooming out leaves the hubs'. Label text keeps a readable size on screen whatever
// the zoom (12-18 px, bigger for more connected entities).

const LABEL_CELL = 120 * 40;  // screen pixels per label, at most
const LABEL_MIN_PX = 12;
const LABEL_MAX_PX = 18;
const LABEL_CHARS = 40;       // longer names are shortened

// drawn: [{id, x, y, r}] of the entity nodes drawn (r: radius in canvas units); view: {left, right, top, bottom, scale,
// width, height} of the canvas; first: ids that go first (the selected entity, its
// neighbours). Returns a Map id -> font size in canvas units for the entities to label.
function labelPlan(drawn, view, first) {
  const inside = drawn.filter((p) => p.x >= view.left && p.x <= view.right &&
                                     p.y >= view.top && p.y <= view.bottom);
  const budget = Math.max(8, Math.floor((view.width * view.height) / LABEL_CELL));
  inside.sort((a, b) => (first.has(b.id) - first.has(a.id)) || NODES[b.id].degree - NODES[a.id].degree ||
    a.id - b.id);
  const top = inside.length ? Math.max(1, ...inside.map((p) => NODES[p.id].degree)) : 1;
  const plan = new Map();
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
  for (const p of inside) {
    if (plan.size >= budget) break;
    const weight = Math.sqrt(Math.min(1, NODES[p.id].degree / top));
    const px = LABEL_MIN_PX + (LABEL_MAX_PX - LABEL_MIN_PX) * weight;
    const sx = (p.x - view.left) * view.scale;
    const sy = (p.y - view.top) * view.scale;
    const chars = Math.min(NODES[p.id].name.length, LABEL_CHARS);
    const half = (chars * px * 0.55) / 2 + 2;
    const drop = (p.r || 10) * view.scale + 2;  // labels sit under the node
    const box = [sx - half, sy + drop, sx + half, sy + drop + px * 1.25];
    if (overlaps(box)) continue;
    for (const key of cells(box)) {
      if (!taken.has(key)) taken.set(key, []);
      taken.get(key).push(box);
    }
    plan.set(p.id, px / view.scale);
  }
  return plan;
}
