#!/usr/bin/env bash
# Writes $BUILD/world-110m.json: country outlines for the SVG map of
# `sitrep report`, converted from npm world-atlas (countries-110m.json,
# TopoJSON, Natural Earth data, public domain) to plain polygons:
#   {"countries":[{"iso3":"UKR","name":"Ukraine","polygons":[[[lon,lat],...],...]}]}
# Each polygon is a list of rings (outer ring first). ISO3 codes come from npm
# world-countries (ccn3 -> cca3). Skipped when the output is newer than the input.
set -euo pipefail
BUILD=${1:-build}
here=$(cd "$(dirname "$0")/../.." && pwd)
atlas="$here/node_modules/world-atlas/countries-110m.json"
countries="$here/node_modules/world-countries/countries.json"
out="$BUILD/world-110m.json"
if [ ! -f "$atlas" ]; then
  echo "30-world-map: $atlas missing (npm install world-atlas); the report map will be empty" >&2
  exit 0
fi
if [ -f "$out" ] && [ "$out" -nt "$atlas" ] && [ "$out" -nt "$0" ]; then exit 0; fi
mkdir -p "$BUILD"
node - "$atlas" "$countries" "$out.tmp" <<'JS'
const fs = require('fs');
const [atlasPath, countriesPath, outPath] = process.argv.slice(2);
const topo = JSON.parse(fs.readFileSync(atlasPath, 'utf8'));
const iso3 = {};
try {
  for (const c of JSON.parse(fs.readFileSync(countriesPath, 'utf8'))) {
    if (c.ccn3) iso3[c.ccn3] = c.cca3;
  }
} catch (e) { /* names only */ }
// TopoJSON arcs are quantized and delta-encoded when a transform is present.
const t = topo.transform;
const arcs = topo.arcs.map(arc => {
  let x = 0, y = 0;
  return arc.map(p => {
    if (t) {
      x += p[0]; y += p[1];
      return [x * t.scale[0] + t.translate[0], y * t.scale[1] + t.translate[1]];
    }
    return [p[0], p[1]];
  });
});
// Arc index i >= 0 is used forwards, ~i backwards; consecutive arcs share an endpoint.
function ring(indices) {
  const pts = [];
  for (const i of indices) {
    const a = i >= 0 ? arcs[i] : arcs[~i].slice().reverse();
    for (let k = pts.length ? 1 : 0; k < a.length; k++) pts.push(a[k]);
  }
  return pts.map(p => [Math.round(p[0] * 100) / 100, Math.round(p[1] * 100) / 100]);
}
const out = [];
for (const g of topo.objects.countries.geometries) {
  let polys = [];
  if (g.type === 'Polygon') polys = [g.arcs.map(ring)];
  else if (g.type === 'MultiPolygon') polys = g.arcs.map(p => p.map(ring));
  else continue;
  let code = iso3[g.id] || ((g.properties && g.properties.name) === 'Kosovo' ? 'XKX' : '');
  out.push({iso3: code, name: (g.properties && g.properties.name) || '', polygons: polys});
}
fs.writeFileSync(outPath, JSON.stringify({source: 'world-atlas countries-110m (Natural Earth)', countries: out}));
JS
mv "$out.tmp" "$out"
echo "30-world-map: wrote $out" >&2
