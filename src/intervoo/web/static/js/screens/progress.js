// Progress: per-competency practice scores over time, as a chart.
import { h, replace } from "../dom.js";
import { lineChart } from "../chart.js";
import { noticeArea } from "../notice.js";
import { progress } from "../practice-api.js";

export function progressScreen(root) {
  const notice = noticeArea();
  const body = h("div", {}, "Loading…");
  root.append(h("h1", {}, "Progress"), notice, body);
  progress().then((data) => {
    const series = (data.competencies || []).filter((c) => c.points?.length)
      .map((c) => ({ name: c.competency, points: c.points }));
    if (!series.length) {
      replace(body, h("p", {}, "No practice yet. ", h("a", { href: "#/practice" }, "Start a session"),
        " and your scores per competency appear here."));
      return;
    }
    replace(body, lineChart(series, "Practice score per competency over time (0–100)"));
  }).catch((err) => {
    replace(body);
    notice.error(err);
  });
}
