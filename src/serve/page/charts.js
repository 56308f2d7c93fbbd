// Drawing on <canvas>: the couple, the time charts, the survival curve, the map, sparklines.
// Pure functions of their data; app.js decides what to draw and when.

export const COLORS = {
  a: "#0072B2",
  b: "#E69F00",
  S: "#009E73", // secure
  P: "#D55E00", // pursue
  W: "#CC79A7", // withdraw
  none: "#BBBBBB",
  settled: "#009E73",
  escalated: "#D55E00",
  dissolved: "#555555",
  disengaged: "#56B4E9",
  cycling: "#E69F00",
  ink: "#1a1a1a",
  muted: "#666666",
  grid: "#e2e2dc",
};

export const STRATEGY = { S: "secure", P: "pursue", W: "withdraw", "-": "no choice yet" };

/** The canvas sized to its CSS box at the device's pixel ratio: {ctx, w, h} in CSS pixels. */
export function setup(canvas) {
  const rect = canvas.getBoundingClientRect();
  const w = Math.max(50, Math.round(rect.width));
  const h = Math.max(30, Math.round(rect.height));
  const dpr = window.devicePixelRatio || 1;
  if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) {
    canvas.width = Math.round(w * dpr);
    canvas.height = Math.round(h * dpr);
  }
  const ctx = canvas.getContext("2d");
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, w, h);
  return { ctx, w, h };
}

function font(ctx, opts, size, weight = "") {
  ctx.font = `${weight} ${Math.round(size * opts.scale)}px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif`;
}

function rgba(hex, a) {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${a})`;
}

/** Nice ticks for days 0..steps. */
function dayTicks(steps) {
  if (steps > 365 * 1.5) {
    const out = [];
    for (let d = 0; d <= steps; d += 365) out.push([d, d === 0 ? "0" : `year ${d / 365}`]);
    return out;
  }
  const step = steps > 180 ? 60 : steps > 60 ? 30 : steps > 20 ? 7 : 1;
  const out = [];
  for (let d = 0; d <= steps; d += step) out.push([d, String(d)]);
  return out;
}

/**
 * The frame of a time chart: axes from day 0 to `steps`, y from 0 to 1.
 * Returns the mapping functions.
 */
function timeFrame(ctx, w, h, steps, opts, yLabel) {
  font(ctx, opts, 11);
  const left = Math.round(44 * opts.scale), right = 10, top = 8, bottom = Math.round(30 * opts.scale);
  const pw = w - left - right, ph = h - top - bottom;
  const x = (d) => left + (d / Math.max(1, steps)) * pw;
  const y = (v) => top + (1 - v) * ph;
  ctx.strokeStyle = COLORS.grid;
  ctx.lineWidth = 1;
  ctx.fillStyle = COLORS.muted;
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  for (const v of [0, 0.25, 0.5, 0.75, 1]) {
    ctx.beginPath();
    ctx.moveTo(left, y(v));
    ctx.lineTo(left + pw, y(v));
    ctx.stroke();
    ctx.fillText(yLabel ? yLabel(v) : v.toFixed(v === 0 || v === 1 ? 0 : 2), left - 5, y(v));
  }
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  for (const [d, label] of dayTicks(steps)) {
    ctx.beginPath();
    ctx.moveTo(x(d), top + ph);
    ctx.lineTo(x(d), top + ph + 4);
    ctx.strokeStyle = COLORS.muted;
    ctx.stroke();
    ctx.fillText(label, Math.min(Math.max(x(d), left + 10), left + pw - 14), top + ph + 5);
  }
  if (steps <= 365 * 1.5) {
    ctx.textAlign = "right";
    ctx.fillText("day", left + pw, top + ph + 5 + 13 * opts.scale);
  }
  ctx.strokeStyle = COLORS.ink;
  ctx.beginPath();
  ctx.moveTo(left, top);
  ctx.lineTo(left, top + ph);
  ctx.lineTo(left + pw, top + ph);
  ctx.stroke();
  return { x, y, left, top, pw, ph };
}

/** Shaded spans for interventions (green-blue) and events (orange-red), labelled. */
function spans(ctx, f, steps, spansList, opts) {
  font(ctx, opts, 10);
  ctx.textAlign = "left";
  ctx.textBaseline = "top";
  let row = 0;
  for (const s of spansList) {
    const start = Math.max(0, s.start ?? 0);
    const end = Math.min(steps, s.end ?? steps);
    if (end < start) continue;
    const x0 = f.x(start), x1 = Math.max(f.x(end), x0 + 2);
    ctx.fillStyle = s.event ? "rgba(213,94,0,0.10)" : "rgba(0,158,115,0.12)";
    ctx.fillRect(x0, f.top, x1 - x0, f.ph);
    ctx.fillStyle = s.event ? "#9a4400" : "#006b4e";
    ctx.fillText(s.label, x0 + 3, f.top + 2 + row * 12 * opts.scale);
    row = (row + 1) % 3;
  }
}

function bandPath(ctx, f, days, lo, hi) {
  ctx.beginPath();
  for (let i = 0; i < days.length; i++) ctx.lineTo(f.x(days[i]), f.y(hi[i]));
  for (let i = days.length - 1; i >= 0; i--) ctx.lineTo(f.x(days[i]), f.y(lo[i]));
  ctx.closePath();
}

function line(ctx, f, xs, ys, n) {
  ctx.beginPath();
  for (let i = 0; i < n; i++) {
    const v = ys[i];
    if (v == null || Number.isNaN(v)) continue;
    ctx.lineTo(f.x(xs ? xs[i] : i), f.y(v));
  }
  ctx.stroke();
}

/**
 * A time chart: for each series {q: {p05..p95}, color, example: [per day]}, its bands, its p50
 * line dashed, and the example line solid up to `day`; spans; a vertical line at `day`.
 */
export function timeChart(canvas, { steps, days, series, day, spansList, opts }) {
  const { ctx, w, h } = setup(canvas);
  const f = timeFrame(ctx, w, h, steps, opts);
  spans(ctx, f, steps, spansList, opts);
  const alphaOuter = series.length > 1 ? 0.13 : 0.16;
  const alphaInner = series.length > 1 ? 0.26 : 0.3;
  for (const s of series) {
    ctx.fillStyle = rgba(s.color, alphaOuter);
    bandPath(ctx, f, days, s.q.p05, s.q.p95);
    ctx.fill();
    ctx.fillStyle = rgba(s.color, alphaInner);
    bandPath(ctx, f, days, s.q.p25, s.q.p75);
    ctx.fill();
  }
  for (const s of series) {
    ctx.strokeStyle = s.color;
    ctx.lineWidth = 1.5 * opts.lw;
    ctx.setLineDash([5 * opts.lw, 4 * opts.lw]);
    line(ctx, f, days, s.q.p50, days.length);
    ctx.setLineDash([]);
  }
  for (const s of series) {
    if (!s.example) continue;
    const n = Math.min(s.example.length, day + 1);
    ctx.strokeStyle = "#ffffff";
    ctx.lineWidth = 4.5 * opts.lw;
    line(ctx, f, null, s.example, n);
    ctx.strokeStyle = s.lineColor || s.color;
    ctx.lineWidth = 2.2 * opts.lw;
    line(ctx, f, null, s.example, n);
  }
  // The current day.
  dayMarker(ctx, f, day, opts);
}

/** The current day: a thin vertical line across the frame `f`. */
function dayMarker(ctx, f, day, opts) {
  ctx.strokeStyle = COLORS.ink;
  ctx.lineWidth = 1 * opts.lw;
  ctx.beginPath();
  ctx.moveTo(f.x(day), f.top);
  ctx.lineTo(f.x(day), f.top + f.ph);
  ctx.stroke();
}

/** The survival step curve: share still together (0..1) against day. */
export function survivalChart(canvas, { steps, days, together, day, opts }) {
  const { ctx, w, h } = setup(canvas);
  const f = timeFrame(ctx, w, h, steps, opts, (v) => `${Math.round(v * 100)}%`);
  ctx.save();
  ctx.translate(11 * opts.scale, f.top + f.ph / 2);
  ctx.rotate(-Math.PI / 2);
  font(ctx, opts, 11);
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  ctx.fillStyle = COLORS.muted;
  ctx.fillText("still together", 0, 0);
  ctx.restore();
  ctx.strokeStyle = COLORS.settled;
  ctx.fillStyle = "rgba(0,158,115,0.12)";
  ctx.lineWidth = 2.5 * opts.lw;
  ctx.beginPath();
  let prev = together[0] ?? 1;
  ctx.moveTo(f.x(days[0] ?? 0), f.y(prev));
  for (let i = 1; i < days.length; i++) {
    ctx.lineTo(f.x(days[i]), f.y(prev));
    ctx.lineTo(f.x(days[i]), f.y(together[i]));
    prev = together[i];
  }
  ctx.lineTo(f.x(steps), f.y(prev));
  ctx.stroke();
  ctx.lineTo(f.x(steps), f.y(0));
  ctx.lineTo(f.x(0), f.y(0));
  ctx.closePath();
  ctx.fill();
  // The value at the current day.
  const v = survivalAt(days, together, day);
  dayMarker(ctx, f, day, opts);
  font(ctx, opts, 12, "600");
  ctx.fillStyle = COLORS.ink;
  ctx.textBaseline = "bottom";
  const label = `${(v * 100).toFixed(1)}% on day ${day}`;
  const tx = f.x(day);
  ctx.textAlign = tx > f.left + f.pw * 0.6 ? "right" : "left";
  ctx.fillText(label, tx + (ctx.textAlign === "left" ? 5 : -5), Math.max(f.top + 16, f.y(v) - 6));
}

export function survivalAt(days, together, day) {
  let v = together[0] ?? 1;
  for (let i = 0; i < days.length && days[i] <= day; i++) v = together[i];
  return v;
}

/** One figure: a head and a body, filled with `fill`, name underneath. */
function figure(ctx, cx, baseY, size, fill, name, opts, grey) {
  const headR = size * 0.2;
  ctx.fillStyle = fill;
  ctx.strokeStyle = grey ? "#999" : COLORS.ink;
  ctx.lineWidth = 1.5 * opts.lw;
  ctx.beginPath();
  ctx.arc(cx, baseY - size + headR, headR, 0, Math.PI * 2);
  ctx.fill();
  ctx.stroke();
  const top = baseY - size + headR * 2 + 4;
  const bw = size * 0.5; // the body is 0.6 * size wide
  ctx.beginPath();
  ctx.moveTo(cx - bw * 0.35, top);
  ctx.lineTo(cx + bw * 0.35, top);
  ctx.quadraticCurveTo(cx + bw * 0.6, top + 4, cx + bw * 0.6, top + 16);
  ctx.lineTo(cx + bw * 0.6, baseY);
  ctx.lineTo(cx - bw * 0.6, baseY);
  ctx.lineTo(cx - bw * 0.6, top + 16);
  ctx.quadraticCurveTo(cx - bw * 0.6, top + 4, cx - bw * 0.35, top);
  ctx.closePath();
  ctx.fill();
  ctx.stroke();
  font(ctx, opts, 13, "600");
  ctx.fillStyle = grey ? "#888" : COLORS.ink;
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  ctx.fillText(name, cx, baseY + 4);
}

/**
 * The one couple on `day`: figures whose distance is 1 - closeness, strategy colours, a legend,
 * and, after a partner left, the figures apart and grey with the text `leftText`.
 */
export function coupleScene(canvas, { names, closeness, sa, sb, leftText, opts }) {
  const { ctx, w, h } = setup(canvas);
  const legendH = 24 * opts.scale;
  const labelsH = 34 * opts.scale;
  const topH = 22 * opts.scale;
  const baseY = h - legendH - labelsH;
  const size = Math.max(30, Math.min(baseY - topH, w * 0.22));
  const fw = size * 0.6;
  const margin = Math.max(fw / 2 + 4, 46 * opts.scale);
  const minD = fw * 1.05, maxD = Math.max(minD, w - 2 * margin);
  const gone = !!leftText;
  const c = Math.max(0, Math.min(1, closeness ?? 0.5));
  const sep = gone ? maxD : minD + (1 - c) * (maxD - minD);
  const cx = w / 2, xa = cx - sep / 2, xb = cx + sep / 2;
  const colA = gone ? "#dddddd" : COLORS[sa] || COLORS.none;
  const colB = gone ? "#dddddd" : COLORS[sb] || COLORS.none;
  font(ctx, opts, 13, "600");
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  if (gone) {
    ctx.fillStyle = COLORS.ink;
    ctx.fillText(leftText, cx, baseY - size / 2);
  } else {
    ctx.fillStyle = COLORS.muted;
    ctx.fillText(`closeness ${c.toFixed(2)}`, cx, topH / 2 + 2);
    // The gap as a double arrow at chest height.
    const y = baseY - size * 0.45, x0 = xa + fw / 2 + 4, x1 = xb - fw / 2 - 4;
    if (x1 - x0 > 16) {
      ctx.strokeStyle = "#999999";
      ctx.fillStyle = "#999999";
      ctx.lineWidth = 1.5 * opts.lw;
      ctx.beginPath();
      ctx.moveTo(x0, y);
      ctx.lineTo(x1, y);
      ctx.stroke();
      for (const [x, d] of [[x0, 1], [x1, -1]]) {
        ctx.beginPath();
        ctx.moveTo(x, y);
        ctx.lineTo(x + 6 * d, y - 4);
        ctx.lineTo(x + 6 * d, y + 4);
        ctx.closePath();
        ctx.fill();
      }
    }
  }
  figure(ctx, xa, baseY, size, colA, names[0], opts, gone);
  figure(ctx, xb, baseY, size, colB, names[1], opts, gone);
  if (!gone) {
    font(ctx, opts, 12);
    ctx.fillStyle = COLORS.muted;
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    ctx.fillText(STRATEGY[sa] || "", xa, baseY + 19 * opts.scale);
    ctx.fillText(STRATEGY[sb] || "", xb, baseY + 19 * opts.scale);
  }
  // Legend.
  ctx.textBaseline = "middle";
  ctx.textAlign = "left";
  const items = [["S", "secure"], ["P", "pursue"], ["W", "withdraw"]];
  // Shrink the legend to fit a narrow canvas rather than clip it.
  let lo = opts, sw, widths, total;
  for (;;) {
    font(ctx, lo, 12);
    sw = 12 * lo.scale;
    widths = items.map(([, t]) => ctx.measureText(t).width + sw + 16 * lo.scale);
    total = widths.reduce((p, q) => p + q, 0);
    if (total <= w - 8 || lo.scale < 0.6) break;
    lo = { ...lo, scale: lo.scale * 0.9 };
  }
  let x = Math.max(4, (w - total) / 2);
  const ly = h - legendH / 2;
  items.forEach(([k, t], i) => {
    ctx.fillStyle = COLORS[k];
    ctx.fillRect(x, ly - sw / 2, sw, sw);
    ctx.fillStyle = COLORS.ink;
    ctx.fillText(t, x + sw + 5 * lo.scale, ly);
    x += widths[i];
  });
}

/** A light-to-dark sequential scale (viridis, reversed): 0 light yellow, 1 dark purple. */
const VIRIDIS = ["#fde725", "#b5de2b", "#6ece58", "#35b779", "#1f9e89", "#26828e", "#31688e", "#3e4989", "#482878", "#440154"];
export function seq(v) {
  const t = Math.max(0, Math.min(1, v)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(t));
  const f = t - i;
  const a = parseInt(VIRIDIS[i].slice(1), 16), b = parseInt(VIRIDIS[i + 1].slice(1), 16);
  const mix = (s) => Math.round(((a >> s) & 255) * (1 - f) + ((b >> s) & 255) * f);
  return `rgb(${mix(16)},${mix(8)},${mix(0)})`;
}

/** The map: a heatmap of risk[j][i], axis labels, a colour legend, a ring at `current`. */
export function mapChart(canvas, { map, opts }) {
  const { ctx, w, h } = setup(canvas);
  const xs = map.x.values, ys = map.y.values;
  const legendW = 52 * opts.scale;
  const bottom = 40 * opts.scale, top = 8, axisW = 44 * opts.scale;
  const size = Math.max(40, Math.min(w - axisW - legendW - 10, h - top - bottom));
  // The square centred in the canvas, the y axis labels to its left and the legend to its right.
  const left = Math.max(axisW, Math.round((w - size - legendW + axisW) / 2));
  const cw = size / xs.length, ch = size / ys.length;
  const geom = { left, top, size, cw, ch, xs, ys };
  for (let j = 0; j < ys.length; j++) {
    for (let i = 0; i < xs.length; i++) {
      ctx.fillStyle = seq(map.risk[j][i]);
      // y grows upwards: row j = ys[j] drawn from the bottom.
      ctx.fillRect(left + i * cw, top + (ys.length - 1 - j) * ch, Math.ceil(cw), Math.ceil(ch));
    }
  }
  ctx.strokeStyle = COLORS.ink;
  ctx.lineWidth = 1;
  ctx.strokeRect(left, top, size, size);
  // Ticks at 0, 0.5, 1 (cell centres).
  font(ctx, opts, 11);
  ctx.fillStyle = COLORS.muted;
  const vx = (v) => left + (v - xs[0]) / (xs[xs.length - 1] - xs[0] || 1) * (size - cw) + cw / 2;
  const vy = (v) => top + size - ((v - ys[0]) / (ys[ys.length - 1] - ys[0] || 1) * (size - ch) + ch / 2);
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  for (const v of [0, 0.25, 0.5, 0.75, 1]) ctx.fillText(String(v), vx(v), top + size + 3);
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  for (const v of [0, 0.25, 0.5, 0.75, 1]) ctx.fillText(String(v), left - 4, vy(v));
  font(ctx, opts, 12, "600");
  ctx.fillStyle = COLORS.ink;
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  ctx.fillText(map.x.label, left + size / 2, top + size + 18 * opts.scale);
  ctx.save();
  ctx.translate(10 * opts.scale, top + size / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = "middle";
  ctx.fillText(map.y.label, 0, 0);
  ctx.restore();
  // The current couple.
  if (map.current) {
    const cx = vx(map.current.x), cy = vy(map.current.y);
    ctx.lineWidth = 4 * opts.lw;
    ctx.strokeStyle = "#ffffff";
    ctx.beginPath();
    ctx.arc(cx, cy, Math.max(7, Math.min(cw, ch) * 0.45), 0, Math.PI * 2);
    ctx.stroke();
    ctx.lineWidth = 2 * opts.lw;
    ctx.strokeStyle = "#D55E00";
    ctx.stroke();
  }
  // The legend: a vertical bar from 0 (bottom) to 1 (top).
  const lx = left + size + 14 * opts.scale, lw = 12 * opts.scale;
  for (let k = 0; k < 50; k++) {
    ctx.fillStyle = seq(1 - k / 49);
    ctx.fillRect(lx, top + (k / 50) * size, lw, size / 50 + 1);
  }
  ctx.strokeStyle = COLORS.ink;
  ctx.lineWidth = 1;
  ctx.strokeRect(lx, top, lw, size);
  font(ctx, opts, 10);
  ctx.fillStyle = COLORS.muted;
  ctx.textAlign = "left";
  ctx.textBaseline = "middle";
  for (const v of [0, 0.5, 1]) ctx.fillText(v === 0.5 ? "0.5" : String(v), lx + lw + 3, top + (1 - v) * size);
  ctx.save();
  ctx.translate(lx + lw + 30 * opts.scale, top + size / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textAlign = "center";
  ctx.fillText("P(escalated or dissolved)", 0, 0);
  ctx.restore();
  return geom;
}

/** A small sparkline of values 0..1. */
export function sparkline(canvas, series, opts) {
  const { ctx, w, h } = setup(canvas);
  ctx.fillStyle = "#f0f0ec";
  ctx.fillRect(0, 0, w, h);
  for (const { values, color } of series) {
    ctx.strokeStyle = color;
    ctx.lineWidth = 1.5 * opts.lw;
    ctx.beginPath();
    values.forEach((v, i) => ctx.lineTo((i / Math.max(1, values.length - 1)) * w, 2 + (1 - v) * (h - 4)));
    ctx.stroke();
  }
}
