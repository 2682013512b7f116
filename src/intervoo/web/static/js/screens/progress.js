// Progress: the per-competency chart the server draws (SVG), with the numbers in words.
import { h, replace } from "../dom.js";
import { noticeArea } from "../notice.js";
import { authFetch } from "../api.js";
import { PROGRESS_SVG, progress } from "../practice-api.js";

export function progressScreen(root) {
  const notice = noticeArea();
  const body = h("div", {}, "Loading…");
  root.append(h("h1", {}, "Progress"), notice, body);
  progress().then((data) => {
    if (!data.answers) {
      replace(body, h("p", {}, "No practice yet. ", h("a", { href: "#/practice" }, "Start a session"),
        " and your scores per competency appear here."));
      return;
    }
    const latest = Object.entries(data.series).map(([name, points]) =>
      `${name} ${Math.round(points[points.length - 1].score)}`);
    const summary = `${data.sessions} sessions, ${data.answers} answers. Latest: ${latest.join(", ")}.`;
    const chart = h("img", { class: "chart",
      alt: `Chart of practice scores per competency over sessions. ${summary}` });
    const failed = () => notice.error("The chart could not be loaded; the numbers are below.");
    chart.addEventListener("error", failed);
    // An <img> cannot send the token header: fetch the chart, show it from a blob URL.
    authFetch(`${PROGRESS_SVG}?t=${Date.now()}`)
      .then((r) => (r.ok ? r.blob() : Promise.reject(new Error(String(r.status)))))
      .then((blob) => { chart.src = URL.createObjectURL(blob); })
      .catch(failed);
    // Scrolls sideways inside its box on a narrow window, so the labels stay readable.
    replace(body, h("figure", {}, h("div", { class: "chart-scroll" }, chart), h("figcaption", {}, summary)));
  }).catch((err) => {
    replace(body);
    notice.error(err);
  });
}
