window.__dyadErrors = [];
// The page of `dyad serve`: controls -> POST /api/run -> shares, the one couple, charts; then the
// map and the story. See docs/SERVE.md for the API.
{
  const push = (m) => window.__dyadErrors.push(String(m));
  window.addEventListener("error", (e) => push(e.message || (e.error && e.error.stack) || "error"));
  window.addEventListener("unhandledrejection", (e) => push((e.reason && (e.reason.stack || e.reason.message)) || e.reason || "unhandled rejection"));
  const orig = console.error.bind(console);
  console.error = (...args) => {
    push(args.map((a) => (a && a.stack) || String(a)).join(" "));
    orig(...args);
  };
}

import { COLORS, timeChart, survivalChart, survivalAt, coupleScene, mapChart, sparkline } from "./charts.js";

const $ = (id) => document.getElementById(id);
const OUTCOMES = ["settled", "escalated", "dissolved", "disengaged", "cycling"];
const SLIDERS = [
  ["a-anxiety", "partner.a.anxiety", (s) => s.partners[0].anxiety],
  ["a-avoidance", "partner.a.avoidance", (s) => s.partners[0].avoidance],
  ["b-anxiety", "partner.b.anxiety", (s) => s.partners[1].anxiety],
  ["b-avoidance", "partner.b.avoidance", (s) => s.partners[1].avoidance],
  ["issue-rate", "environment.issue_rate", (s) => s.issue_rate],
];
const PATH_TO_SLIDER = Object.fromEntries(SLIDERS.map(([id, path]) => [path, id]));
const DEBOUNCE_MS = 60;
const TICK_MS = 50;
const MAX_PINS = 4;

const state = {
  source: { builtin: "anxious-avoidant" }, // or { text }
  sentText: null, // the scenario text of the last request, to quote error lines
  baseline: null, // slider values and names of the scenario as loaded (strings)
  needBaseline: true,
  answer: null,
  day: 0,
  playing: false,
  timer: null,
  runCtl: null,
  mapCtl: null,
  storyCtl: null,
  debounce: null,
  triggerAt: null,
  mapGeom: null,
  map: null,
  pins: [],
  resetDay: true,
};

const opts = () => (document.body.classList.contains("projector") ? { scale: 1.35, lw: 2 } : { scale: 1, lw: 1 });

// ---------------------------------------------------------------------------------------------
// Requests

function requestBody() {
  const body = { scenario: state.source.builtin ?? state.source.text };
  const set = {};
  if (state.baseline && !state.needBaseline) {
    for (const [id, path] of SLIDERS) {
      if ($(id).value !== state.baseline[id]) set[path] = Number($(id).value);
    }
    const an = $("a-name").value.trim(), bn = $("b-name").value.trim();
    if (an && an !== state.baseline.aName) set["partner.a.name"] = an;
    if (bn && bn !== state.baseline.bName) set["partner.b.name"] = bn;
  }
  if (Object.keys(set).length) body.set = set;
  const kind = $("intervention").value;
  if (kind !== "none") {
    const steps = state.answer ? state.answer.scenario.steps : 1e9;
    let start = Math.round(Number($("intervention-start").value) || 90);
    start = Math.max(1, Math.min(steps, start));
    body.interventions = [{ kind, start }];
  }
  return body;
}

async function postJson(url, body, signal) {
  const res = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
    signal,
  });
  let data = null;
  try {
    data = await res.json();
  } catch (_) {
    data = null;
  }
  return { status: res.status, ok: res.ok, data };
}

const isAbort = (e) => e && (e.name === "AbortError" || e.name === "TimeoutError");

/** A run after a control moved: debounced, the newest request wins. */
function scheduleRun() {
  state.triggerAt = performance.now();
  // The map and story of the old settings are stale: stop them so the server's cores go to the run.
  for (const key of ["mapCtl", "storyCtl"]) {
    if (state[key]) state[key].abort();
    state[key] = null;
  }
  clearTimeout(state.debounce);
  state.debounce = setTimeout(run, DEBOUNCE_MS);
}

async function run() {
  clearTimeout(state.debounce);
  if (state.runCtl) state.runCtl.abort();
  const ctl = new AbortController();
  state.runCtl = ctl;
  const body = requestBody();
  state.sentText = state.source.text ?? null;
  const triggerAt = state.triggerAt;
  document.body.classList.add("busy");
  try {
    const { status, ok, data } = await postJson("/api/run", body, ctl.signal);
    if (ctl.signal.aborted) return;
    if (!ok) {
      showErrors(status, data);
      return;
    }
    showErrors(null);
    render(data, body, triggerAt);
  } catch (e) {
    if (!isAbort(e)) showErrors(0, { errors: [{ message: `the server did not answer (${e.message || e})` }] });
  } finally {
    if (state.runCtl === ctl) {
      state.runCtl = null;
      document.body.classList.remove("busy");
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Errors

function showErrors(status, data) {
  const box = $("errors");
  box.textContent = "";
  if (status == null) {
    box.hidden = true;
    return;
  }
  const errors = (data && data.errors) || [{ message: `the server answered ${status}${status === 503 ? ": it is busy, try again" : ""}` }];
  const lines = state.sentText ? state.sentText.split(/\r?\n/) : null;
  const h = document.createElement("p");
  h.className = "msg";
  h.textContent = errors.length === 1 ? "This did not run:" : `This did not run (${errors.length} problems):`;
  box.append(h);
  for (const err of errors) {
    const div = document.createElement("div");
    div.className = "error";
    const msg = document.createElement("p");
    msg.className = "msg";
    const where = err.line != null ? `line ${err.line}, column ${err.column ?? 1}` : err.origin || "error";
    msg.textContent = `${where}: ${err.message}`;
    div.append(msg);
    if (err.line != null && lines && lines[err.line - 1] != null) {
      const pre = document.createElement("pre");
      const col = Math.max(1, err.column ?? 1);
      pre.textContent = `${String(err.line).padStart(3)} | ${lines[err.line - 1]}\n    | ${" ".repeat(col - 1)}^`;
      div.append(pre);
    }
    if (err.path) {
      const p = document.createElement("p");
      p.className = "path";
      p.textContent = `at ${err.path}`;
      div.append(p);
    }
    for (const line of String(err.help || "").split("\n").filter(Boolean)) {
      const p = document.createElement("p");
      p.className = "help";
      p.textContent = line;
      div.append(p);
    }
    box.append(div);
  }
  box.hidden = false;
  // The problem is shown beside the scenario text; bring it into view wherever the user is.
  box.scrollIntoView({ block: "nearest", behavior: "smooth" });
}

// ---------------------------------------------------------------------------------------------
// Rendering a run answer

function cap(s) {
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}

function dayText(day, steps) {
  if (steps > 365) return `day ${day} (month ${Math.max(1, Math.ceil(day / (365 / 12)))})`;
  return `day ${day} (week ${Math.max(1, Math.ceil(day / 7))})`;
}

function fmtDuration(days) {
  if (days % 365 === 0 && days >= 365) return `${days / 365} year${days === 365 ? "" : "s"}`;
  if (days > 365) return `${(days / 365).toFixed(1)} years`;
  return `${days} days`;
}

function setSliders(scn) {
  for (const [id, , get] of SLIDERS) {
    const v = get(scn);
    if (v != null) $(id).value = String(v);
    showValue(id);
  }
  $("a-name").value = scn.partners[0].name;
  $("b-name").value = scn.partners[1].name;
  state.baseline = Object.fromEntries(SLIDERS.map(([id]) => [id, $(id).value]));
  state.baseline.aName = scn.partners[0].name;
  state.baseline.bName = scn.partners[1].name;
}

function showValue(id) {
  const v = Number($(id).value);
  $(`${id}-value`).textContent = id === "issue-rate" ? v.toFixed(3) : v.toFixed(2);
}

function render(ans, body, triggerAt) {
  const first = state.needBaseline;
  state.answer = ans;
  state.lastBody = body;
  const scn = ans.scenario;
  if (state.needBaseline) {
    setSliders(scn);
    state.needBaseline = false;
    renderTeaching(scn);
  } else if (state.teachNext) {
    renderTeaching(scn);
  }
  state.teachNext = false;
  $("intervention-start").max = String(scn.steps);
  // Shares first: that is what a moved slider is waiting for.
  renderShares(ans);
  if (triggerAt != null) document.body.dataset.updateMs = String(Math.round(performance.now() - triggerAt));
  document.body.dataset.runs = String(Number(document.body.dataset.runs || "0") + 1);

  const ex = ans.example;
  if (first || state.resetDay) state.day = ex.steps_run;
  state.resetDay = false;
  state.day = Math.min(state.day, ex.steps_run);
  const sc = $("scrubber");
  sc.max = String(ex.steps_run);
  sc.value = String(state.day);
  $("command").textContent = ans.command;
  $("copy-status").textContent = "";
  renderLegend(ans);
  drawAll();
  fetchMap(body);
  fetchStory(body);
}

function renderTeaching(scn) {
  const t = $("teaching");
  t.textContent = "";
  const h = document.createElement("h2");
  h.textContent = `About: ${scn.name}`;
  const d = document.createElement("p");
  d.className = "description";
  d.textContent = scn.description || "";
  t.append(h, d);
  const teach = scn.teaching;
  if (teach) {
    if (teach.what) {
      const p = document.createElement("p");
      p.textContent = teach.what;
      t.append(p);
    }
    for (const [key, title] of [["notice", "Notice"], ["try", "Try"]]) {
      const items = teach[key] || [];
      if (!items.length) continue;
      const h3 = document.createElement("h3");
      h3.textContent = title;
      const ul = document.createElement("ul");
      for (const it of items) {
        const li = document.createElement("li");
        li.textContent = it;
        ul.append(li);
      }
      t.append(h3, ul);
    }
  } else {
    const p = document.createElement("p");
    p.className = "hint";
    p.textContent = "This scenario has no teaching notes.";
    t.append(p);
  }
}

function renderShares(ans) {
  const box = $("shares");
  const n = ans.scenario.replicates;
  $("ensemble-size").textContent = `${n} couples`;
  const frag = document.createDocumentFragment();
  for (const k of OUTCOMES) {
    const v = ans.outcomes[k] ?? 0;
    const row = document.createElement("div");
    row.className = "share";
    row.dataset.outcome = k;
    const name = document.createElement("span");
    name.className = "name";
    const sw = document.createElement("span");
    sw.className = "swatch";
    sw.style.background = COLORS[k];
    sw.setAttribute("aria-hidden", "true");
    name.append(sw, k);
    const pct = document.createElement("span");
    pct.className = "pct";
    pct.textContent = `${(v * 100).toFixed(1)}%`;
    const track = document.createElement("span");
    track.className = "track";
    track.setAttribute("aria-hidden", "true");
    const bar = document.createElement("span");
    bar.className = "bar";
    bar.style.width = `${(v * 100).toFixed(1)}%`;
    bar.style.background = COLORS[k];
    track.append(bar);
    row.append(name, " ", pct, track);
    frag.append(row);
  }
  box.replaceChildren(frag);
  $("shares-note").textContent = `of ${n} couples over ${fmtDuration(ans.scenario.steps)} (seed ${ans.scenario.seed}); took ${Math.round(ans.elapsed_ms)} ms`;
}

function renderLegend(ans) {
  const [a, b] = ans.scenario.partners.map((p) => p.name);
  const lg = $("chart-legend");
  lg.innerHTML = "";
  const key = (html) => {
    const s = document.createElement("span");
    s.className = "key";
    s.innerHTML = html;
    lg.append(s);
  };
  const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
  key(`<span class="ln" style="border-color:${COLORS.a}"></span>${esc(a)} (one couple)`);
  key(`<span class="ln" style="border-color:${COLORS.b}"></span>${esc(b)} (one couple)`);
  key(`<span class="ln" style="border-color:#777;border-top-style:dashed"></span>median of ${ans.scenario.replicates}`);
  key(`<span class="sw" style="background:rgba(0,114,178,0.3)"></span>middle half`);
  key(`<span class="sw" style="background:rgba(0,114,178,0.13)"></span>5-95%`);
  $("chart-trust-title").textContent = "Trust";
  $("chart-hope-title").textContent = cap(ans.labels.exhaustion);
  $("chart-closeness-title").textContent = "Closeness";
}

function spansOf(scn) {
  const out = [];
  for (const iv of scn.interventions || []) out.push({ start: iv.start, end: iv.end, label: `${iv.kind.replace("_", "-")}${iv.who && iv.who !== "both" ? ` (${iv.who})` : ""}` });
  for (const ev of scn.events || []) out.push({ start: ev.start, end: ev.end, label: ev.kind.replace("_", "-"), event: true });
  return out;
}

function drawAll() {
  drawCouple();
  drawCharts();
  drawSurvival();
  if (state.map) drawMap();
}

function drawCouple() {
  const ans = state.answer;
  if (!ans) return;
  const ex = ans.example, scn = ans.scenario, d = state.day;
  const names = scn.partners.map((p) => p.name);
  const ended = ex.steps_run < scn.steps && ex.outcome === "dissolved";
  let leftText = null;
  if (ended && d >= ex.steps_run) {
    // The API says the run ended by a leaving, not who left.
    leftText = `A partner left on day ${ex.steps_run}`;
  }
  const sa = ex.strategy_a[d] || "-", sb = ex.strategy_b[d] || "-";
  coupleScene($("couple"), {
    names,
    closeness: ex.closeness[d],
    sa,
    sb,
    leftText,
    opts: opts(),
  });
  const stratName = { S: "secure", P: "pursued", W: "withdrew", "-": "not yet chosen" };
  $("couple").setAttribute(
    "aria-label",
    leftText
      ? `${leftText}.`
      : `Day ${d}: ${names[0]} ${stratName[sa]}, ${names[1]} ${stratName[sb]}; closeness ${Number(ex.closeness[d]).toFixed(2)}. This run ends ${ex.outcome} on day ${ex.steps_run}.`,
  );
  $("couple-sub").textContent = `(replicate ${ex.replicate}: ends ${ex.outcome}${ended ? ` on day ${ex.steps_run}` : ""})`;
  $("day").textContent = dayText(d, scn.steps);
  $("scrubber").value = String(d);
  $("scrubber").setAttribute("aria-valuetext", dayText(d, scn.steps));
}

function drawCharts() {
  const ans = state.answer;
  if (!ans) return;
  const scn = ans.scenario, ex = ans.example, tr = ans.trajectory, d = state.day, o = opts();
  const sp = spansOf(scn);
  const [a, b] = scn.partners.map((p) => p.name);
  const common = { steps: scn.steps, days: tr.days, day: d, spansList: sp, opts: o };
  const at = (arr) => (arr[d] != null ? Number(arr[d]).toFixed(2) : "?");
  const last = tr.days.length - 1;
  const med = (s) => Number(s.p50[last]).toFixed(2);
  timeChart($("chart-trust"), {
    ...common,
    series: [
      { q: tr.series.trust_a, color: COLORS.a, example: ex.trust_a },
      { q: tr.series.trust_b, color: COLORS.b, example: ex.trust_b },
    ],
  });
  $("chart-trust").setAttribute("aria-label", `Trust over ${scn.steps} days: on day ${d} the shown couple has ${a} ${at(ex.trust_a)} and ${b} ${at(ex.trust_b)}; the median couple ends at ${med(tr.series.trust_a)} and ${med(tr.series.trust_b)}.`);
  const lab = cap(ans.labels.exhaustion);
  timeChart($("chart-hope"), {
    ...common,
    series: [
      { q: tr.series.exhaustion_a, color: COLORS.a, example: ex.exhaustion_a },
      { q: tr.series.exhaustion_b, color: COLORS.b, example: ex.exhaustion_b },
    ],
  });
  $("chart-hope").setAttribute("aria-label", `${lab} over ${scn.steps} days: on day ${d} the shown couple has ${a} ${at(ex.exhaustion_a)} and ${b} ${at(ex.exhaustion_b)}; the median couple ends at ${med(tr.series.exhaustion_a)} and ${med(tr.series.exhaustion_b)}.`);
  timeChart($("chart-closeness"), {
    ...common,
    series: [{ q: tr.series.closeness, color: "#666666", lineColor: COLORS.ink, example: ex.closeness }],
  });
  $("chart-closeness").setAttribute("aria-label", `Closeness over ${scn.steps} days: on day ${d} the shown couple is at ${at(ex.closeness)}; the median couple ends at ${med(tr.series.closeness)}.`);
}

function drawSurvival() {
  const ans = state.answer;
  if (!ans) return;
  const s = ans.survival, steps = ans.scenario.steps;
  survivalChart($("survival"), { steps, days: s.days, together: s.together, day: state.day, opts: opts() });
  const end = s.together[s.together.length - 1];
  $("survival").setAttribute(
    "aria-label",
    `Share still together after ${fmtDuration(steps)}: ${(end * 100).toFixed(0)}%; on day ${state.day}: ${(survivalAt(s.days, s.together, state.day) * 100).toFixed(0)}%.`,
  );
}

// ---------------------------------------------------------------------------------------------
// The map and the story

async function fetchMap(body) {
  if (state.mapCtl) state.mapCtl.abort();
  const ctl = new AbortController();
  state.mapCtl = ctl;
  const m = $("map");
  delete m.dataset.ready;
  $("map-status").textContent = "computing the map...";
  m.style.opacity = "0.45";
  const req = { scenario: body.scenario };
  if (body.set) req.set = body.set;
  if (body.interventions) req.interventions = body.interventions;
  if (body.seed != null) req.seed = body.seed;
  try {
    const { ok, status, data } = await postJson("/api/map", req, ctl.signal);
    if (ctl.signal.aborted) return;
    if (!ok) {
      $("map-status").textContent = `The map could not be computed: ${(data && data.errors && data.errors.map((e) => e.message).join("; ")) || status}`;
      return;
    }
    state.map = data;
    m.style.opacity = "1";
    drawMap();
    m.dataset.ready = "1";
    $("map-status").textContent = `${data.x.values.length} x ${data.y.values.length} cells, ${Math.round(data.elapsed_ms)} ms`;
  } catch (e) {
    if (!isAbort(e)) $("map-status").textContent = `The map could not be computed: ${e.message || e}`;
  } finally {
    if (state.mapCtl === ctl) state.mapCtl = null;
  }
}

function drawMap() {
  const map = state.map;
  state.mapGeom = mapChart($("map"), { map, opts: opts() });
  let hi = { v: -1 }, lo = { v: 2 };
  map.risk.forEach((row, j) => row.forEach((v, i) => {
    if (v > hi.v) hi = { v, i, j };
    if (v < lo.v) lo = { v, i, j };
  }));
  const cur = map.current ? ` The current couple is at ${map.x.label} ${map.current.x.toFixed(2)}, ${map.y.label} ${map.current.y.toFixed(2)}.` : "";
  $("map").setAttribute(
    "aria-label",
    `Map of P(escalated or dissolved) over ${map.x.label} (across) and ${map.y.label} (up): from ${(lo.v * 100).toFixed(0)}% at ${map.x.values[lo.i]}, ${map.y.values[lo.j]} to ${(hi.v * 100).toFixed(0)}% at ${map.x.values[hi.i]}, ${map.y.values[hi.j]}.${cur}`,
  );
}

function onMapClick(ev) {
  const g = state.mapGeom, map = state.map;
  if (!g || !map) return;
  const r = $("map").getBoundingClientRect();
  const x = ev.clientX - r.left, y = ev.clientY - r.top;
  const i = Math.floor((x - g.left) / g.cw);
  const jFromTop = Math.floor((y - g.top) / g.ch);
  if (i < 0 || i >= g.xs.length || jFromTop < 0 || jFromTop >= g.ys.length) return;
  const j = g.ys.length - 1 - jFromTop;
  const xs = PATH_TO_SLIDER[map.x.path] || "a-anxiety";
  const ys = PATH_TO_SLIDER[map.y.path] || "b-avoidance";
  $(xs).value = String(g.xs[i]);
  $(ys).value = String(g.ys[j]);
  showValue(xs);
  showValue(ys);
  scheduleRun();
}

async function fetchStory(body) {
  if (state.storyCtl) state.storyCtl.abort();
  const ctl = new AbortController();
  state.storyCtl = ctl;
  const box = $("story");
  box.setAttribute("aria-busy", "true");
  try {
    const { ok, status, data } = await postJson("/api/explain", { ...body, example: 0 }, ctl.signal);
    if (ctl.signal.aborted) return;
    box.textContent = "";
    if (!ok) {
      const p = document.createElement("p");
      p.className = "hint";
      p.textContent = `No story: ${(data && data.errors && data.errors.map((e) => e.message).join("; ")) || status}`;
      box.append(p);
      return;
    }
    for (const para of String(data.text).split(/\n\s*\n/)) {
      if (!para.trim()) continue;
      const p = document.createElement("p");
      p.textContent = para.trim();
      box.append(p);
    }
  } catch (e) {
    if (!isAbort(e)) box.textContent = `No story: ${e.message || e}`;
  } finally {
    if (state.storyCtl === ctl) {
      state.storyCtl = null;
      box.removeAttribute("aria-busy");
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Scenarios

async function loadScenarios() {
  const res = await fetch("/api/scenarios");
  const list = await res.json();
  const sel = $("scenario");
  sel.textContent = "";
  for (const s of list) {
    const o = document.createElement("option");
    o.value = s.name;
    o.textContent = s.name;
    o.title = s.description;
    sel.append(o);
  }
  const custom = document.createElement("option");
  custom.value = "";
  custom.textContent = "(your own scenario)";
  custom.disabled = true;
  sel.append(custom);
  const want = new URLSearchParams(location.search).get("scenario");
  sel.value = list.some((s) => s.name === want) ? want : "anxious-avoidant";
  if (!sel.value && list.length) sel.value = list[0].name;
}

async function loadBuiltin(name) {
  state.source = { builtin: name };
  state.needBaseline = true;
  state.resetDay = true;
  $("intervention").value = "none";
  stop();
  scheduleRun();
  try {
    const res = await fetch(`/api/scenarios/${encodeURIComponent(name)}`);
    if (res.ok) {
      const text = await res.text();
      if (state.source.builtin === name) $("toml").value = text;
    }
  } catch (_) {
    /* the textarea keeps its text */
  }
}

function runToml() {
  const text = $("toml").value;
  if (!text.trim()) {
    showErrors(400, { errors: [{ message: "the scenario text is empty", help: "paste a scenario file, open one, or pick a built-in scenario" }] });
    return;
  }
  state.source = { text };
  state.needBaseline = true;
  state.resetDay = true;
  $("scenario").value = "";
  stop();
  scheduleRun();
}

// ---------------------------------------------------------------------------------------------
// Playing

function setDay(d) {
  const ans = state.answer;
  if (!ans) return;
  state.day = Math.max(0, Math.min(ans.example.steps_run, d));
  drawCouple();
  drawCharts();
  drawSurvival();
}

function play() {
  const ans = state.answer;
  if (!ans) return;
  if (state.day >= ans.example.steps_run) state.day = 0;
  state.playing = true;
  $("play").textContent = "Pause";
  $("play").setAttribute("aria-pressed", "true");
  clearInterval(state.timer);
  state.timer = setInterval(() => {
    const a = state.answer;
    if (!a) return stop();
    const next = state.day + Number($("speed").value || 2);
    if (next >= a.example.steps_run) {
      setDay(a.example.steps_run);
      stop();
    } else setDay(next);
  }, TICK_MS);
}

function stop() {
  clearInterval(state.timer);
  state.timer = null;
  state.playing = false;
  $("play").textContent = "Play";
  $("play").setAttribute("aria-pressed", "false");
}

const togglePlay = () => (state.playing ? stop() : play());

// ---------------------------------------------------------------------------------------------
// Pins

function pinNow() {
  const ans = state.answer;
  if (!ans || !state.lastBody) return;
  const scn = ans.scenario;
  const [pa, pb] = scn.partners;
  const pin = {
    id: Date.now() + Math.random(),
    source: { ...state.source },
    scenarioName: scn.name,
    baseline: { ...state.baseline },
    values: Object.fromEntries(SLIDERS.map(([id]) => [id, $(id).value])),
    aName: $("a-name").value,
    bName: $("b-name").value,
    intervention: $("intervention").value,
    start: $("intervention-start").value,
    outcomes: { ...ans.outcomes },
    title: `${scn.name}: ${pa.name} ${pa.anxiety.toFixed(2)}/${pa.avoidance.toFixed(2)}, ${pb.name} ${pb.anxiety.toFixed(2)}/${pb.avoidance.toFixed(2)}`,
    extra: `${$("intervention").value !== "none" ? `${$("intervention").value} from day ${$("intervention-start").value}; ` : ""}issues ${Number(scn.issue_rate).toFixed(3)}/day`,
    spark: [
      { values: ans.trajectory.series.trust_a.p50, color: COLORS.a },
      { values: ans.trajectory.series.trust_b.p50, color: COLORS.b },
    ],
  };
  let note = `Pinned ${pin.title}.`;
  if (state.pins.length >= MAX_PINS) {
    const old = state.pins.shift();
    note = `Four pins at most: replaced the oldest (${old.title}).`;
  }
  state.pins.push(pin);
  $("pins-status").textContent = note;
  renderPins();
}

function renderPins() {
  const box = $("pins");
  box.textContent = "";
  for (const pin of state.pins) {
    const div = document.createElement("div");
    div.className = "pin";
    const body = document.createElement("button");
    body.type = "button";
    body.className = "pin-body";
    body.setAttribute("aria-label", `Restore ${pin.title}`);
    const t = document.createElement("span");
    t.className = "pin-title";
    t.textContent = pin.title;
    const ex = document.createElement("span");
    ex.textContent = pin.extra;
    const sh = document.createElement("span");
    sh.style.display = "block";
    sh.textContent = OUTCOMES.map((k) => `${k} ${((pin.outcomes[k] ?? 0) * 100).toFixed(1)}%`).join(", ");
    const bar = document.createElement("span");
    bar.className = "pin-bar";
    bar.setAttribute("aria-hidden", "true");
    for (const k of OUTCOMES) {
      const seg = document.createElement("span");
      seg.style.width = `${(pin.outcomes[k] ?? 0) * 100}%`;
      seg.style.background = COLORS[k];
      bar.append(seg);
    }
    const cv = document.createElement("canvas");
    cv.setAttribute("role", "img");
    cv.setAttribute("aria-label", "Median trust over time, both partners");
    body.append(t, ex, sh, bar, cv);
    body.addEventListener("click", () => restorePin(pin));
    const un = document.createElement("button");
    un.type = "button";
    un.className = "unpin";
    un.textContent = "×";
    un.setAttribute("aria-label", `Remove pin ${pin.title}`);
    un.addEventListener("click", () => {
      state.pins = state.pins.filter((p) => p !== pin);
      $("pins-status").textContent = `Removed ${pin.title}.`;
      renderPins();
    });
    div.append(body, un);
    box.append(div);
    sparkline(cv, pin.spark, opts());
  }
}

function restorePin(pin) {
  const sameSource = (pin.source.builtin ?? pin.source.text) === (state.source.builtin ?? state.source.text);
  state.source = { ...pin.source };
  state.baseline = { ...pin.baseline };
  state.needBaseline = false;
  if (!sameSource) {
    state.resetDay = true;
    // Show the other scenario's teaching notes with the next answer.
    state.teachNext = true;
  }
  for (const [id] of SLIDERS) {
    $(id).value = pin.values[id];
    showValue(id);
  }
  $("a-name").value = pin.aName;
  $("b-name").value = pin.bName;
  $("intervention").value = pin.intervention;
  $("intervention-start").value = pin.start;
  if (pin.source.builtin) {
    $("scenario").value = pin.source.builtin;
    fetch(`/api/scenarios/${encodeURIComponent(pin.source.builtin)}`)
      .then((r) => (r.ok ? r.text() : null))
      .then((t) => { if (t != null) $("toml").value = t; })
      .catch(() => {});
  } else {
    $("scenario").value = "";
    $("toml").value = pin.source.text;
  }
  $("pins-status").textContent = `Restored ${pin.title}.`;
  scheduleRun();
}

// ---------------------------------------------------------------------------------------------
// Download, copy, projector, help, keyboard

function download() {
  const ans = state.answer;
  if (!ans) return;
  const blob = new Blob([ans.toml], { type: "application/toml" });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = `${ans.scenario.name}.toml`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

async function copyCommand() {
  const text = $("command").textContent;
  const status = $("copy-status");
  try {
    if (!navigator.clipboard || !window.isSecureContext) throw new Error("no clipboard");
    await navigator.clipboard.writeText(text);
    status.textContent = "copied";
  } catch (_) {
    // Fallback: select the command so Ctrl-C copies it.
    const sel = window.getSelection();
    const range = document.createRange();
    range.selectNodeContents($("command"));
    sel.removeAllRanges();
    sel.addRange(range);
    let done = false;
    try {
      done = document.execCommand("copy");
    } catch (_) {
      done = false;
    }
    status.textContent = done ? "copied" : "The clipboard is not available: the command is selected, press Ctrl-C (Cmd-C) to copy it.";
  }
}

function setProjector(on) {
  document.body.classList.toggle("projector", on);
  $("projector").setAttribute("aria-pressed", on ? "true" : "false");
  requestAnimationFrame(() => {
    drawAll();
    renderPins();
  });
}

function toggleHelp(force) {
  const h = $("help");
  const show = force ?? !h.open;
  if (show && !h.open) h.show();
  if (!show && h.open) h.close();
  $("help-button").setAttribute("aria-expanded", show ? "true" : "false");
  if (show) $("help-close").focus();
}

function typingIn(el) {
  if (!el || !el.tagName) return false;
  const tag = el.tagName.toLowerCase();
  return tag === "textarea" || tag === "select" || tag === "input" || el.isContentEditable;
}

function onKey(ev) {
  if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
  if (ev.key === "Escape" && $("help").open) {
    toggleHelp(false);
    $("help-button").focus();
    return;
  }
  if (typingIn(ev.target)) return;
  switch (ev.key) {
    case " ":
    case "Spacebar":
      ev.preventDefault();
      togglePlay();
      break;
    case "ArrowRight":
      ev.preventDefault();
      stop();
      setDay(state.day + 1);
      break;
    case "ArrowLeft":
      ev.preventDefault();
      stop();
      setDay(state.day - 1);
      break;
    case "p":
    case "P":
      pinNow();
      break;
    case "j":
    case "J":
      setProjector(!document.body.classList.contains("projector"));
      break;
    case "?":
      ev.preventDefault();
      toggleHelp();
      break;
    default:
  }
}

// ---------------------------------------------------------------------------------------------
// Wiring

function wire() {
  $("scenario").addEventListener("change", () => {
    if ($("scenario").value) loadBuiltin($("scenario").value);
  });
  for (const [id] of SLIDERS) {
    $(id).addEventListener("input", () => {
      showValue(id);
      scheduleRun();
    });
    $(id).addEventListener("change", () => {
      showValue(id);
      scheduleRun();
    });
  }
  for (const id of ["a-name", "b-name", "intervention", "intervention-start"]) {
    $(id).addEventListener("change", scheduleRun);
  }
  $("run-toml").addEventListener("click", runToml);
  $("toml-file").addEventListener("change", async () => {
    const f = $("toml-file").files[0];
    if (!f) return;
    $("toml").value = await f.text();
    $("toml").focus();
  });
  $("play").addEventListener("click", togglePlay);
  $("step").addEventListener("click", () => {
    stop();
    setDay(state.day + 1);
  });
  $("scrubber").addEventListener("input", () => {
    stop();
    setDay(Number($("scrubber").value));
  });
  $("map").addEventListener("click", onMapClick);
  $("pin").addEventListener("click", pinNow);
  $("download").addEventListener("click", download);
  $("copy").addEventListener("click", copyCommand);
  $("projector").addEventListener("click", () => setProjector(!document.body.classList.contains("projector")));
  $("help-button").addEventListener("click", () => toggleHelp());
  $("help-close").addEventListener("click", () => {
    toggleHelp(false);
    $("help-button").focus();
  });
  document.addEventListener("keydown", onKey);
  // Space on a focused button toggles play (keydown above); keep the button from clicking too.
  document.addEventListener("keyup", (ev) => {
    if ((ev.key === " " || ev.key === "Spacebar") && !typingIn(ev.target)) ev.preventDefault();
  });
  let resizeT = null;
  new ResizeObserver(() => {
    clearTimeout(resizeT);
    resizeT = setTimeout(() => {
      drawAll();
      renderPins();
    }, 50);
  }).observe(document.querySelector(".centre"));
}

async function main() {
  document.body.dataset.runs = document.body.dataset.runs || "0";
  wire();
  if (new URLSearchParams(location.search).get("projector") === "1") setProjector(true);
  try {
    await loadScenarios();
  } catch (e) {
    showErrors(0, { errors: [{ message: `could not list the scenarios (${e.message || e})` }] });
  }
  await loadBuiltin($("scenario").value || "anxious-avoidant");
}

main();
