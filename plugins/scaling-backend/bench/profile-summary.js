#!/usr/bin/env node
/*
 * The heaviest functions of a V8 CPU profile (as the scan benchmark writes with
 * BENCH_PROFILE=<dir>), by self time, and the share of each package.
 *
 * Run: node bench/profile-summary.js <file.cpuprofile> [top]
 */
const { readFileSync } = require('node:fs');

const [file, top = '30'] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/profile-summary.js <file.cpuprofile> [top]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map(node => [node.id, node]));
const dt = new Map();
profile.samples.forEach((id, i) => {
  dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const total = [...dt.values()].reduce((a, b) => a + b, 0);

const byFunction = new Map();
const byPackage = new Map();
for (const [id, micros] of dt) {
  const { functionName, url, lineNumber } = byId.get(id).callFrame;
  const where = url.replace(/^.*node_modules\//, '').replace(/^file:\/\//, '');
  const key = `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + micros);
  const pkg = packageOf(url, functionName);
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + micros);
}
/** The npm package, workspace plugin, Node built-in or native frame a sample belongs to. */
function packageOf(url, functionName) {
  if (url.includes('node_modules/')) {
    const parts = url.replace(/^.*node_modules\//, '').split('/');
    return parts.slice(0, parts[0].startsWith('@') ? 2 : 1).join('/');
  }
  if (url.includes('/plugins/')) {
    return url
      .replace(/^.*\/plugins\//, 'plugins/')
      .split('/')
      .slice(0, 2)
      .join('/');
  }
  if (url) return 'node';
  return functionName || '(native)';
}

const pct = micros => `${((100 * micros) / total).toFixed(1).padStart(5)}%`;
console.log(`total ${(total / 1000).toFixed(0)} ms sampled\n\nby package:`);
for (const [pkg, micros] of [...byPackage]
  .sort((a, b) => b[1] - a[1])
  .slice(0, 15)) {
  console.log(`${pct(micros)}  ${pkg}`);
}
console.log('\nby function (self time):');
for (const [key, micros] of [...byFunction]
  .sort((a, b) => b[1] - a[1])
  .slice(0, Number(top))) {
  console.log(`${pct(micros)}  ${key}`);
}
