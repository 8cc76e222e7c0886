// Minimal TopoJSON -> GeoJSON conversion for the world-atlas country shapes
// (Polygon and MultiPolygon geometries, quantized or not). The dashboard
// works offline, so it carries this small decoder instead of a CDN library.
"use strict";
(function (global) {
  function decodeArcs(topology) {
    const t = topology.transform;
    return topology.arcs.map(function (arc) {
      let x = 0, y = 0;
      return arc.map(function (p) {
        if (!t) return [p[0], p[1]];
        x += p[0];
        y += p[1];
        return [x * t.scale[0] + t.translate[0], y * t.scale[1] + t.translate[1]];
      });
    });
  }

  // A ring is a list of arc indices; a negative index ~i means arc i reversed.
  function ring(arcs, indices) {
    const points = [];
    indices.forEach(function (i, k) {
      let a = i < 0 ? arcs[~i].slice().reverse() : arcs[i];
      // consecutive arcs share their joining point
      points.push.apply(points, k === 0 ? a : a.slice(1));
    });
    return points;
  }

  function feature(topology, name) {
    const arcs = decodeArcs(topology);
    const geoms = topology.objects[name].geometries;
    return {
      type: "FeatureCollection",
      features: geoms.map(function (g) {
        let geometry = null;
        if (g.type === "Polygon") {
          geometry = { type: "Polygon", coordinates: g.arcs.map(function (r) { return ring(arcs, r); }) };
        } else if (g.type === "MultiPolygon") {
          geometry = {
            type: "MultiPolygon",
            coordinates: g.arcs.map(function (p) { return p.map(function (r) { return ring(arcs, r); }); })
          };
        }
        return { type: "Feature", id: g.id, properties: g.properties || {}, geometry: geometry };
      })
    };
  }

  global.SitrepTopo = { feature: feature };
})(window);
