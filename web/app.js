// sitrep dashboard: map, timeline, alerts, event table and article view over
// the JSON API (docs/api.md). Plain browser JavaScript and d3, served by
// `sitrep serve`; no network access beyond the server itself.
"use strict";

const state = { fallback: false, after: 0, filters: {}, world: null };

function $(sel) { return document.querySelector(sel); }

async function getJson(url) {
  const r = await fetch(url);
  const body = await r.json().catch(() => ({}));
  if (!r.ok) throw new Error(body.error || ("HTTP " + r.status));
  return body;
}

// Accessors tolerant of the nested event record (sitrep.event/1).
const ev = {
  quad: e => (e.event && e.event.quad_class) || e.quad_class || 0,
  code: e => (e.event && e.event.cameo) || e.cameo || "",
  name: e => (e.event && e.event.cameo_name) || e.cameo_name || "",
  date: e => (e.date && e.date.value) || "",
  side: s => s ? (s.code || s.country || s.text || "?") : "",
  dead: e => (e.fatalities || []).filter(c => c.kind === "killed" && !c.cumulative)
    .reduce((n, c) => n + (c.count || 0), 0),
  loc: e => e.location || null,
  sentence: e => (e.evidence && e.evidence.sentence) || e.sentence || "",
};

// ------------------------------------------------------------------ map

const projection = d3.geoNaturalEarth1().fitExtent([[5, 5], [955, 475]], { type: "Sphere" });
const geoPath = d3.geoPath(projection);

async function drawWorld() {
  const svg = d3.select("#map");
  svg.append("path").attr("class", "sphere").attr("d", geoPath({ type: "Sphere" }));
  try {
    const topo = await getJson("vendor/countries-110m.json");
    state.world = SitrepTopo.feature(topo, "countries");
    svg.append("g").attr("class", "countries").selectAll("path")
      .data(state.world.features).join("path")
      .attr("class", "country").attr("d", geoPath)
      .append("title").text(d => d.properties.name || "");
  } catch (err) {
    $("#status").textContent = "map shapes missing: " + err.message;
  }
  svg.append("g").attr("class", "events");
}

async function drawEvents() {
  const url = "api/events?located=1&happened=1&limit=5000" + (state.fallback ? "&fallback=1" : "");
  let rows = [];
  try {
    rows = (await getJson(url)).events;
  } catch (err) {
    $("#map-count").textContent = err.message;
    return;
  }
  const located = rows.filter(r => { const l = ev.loc(r.event); return l && l.lat != null && l.lon != null; });
  const radius = d3.scaleSqrt().domain([0, 100]).range([3, 18]).clamp(true);
  d3.select("#map g.events").selectAll("circle")
    .data(located, r => r.key)
    .join("circle")
    .attr("class", r => "event q" + ev.quad(r.event) + (ev.loc(r.event).basis === "document" ? " fallback" : ""))
    .attr("data-doc", r => r.event.doc_id)
    .attr("cx", r => projection([ev.loc(r.event).lon, ev.loc(r.event).lat])[0])
    .attr("cy", r => projection([ev.loc(r.event).lon, ev.loc(r.event).lat])[1])
    .attr("r", r => radius(ev.dead(r.event)))
    .on("click", (_, r) => showArticle(r.event.doc_id))
    .selectAll("title").data(r => [r]).join("title")
    .text(r => `${ev.date(r.event)} ${ev.side(r.event.source)} ${ev.code(r.event)} ${ev.side(r.event.target)} — ` +
      `${ev.loc(r.event).name || ""} (${ev.loc(r.event).basis}), ${ev.dead(r.event)} killed`);
  $("#map-count").textContent = located.length + " located events";
}

// -------------------------------------------------------------- timeline

async function loadDyads() {
  const sel = $("#dyad-select");
  try {
    const { dyads } = await getJson("api/dyads?limit=100");
    for (const d of dyads) {
      const o = document.createElement("option");
      o.value = d.dyad;
      o.textContent = `${d.a}–${d.b} (${d.events})`;
      sel.appendChild(o);
    }
  } catch (err) { /* no store yet */ }
}

async function drawTimeline(param) {
  const interval = $("#interval-select").value;
  const svg = d3.select("#timeline");
  svg.selectAll("*").remove();
  let data;
  try {
    data = await getJson(`api/series?${param}&interval=${interval}`);
  } catch (err) {
    $("#timeline-caption").textContent = err.message;
    return;
  }
  const pts = data.points.map(p => ({
    date: d3.utcParse("%Y-%m-%d")(p.date),
    conflict: p.verbal_conflict + p.material_conflict,
    cooperation: p.verbal_coop + p.material_coop,
    dead: p.fatalities,
  }));
  // A series with one period is drawn as a spike between empty neighbours,
  // so that its line is visible rather than a single point.
  if (pts.length === 1) {
    const step = interval === "week" ? 7 : 1;
    const zero = d => ({ date: d3.utcDay.offset(pts[0].date, d), conflict: 0, cooperation: 0, dead: 0 });
    pts.unshift(zero(-step));
    pts.push(zero(step));
  }
  const label = data.dyad || data.country;
  if (!pts.length) {
    $("#timeline-caption").textContent = `${label}: no events`;
    return;
  }
  const m = { l: 40, r: 10, t: 10, b: 25 }, W = 960, H = 220;
  let [lo, hi] = d3.extent(pts, p => p.date);
  if (+lo === +hi) { lo = d3.utcDay.offset(lo, -3); hi = d3.utcDay.offset(hi, 3); }
  const x = d3.scaleUtc().domain([lo, hi]).range([m.l, W - m.r]);
  const y = d3.scaleLinear().domain([0, d3.max(pts, p => Math.max(p.conflict, p.cooperation)) || 1]).nice()
    .range([H - m.b, m.t]);
  svg.append("g").attr("class", "axis").attr("transform", `translate(0,${H - m.b})`).call(d3.axisBottom(x).ticks(8));
  svg.append("g").attr("class", "axis").attr("transform", `translate(${m.l},0)`).call(d3.axisLeft(y).ticks(5));
  for (const key of ["conflict", "cooperation"]) {
    svg.append("path").datum(pts).attr("class", "timeline-line " + key)
      .attr("d", d3.line().x(p => x(p.date)).y(p => y(p[key])));
    svg.append("g").selectAll("circle").data(pts).join("circle")
      .attr("class", "timeline-point " + key).attr("r", 2.5)
      .attr("fill", key === "conflict" ? "var(--q4)" : "var(--q2)")
      .attr("cx", p => x(p.date)).attr("cy", p => y(p[key]));
  }
  const total = d3.sum(pts, p => p.conflict), coop = d3.sum(pts, p => p.cooperation);
  $("#timeline-caption").textContent =
    `${label}: ${total} conflict vs ${coop} cooperation events, ${d3.sum(pts, p => p.dead)} killed (red = conflict, blue = cooperation)`;
}

// ---------------------------------------------------------------- alerts

async function loadAlerts() {
  const ul = $("#alerts");
  let alerts = [];
  try {
    alerts = (await getJson("api/alerts?limit=50")).alerts;
    if (!alerts.length) alerts = (await getJson("api/alerts?live=1&limit=50")).alerts;
  } catch (err) { /* no store */ }
  ul.innerHTML = "";
  if (!alerts.length) {
    const li = document.createElement("li");
    li.className = "muted";
    li.style.borderLeftColor = "#ccc";
    li.style.background = "#fff";
    li.textContent = "No escalation alerts.";
    ul.appendChild(li);
    return;
  }
  for (const a of alerts) {
    const li = document.createElement("li");
    li.textContent = a.summary;
    li.title = a.method;
    li.addEventListener("click", () => {
      if (a.kind === "dyad") { $("#dyad-select").value = a.key; drawTimeline("dyad=" + a.key); }
      else { $("#country-input").value = a.key; drawTimeline("country=" + a.key); }
    });
    ul.appendChild(li);
  }
}

// ----------------------------------------------------------------- table

function filterQuery() {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(state.filters)) if (v) p.set(k, v);
  return p.toString();
}

async function loadTable(append) {
  const tbody = $("#events tbody");
  if (!append) { tbody.innerHTML = ""; state.after = 0; }
  $("#table-error").textContent = "";
  let page;
  try {
    page = await getJson(`api/events?limit=100&after=${state.after}&${filterQuery()}`);
  } catch (err) {
    $("#table-error").textContent = err.message;
    return;
  }
  for (const r of page.events) {
    const e = r.event, tr = document.createElement("tr");
    const cells = [ev.date(e), ev.side(e.source), `${ev.code(e)} ${ev.name(e)}`, ev.side(e.target),
      ev.loc(e) ? (ev.loc(e).name || "") : "", ev.dead(e) || ""];
    for (const c of cells) { const td = document.createElement("td"); td.textContent = c; tr.appendChild(td); }
    const td = document.createElement("td"), a = document.createElement("a");
    a.textContent = r.title || e.doc_id;
    a.className = "doc-link";
    a.dataset.doc = e.doc_id;
    a.addEventListener("click", () => showArticle(e.doc_id));
    td.appendChild(a);
    tr.appendChild(td);
    tr.title = ev.sentence(e);
    tbody.appendChild(tr);
  }
  state.after = page.next_after || 0;
  $("#more").disabled = !page.next_after;
}

// --------------------------------------------------------------- article

const PRIORITY = { verb: 5, actor: 4, place: 3, number: 2, mention: 1 };

// Renders `text` with spans given as UTF-8 byte offsets: the text is cut at
// every span boundary and each piece takes the most important covering kind.
function renderSpans(container, text, spans) {
  const bytes = new TextEncoder().encode(text);
  const dec = new TextDecoder();
  const cuts = new Set([0, bytes.length]);
  for (const s of spans) { cuts.add(Math.min(s.span[0], bytes.length)); cuts.add(Math.min(s.span[1], bytes.length)); }
  const points = [...cuts].sort((a, b) => a - b);
  container.innerHTML = "";
  for (let i = 0; i + 1 < points.length; i++) {
    const b = points[i], e = points[i + 1];
    const piece = dec.decode(bytes.slice(b, e));
    const covering = spans.filter(s => s.span[0] <= b && s.span[1] >= e);
    if (!covering.length) { container.appendChild(document.createTextNode(piece)); continue; }
    covering.sort((x, y) => PRIORITY[y.kind] - PRIORITY[x.kind]);
    const mark = document.createElement("mark");
    mark.className = "span-" + covering[0].kind;
    mark.dataset.kind = covering[0].kind;
    mark.title = covering.map(s => `${s.kind}: ${s.label}` + (s.event >= 0 ? ` (event ${s.event + 1})` : "")).join("\n");
    mark.textContent = piece;
    container.appendChild(mark);
  }
}

async function showArticle(id) {
  let d;
  try {
    d = await getJson("api/documents/" + encodeURIComponent(id));
  } catch (err) {
    $("#article-meta").textContent = err.message;
    return;
  }
  $("#article-meta").textContent = [d.title || d.id, d.date, d.source].filter(Boolean).join(" · ");
  renderSpans($("#article-text"), d.text, d.spans);
  const ol = $("#article-events");
  ol.innerHTML = "";
  for (const e of d.events) {
    const li = document.createElement("li");
    li.textContent = `${ev.date(e)} ${ev.side(e.source)} → ${ev.code(e)} ${ev.name(e)} → ${ev.side(e.target)}` +
      (e.polarity && e.polarity.modality && e.polarity.modality !== "asserted" ? ` [${e.polarity.modality}]` : "") +
      (e.polarity && e.polarity.historical ? " [historical]" : "");
    ol.appendChild(li);
  }
  $("#article-panel").dataset.doc = d.id;
  if (location.hash !== "#doc=" + encodeURIComponent(d.id)) history.replaceState(null, "", "#doc=" + encodeURIComponent(d.id));
}

// ------------------------------------------------------------------ wiring

async function main() {
  $("#show-fallback").addEventListener("change", e => { state.fallback = e.target.checked; drawEvents(); });
  $("#dyad-select").addEventListener("change", e => { if (e.target.value) drawTimeline("dyad=" + e.target.value); });
  $("#country-input").addEventListener("change", e => {
    const c = e.target.value.trim().toUpperCase();
    if (/^[A-Z0-9]{2,24}$/.test(c)) drawTimeline("country=" + c);
  });
  $("#interval-select").addEventListener("change", () => {
    const d = $("#dyad-select").value, c = $("#country-input").value.trim().toUpperCase();
    if (d) drawTimeline("dyad=" + d); else if (c) drawTimeline("country=" + c);
  });
  $("#filters").addEventListener("submit", e => {
    e.preventDefault();
    const f = new FormData(e.target);
    state.filters = {};
    for (const [k, v] of f.entries()) state.filters[k] = String(v).trim();
    loadTable(false);
  });
  $("#more").addEventListener("click", () => loadTable(true));

  try {
    const h = await getJson("api/health");
    $("#status").textContent = `v${h.version} · store ${h.store ? "open" : "none"} · engine ${h.engine ? "loaded" : "off"}`;
  } catch (err) {
    $("#status").textContent = "server unreachable";
  }
  await drawWorld();
  await Promise.all([drawEvents(), loadDyads(), loadAlerts(), loadTable(false)]);
  const m = location.hash.match(/^#doc=(.+)$/);
  if (m) await showArticle(decodeURIComponent(m[1]));
  document.body.dataset.ready = "1";
}

main();
