// Setup: the resume (upload or paste), its parsed form with doubts, and the interview target.
import { get, post, put } from "../api.js";
import { field, h, replace } from "../dom.js";
import { clearDraft, keepDraft, loadDraft, saveDraft } from "../drafts.js";
import { noticeArea, withBusy } from "../notice.js";
import { go } from "../router.js";
import { doubtList, resumeForm } from "./resume-form.js";

const EDIT_DRAFT = "resume.edit";

export function onboardingScreen(root) {
  const parsed = h("section", { "aria-labelledby": "parsed-title" });
  root.append(
    h("h1", {}, "Set up your interview"),
    demoCard(),
    uploadSection(parsed),
    parsed,
    targetSection(),
  );
  showStoredResume(parsed);
}

function demoCard() {
  const notice = noticeArea();
  const button = h("button", { type: "button", class: "secondary" }, "Try the demo");
  button.addEventListener("click", () => withBusy(button, notice, () => startDemo()));
  return h("section", { class: "card demo" },
    h("p", {}, "New here? The demo loads a sample candidate and plays a short interview through ",
      "the real pipeline, so you see suggestions appear within seconds."),
    button, notice);
}

/** Load the sample candidate (asking first if that would replace your resume), then go live. */
export async function startDemo() {
  try {
    await post("/api/demo");
  } catch (err) {
    if (err.status !== 409) throw err;
    if (!window.confirm(`${err.message}\n\nReplace your resume and stories with the sample?`)) return;
    await post("/api/demo?replace=true");
  }
  go("live", { demo: "1" });
}

function uploadSection(parsed) {
  const notice = noticeArea();
  const file = h("input", { type: "file", accept: ".pdf,.docx,.md,.markdown,.txt,.json" });
  const paste = keepDraft(h("textarea", { rows: 6, placeholder: "…or paste your resume here" }),
    "resume.paste");
  const uploadButton = h("button", { type: "submit" }, "Read my resume");
  const form = h("form", { class: "card" },
    field("Resume file (PDF, DOCX, Markdown, text or JSON Resume)", file),
    field("Or paste it as text", paste), uploadButton, notice);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    withBusy(uploadButton, notice, async () => {
      const body = new FormData();
      if (file.files.length) body.append("file", file.files[0]);
      else if (paste.value.trim()) {
        body.append("file", new File([paste.value], "resume.txt", { type: "text/plain" }));
      } else throw new Error("Choose a resume file or paste its text first.");
      const stored = await post("/api/resume", body);
      clearDraft(EDIT_DRAFT);
      const seeded = stored.imported?.seeded_stories ?? 0;
      notice.ok(`Read ${stored.resume.work.length} roles; ${seeded} draft stories added to your library.`);
      renderParsed(parsed, stored);
    });
  });
  return h("section", { "aria-labelledby": "upload-title" },
    h("h2", { id: "upload-title" }, "1. Your resume"), form);
}

async function showStoredResume(parsed) {
  try {
    renderParsed(parsed, await get("/api/resume"));
  } catch (err) {
    if (err.status !== 404) {
      const notice = noticeArea();
      notice.error(err);
      replace(parsed, notice);
    }
  }
}

/** The parsed form; unsaved edits live in sessionStorage until saved. */
function renderParsed(parsed, stored) {
  const draft = loadDraft(EDIT_DRAFT, "");
  const resume = draft ? JSON.parse(draft) : structuredClone(stored.resume);
  const notice = noticeArea();
  const save = h("button", { type: "button" }, "Save corrections");
  const form = resumeForm(resume, stored.doubts || [], () => {
    saveDraft(EDIT_DRAFT, JSON.stringify(resume));
    notice.info("Unsaved changes.");
  });
  save.addEventListener("click", () => withBusy(save, notice, async () => {
    const saved = await put("/api/resume", resume);
    clearDraft(EDIT_DRAFT);
    renderParsed(parsed, saved);
    parsed.querySelector(".notice").ok("Saved. Your stories and suggestions use it from now on.");
  }));
  replace(parsed,
    h("h2", { id: "parsed-title" }, "2. Check what we read"),
    doubtList(stored.doubts || [], form), form,
    h("div", { class: "actions sticky" }, save, notice));
  if (draft) notice.info("Unsaved changes restored from this tab.");
}

function targetSection() {
  const notice = noticeArea();
  const company = keepDraft(h("input", { type: "text", list: "company-names", autocomplete: "off" }),
    "target.company");
  const role = keepDraft(h("input", { type: "text" }), "target.role");
  const jd = keepDraft(h("textarea", { rows: 8 }), "target.jd");
  const names = h("datalist", { id: "company-names" });
  const button = h("button", { type: "submit" }, "Save target");
  const form = h("form", { class: "card" },
    field("Company", company, "Start typing: 30+ employers are known, others can be added."),
    names, field("Role", role), field("Job description (paste it)", jd), button, notice);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    withBusy(button, notice, async () => {
      if (!company.value.trim() || !role.value.trim()) throw new Error("Company and role are both needed.");
      const target = await put("/api/target",
        { company: company.value.trim(), role: role.value.trim(), job_description: jd.value });
      notice.ok(describeTarget(target));
    });
  });
  fillTarget(company, role, jd, names, notice);
  return h("section", { "aria-labelledby": "target-title" },
    h("h2", { id: "target-title" }, "3. The interview"), form);
}

/** `view` is what GET/PUT /api/target return: {target, context}. */
function describeTarget(view) {
  const skills = view?.context?.skills || [];
  const company = view?.context?.company?.name ?? view?.target?.company_slug;
  const prepare = skills.length ? ` Skills to prepare: ${skills.slice(0, 8).join(", ")}.` : "";
  return `Saved: ${view?.target?.role} at ${company}.${prepare}`;
}

async function fillTarget(company, role, jd, names, notice) {
  try {
    const companies = await get("/api/companies");
    replace(names, companies.map((c) => h("option", { value: c.name })));
    const { target, context } = await get("/api/target");
    if (!target) return;
    const name = context?.company?.name ?? target.company_slug;
    if (!loadDraft("target.company")) company.value = name;
    if (!loadDraft("target.role")) role.value = target.role;
    if (!loadDraft("target.jd")) jd.value = target.job_description || "";
  } catch (err) {
    notice.error(err);
  }
}
