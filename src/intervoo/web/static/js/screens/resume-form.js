// The parsed resume as an editable form, with the parser's doubts marked on their fields.
import { h } from "../dom.js";
import { concerns, getPath, setPath } from "../paths.js";

// Which fields the form shows, and how (a list of lines is one textarea, one item a line).
const BASICS = [
  ["basics.name", "Name"], ["basics.label", "Headline"], ["basics.email", "Email"],
  ["basics.phone", "Phone"], ["basics.summary", "Summary", "text"],
];
const WORK = [
  ["name", "Employer"], ["position", "Position"], ["startDate", "Start (YYYY-MM)"],
  ["endDate", "End (YYYY-MM, empty if current)"], ["highlights", "Highlights, one a line", "lines"],
];
const EDUCATION = [["institution", "Institution"], ["area", "Area"], ["studyType", "Degree"],
  ["endDate", "End"]];

function control(resume, path, kind, onChange) {
  const value = getPath(resume, path);
  const shown = kind === "lines" || kind === "csv"
    ? (value || []).map((v) => (typeof v === "string" ? v : v.name)).join(kind === "csv" ? ", " : "\n")
    : value ?? "";
  const el = kind === "text" || kind === "lines"
    ? h("textarea", { rows: kind === "lines" ? 4 : 3 })
    : h("input", { type: "text" });
  el.value = shown;
  el.dataset.path = path;
  el.addEventListener("input", () => {
    let next = el.value;
    if (kind === "lines") next = el.value.split("\n").map((s) => s.trim()).filter(Boolean);
    if (kind === "csv") {
      next = el.value.split(",").map((s) => s.trim()).filter(Boolean).map((name) => ({ name }));
    }
    setPath(resume, path, next === "" && kind !== "text" ? null : next);
    onChange();
  });
  return el;
}

function row(resume, doubts, path, label, kind, onChange) {
  const input = control(resume, path, kind, onChange);
  const mine = doubts.filter((d) => concerns(d.path, path));
  const id = `rf-${path.replace(/[^a-z0-9]/gi, "-")}`;
  input.id = id;
  if (mine.length) {
    input.setAttribute("aria-invalid", "true");
    input.setAttribute("aria-describedby", `${id}-doubt`);
  }
  return h("div", { class: mine.length ? "field doubt" : "field" },
    h("label", { for: id }, label), input,
    mine.length ? h("small", { id: `${id}-doubt`, class: "doubt-text" },
      mine.map((d) => d.message).join(" ")) : null);
}

/** The form for `resume` (edited in place); `onChange` runs after every edit. */
export function resumeForm(resume, doubts, onChange) {
  const field = (path, label, kind) => row(resume, doubts, path, label, kind, onChange);
  const work = (resume.work || []).map((entry, i) => h("fieldset", { class: "card" },
    h("legend", {}, [entry.position, entry.name].filter(Boolean).join(" · ") || `Role ${i + 1}`),
    WORK.map(([key, label, kind]) => field(`work[${i}].${key}`, label, kind))));
  const education = (resume.education || []).map((_, i) => h("fieldset", { class: "card" },
    h("legend", {}, `Education ${i + 1}`),
    EDUCATION.map(([key, label]) => field(`education[${i}].${key}`, label))));
  return h("div", { class: "resume-form" },
    h("fieldset", { class: "card" }, h("legend", {}, "You"),
      BASICS.map(([path, label, kind]) => field(path, label, kind))),
    h("h3", {}, "Experience"), work.length ? work : h("p", {}, "No roles found."),
    education.length ? [h("h3", {}, "Education"), education] : null,
    h("h3", {}, "Skills"), field("skills", "Skills, comma separated", "csv"));
}

/** The doubts as a list of links that jump to their field. */
export function doubtList(doubts, formRoot) {
  if (!doubts.length) return h("p", { class: "ok-text" }, "The parser was sure of everything.");
  return h("div", { class: "doubts" },
    h("p", {}, `Please check ${doubts.length} thing${doubts.length > 1 ? "s" : ""} the parser was unsure about:`),
    h("ul", {}, doubts.map((d) => h("li", {},
      h("button", { type: "button", class: "link", onclick: () => focusDoubt(formRoot, d.path) },
        d.path), ` — ${d.message}`))));
}

function focusDoubt(formRoot, path) {
  const target = [...formRoot.querySelectorAll("[data-path]")]
    .find((el) => concerns(path, el.dataset.path));
  if (target) target.focus();
}
