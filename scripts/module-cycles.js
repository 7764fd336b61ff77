#!/usr/bin/env node
/**
 * The module graph of each app runs one way (docs/architecture.md, "Layout rules"). dependency-cruiser
 * collapses production code to module folders (.dependency-cruiser.modules.cjs: what a folder's
 * subfolders import counts as the folder's); this script fails, naming each cycle, when two module
 * folders reach each other. dependency-cruiser's own `circular` rule sees file cycles only, not
 * folder cycles made of files that do not import each other in a circle.
 *   node scripts/module-cycles.js          (part of npm run lint:deps)
 */
const { execFileSync } = require('child_process');
const path = require('path');

const bin = path.join(__dirname, '..', 'node_modules', '.bin', 'depcruise');
const cruise = JSON.parse(
  execFileSync(bin, ['apps', '--config', '.dependency-cruiser.modules.cjs', '--output-type', 'json'], {
    cwd: path.join(__dirname, '..'),
    maxBuffer: 64 * 1024 * 1024,
  }).toString(),
);

const isModule = (name) => /^apps\/[^/]+\/src\/[^/]+\/$/.test(name);
const edges = new Map();
for (const m of cruise.modules) {
  if (!isModule(m.source)) continue;
  edges.set(m.source, [
    ...new Set(m.dependencies.map((d) => d.resolved).filter((r) => isModule(r) && r !== m.source)),
  ]);
}

// Tarjan's strongly connected components: every component of more than one folder is a cycle.
let index = 0;
const stack = [];
const state = new Map();
const cycles = [];
function visit(v) {
  state.set(v, { index, low: index, onStack: true });
  index += 1;
  stack.push(v);
  for (const w of edges.get(v) ?? []) {
    if (!state.has(w)) {
      visit(w);
      state.get(v).low = Math.min(state.get(v).low, state.get(w).low);
    } else if (state.get(w).onStack) {
      state.get(v).low = Math.min(state.get(v).low, state.get(w).index);
    }
  }
  if (state.get(v).low === state.get(v).index) {
    const component = [];
    let w;
    do {
      w = stack.pop();
      state.get(w).onStack = false;
      component.push(w);
    } while (w !== v);
    if (component.length > 1) cycles.push(component.sort());
  }
}
for (const v of edges.keys()) if (!state.has(v)) visit(v);

if (cycles.length === 0) {
  console.log(`no module cycles (${edges.size} module folders)`);
} else {
  for (const c of cycles) {
    console.error(`module cycle: ${c.join(' <-> ')}`);
    for (const from of c) {
      const to = edges.get(from).filter((t) => c.includes(t));
      console.error(`  ${from} imports ${to.join(', ')}`);
    }
  }
  process.exitCode = 1;
}
