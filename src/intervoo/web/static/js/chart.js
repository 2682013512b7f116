// A small line chart as SVG: one line per series, time on x, a 0–100 score on y.
const NS = "http://www.w3.org/2000/svg";
const COLORS = ["#2563eb", "#db2777", "#059669", "#d97706", "#7c3aed", "#0891b2", "#dc2626", "#4b5563"];
const W = 640, H = 320, PAD = { left: 36, right: 12, top: 12, bottom: 28 };

function svg(tag, attrs, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  el.append(...children);
  return el;
}

/** `series`: [{name, points: [{at: Date|string, score: 0..100}]}] → an <svg> with a legend. */
export function lineChart(series, title) {
  const times = series.flatMap((s) => s.points.map((p) => new Date(p.at).getTime()));
  const t0 = Math.min(...times), t1 = Math.max(...times);
  const x = (t) => PAD.left + (t1 === t0 ? 0.5 : (t - t0) / (t1 - t0)) * (W - PAD.left - PAD.right);
  const y = (v) => PAD.top + (1 - v / 100) * (H - PAD.top - PAD.bottom);
  const grid = [0, 25, 50, 75, 100].map((v) => svg("g", {},
    svg("line", { x1: PAD.left, x2: W - PAD.right, y1: y(v), y2: y(v), class: "grid" }),
    svg("text", { x: PAD.left - 6, y: y(v) + 4, "text-anchor": "end", class: "axis" }, String(v))));
  const lines = series.map((s, i) => {
    const color = COLORS[i % COLORS.length];
    const pts = s.points.map((p) => [x(new Date(p.at).getTime()), y(p.score)]);
    return svg("g", { "data-series": s.name },
      svg("polyline", { points: pts.map((p) => p.join(",")).join(" "), fill: "none", stroke: color,
        "stroke-width": 2 }),
      ...pts.map(([cx, cy]) => svg("circle", { cx, cy, r: 3, fill: color })));
  });
  const dates = svg("g", {},
    svg("text", { x: PAD.left, y: H - 8, class: "axis" }, new Date(t0).toLocaleDateString()),
    svg("text", { x: W - PAD.right, y: H - 8, "text-anchor": "end", class: "axis" },
      new Date(t1).toLocaleDateString()));
  const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": title, class: "chart" },
    svg("title", {}, title), ...grid, ...lines, dates);
  const legend = document.createElement("ul");
  legend.className = "legend";
  series.forEach((s, i) => {
    const li = document.createElement("li");
    li.style.setProperty("--swatch", COLORS[i % COLORS.length]);
    const last = s.points[s.points.length - 1];
    li.textContent = `${s.name}: ${Math.round(last.score)}`;
    legend.append(li);
  });
  const figure = document.createElement("figure");
  figure.append(chart, legend);
  return figure;
}
