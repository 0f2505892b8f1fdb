// layout.js: positions for entities drawn together that have no precomputed layout
// (a neighbourhood, an expansion, a path, the entities of a few articles).
// Defines: SPACING, MIN_GAP, ringLayout, lineLayout. Uses compare (util.js).
//
// ringLayout places new entities breadth-first around the ones already placed: a ring
// around the first (an ego network: the entity in the middle, its neighbours around
// it), an arc turned away from the drawing's centre around the others; pieces that are
// not connected go on a spiral outside, entities without relations in a grid below.
// Then overlaps are pushed apart; entities already on screen never move. No randomness:
// the same entities and relations always give the same drawing, in milliseconds.

const SPACING = 120;  // canvas pixels between neighbours (as the Python layout)
const MIN_GAP = 60;   // no two entities closer than this

// ids: entity ids; links: [[a, b], ...]; fixed: Map id -> {x, y} of entities that stay;
// rank(id): a number that groups entities around a ring (their class). Returns a Map
// id -> {x, y} for every id.
function ringLayout(ids, links, fixed, rank) {
  const n = ids.length;
  const at = new Map(ids.map((id, i) => [id, i]));
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const placed = new Uint8Array(n);
  const moves = new Uint8Array(n);
  const adj = ids.map(() => []);
  for (const [a, b] of links) {
    const i = at.get(a);
    const j = at.get(b);
    if (i === undefined || j === undefined || i === j) continue;
    adj[i].push(j);
    adj[j].push(i);
  }
  // around a ring, neighbours of one class sit together, the most connected first
  const order = (a, b) => compare([rank(ids[a]), adj[b].length, a], [rank(ids[b]), adj[a].length, b]);
  const queue = [];
  ids.forEach((id, i) => {
    const p = fixed && fixed.get(id);
    if (p) {
      x[i] = p.x; y[i] = p.y; placed[i] = 1; queue.push(i);
    } else {
      moves[i] = 1;
    }
  });
  const centre = () => {
    let sx = 0, sy = 0, c = 0;
    for (let i = 0; i < n; i++) if (placed[i]) { sx += x[i]; sy += y[i]; c++; }
    return c ? [sx / c, sy / c] : [0, 0];
  };
  const [cx, cy] = centre();
  const anyFixed = queue.length > 0;
  const reach = () => {
    let r = 0;
    for (let i = 0; i < n; i++) if (placed[i]) r = Math.max(r, Math.hypot(x[i] - cx, y[i] - cy));
    return r;
  };
  // 1. breadth-first placement: each placed entity's unplaced neighbours on a ring around
  //    it (all around the first entity; elsewhere an arc turned away from the centre)
  const spread = () => {
    while (queue.length) {
      const i = queue.shift();
      const kids = adj[i].filter((j) => !placed[j]);
      if (!kids.length) continue;
      kids.sort(order);
      const away = Math.atan2(y[i] - cy, x[i] - cx);
      const root = Math.hypot(x[i] - cx, y[i] - cy) < 1;
      const span = root ? 2 * Math.PI : Math.min(1.2 * Math.PI, Math.PI / 3 + kids.length * 0.3);
      const radius = Math.max(SPACING, (kids.length * 60) / span);
      kids.forEach((j, k) => {
        const angle = root ? (2 * Math.PI * k) / kids.length
          : away - span / 2 + (span * (k + 0.5)) / kids.length;
        x[j] = x[i] + radius * Math.cos(angle);
        y[j] = y[i] + radius * Math.sin(angle);
        placed[j] = 1;
        queue.push(j);
      });
    }
  };
  spread();
  // 2. pieces not connected to anything placed: the most connected entity of each on a
  //    sunflower spiral around the drawing, its piece around it
  const base = anyFixed ? reach() + SPACING : 0;
  for (let seeds = 0; ; seeds++) {
    let next = -1;
    for (let i = 0; i < n; i++) {
      if (!placed[i] && adj[i].length && (next < 0 || adj[i].length > adj[next].length)) next = i;
    }
    if (next < 0) break;
    const r = seeds === 0 && !anyFixed ? 0 : base + SPACING * 2.5 * Math.sqrt(seeds + 1);
    x[next] = cx + r * Math.cos(seeds * 2.39996);  // the golden angle
    y[next] = cy + r * Math.sin(seeds * 2.39996);
    placed[next] = 1;
    queue.push(next);
    spread();
  }
  // 3. entities without relations here: a grid below the drawing (they do not move)
  const alone = [];
  for (let i = 0; i < n; i++) if (!placed[i]) alone.push(i);
  if (alone.length) {
    let bottom = -Infinity, left = Infinity;
    for (let i = 0; i < n; i++) {
      if (placed[i]) { bottom = Math.max(bottom, y[i]); left = Math.min(left, x[i]); }
    }
    if (!Number.isFinite(bottom)) { bottom = cy - SPACING; left = cx; }
    const columns = Math.ceil(Math.sqrt(alone.length * 2));
    alone.forEach((i, k) => {
      x[i] = left + (k % columns) * SPACING * 1.2;
      y[i] = bottom + SPACING * (1 + Math.floor(k / columns) * 0.6);
      placed[i] = 1;
      moves[i] = 0;
    });
  }
  // 4. overlaps: entities closer than MIN_GAP are pushed apart (only new ones move)
  const free = [];
  for (let i = 0; i < n; i++) if (moves[i]) free.push(i);
  const gap2 = MIN_GAP * MIN_GAP;
  for (let step = 0; step < 30 && free.length; step++) {
    let moved = 0;
    for (const i of free) {
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        let ex = x[i] - x[j];
        let ey = y[i] - y[j];
        const d2 = ex * ex + ey * ey;
        if (d2 >= gap2) continue;
        if (d2 < 0.01) { ex = Math.cos(i); ey = Math.sin(i); }
        const d = Math.sqrt(ex * ex + ey * ey);
        const push = (MIN_GAP - Math.sqrt(d2)) * (moves[j] ? 0.5 : 1);
        x[i] += (ex / d) * push;
        y[i] += (ey / d) * push;
        moved += 1;
      }
    }
    if (!moved) break;
  }
  const out = new Map();
  ids.forEach((id, i) => out.set(id, {x: Math.round(x[i] * 10) / 10, y: Math.round(y[i] * 10) / 10}));
  return out;
}

// A path: its entities in a row, left to right.
function lineLayout(ids) {
  return new Map(ids.map((id, i) => [id, {x: i * SPACING * 1.8, y: (i % 2) * 36}]));
}
