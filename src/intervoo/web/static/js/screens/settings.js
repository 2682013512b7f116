// Settings: the LLM (with a real test request), speech-to-text, your data, privacy choices.
import { del, get, post, put } from "../api.js";
import { downloadJson, field, h, replace } from "../dom.js";
import { noticeArea, withBusy } from "../notice.js";

// Privacy choices that live in this browser; `preference(name)` reads them anywhere.
const PREFERENCES = {
  liveLlm: ["Send the question and my context to the configured LLM during live sessions " +
    "(off: the offline composer answers; nothing leaves this computer)", true],
  extractStories: ["Turn my practice answers into draft stories automatically", true],
};

export function preference(name) {
  const saved = localStorage.getItem(`intervoo.pref.${name}`);
  return saved === null ? PREFERENCES[name][1] : saved === "true";
}

export function settingsScreen(root) {
  const settings = get("/api/settings"); // one request; the LLM and speech sections both show it
  root.append(h("h1", {}, "Settings"), llmSection(settings), sttSection(settings), privacySection(),
    dataSection());
}

function section(title, ...children) {
  return h("section", { class: "card" }, h("h2", {}, title), ...children);
}

function table(rows) {
  return h("dl", { class: "settings" }, rows.map(([name, value]) => [h("dt", {}, name), h("dd", {}, value)]));
}

function llmSection(settings) {
  const notice = noticeArea();
  const info = h("div", {}, "Loading…");
  const show = (s) => replace(info, table([
    ["Provider", s.llm_provider], ["Model", s.llm_model], ["Endpoint", s.llm_base_url],
    ["API key", s.llm_api_key],
  ]));
  const test = h("button", { type: "button", class: "secondary" }, "Test connection");
  test.addEventListener("click", () => withBusy(test, notice, async () => {
    notice.ok(works(await post("/api/settings/llm/test")));
  }));
  settings.then(show).catch((err) => { replace(info); notice.error(err); });
  return section("LLM", info, h("div", { class: "actions" }, test), notice, localLlm(show),
    h("p", { class: "hint" }, "Or set INTERVOO_LLM_PROVIDER (none, openai or anthropic), ",
      "INTERVOO_LLM_MODEL, INTERVOO_LLM_BASE_URL and INTERVOO_LLM_API_KEY, then restart. ",
      "With none, the offline composer answers from your own stories."));
}

function works(m) {
  const ttft = m.ttft_ms == null ? "no text came back" : `first token after ${Math.round(m.ttft_ms)} ms`;
  return `${m.model} at ${m.endpoint} works: ${ttft}, ${Math.round(m.total_ms)} ms in all.`;
}

// Find an LLM server on this computer (Ollama, llama.cpp, LM Studio, vLLM), try a model, use it.
function localLlm(show) {
  const notice = noticeArea();
  const models = h("select", {});
  const key = h("input", { type: "password", autocomplete: "off" });
  const chooser = h("div", { hidden: true }, field("Model", models),
    field("API key (optional)", key, "Kept in your OS keyring, never in a file."),
    h("div", { class: "actions" }, button("Test this model", () => post("/api/settings/llm/test", choice())
      .then((m) => notice.ok(works(m)))),
    button("Use this model", async () => {
      const s = await put("/api/settings/llm", choice());
      show(s);
      notice.ok(`Now using ${s.llm_model}: live answers use it from the next question.`);
    })));
  let found = [];
  const choice = () => {
    const [server, model] = found[Number(models.value)];
    return { base_url: server.base_url, model, api_key: key.value || null };
  };
  function button(label, action) {
    const el = h("button", { type: "button" }, label);
    el.addEventListener("click", () => withBusy(el, notice, action));
    return el;
  }
  const find = button("Find a local LLM", async () => {
    const { servers, ports } = await post("/api/settings/llm/detect");
    found = servers.flatMap((server) => server.models.map((model) => [server, model]));
    replace(models, found.map(([server, model], i) =>
      h("option", { value: String(i) }, `${model} — ${server.name} at ${server.base_url}`)));
    chooser.hidden = found.length === 0;
    if (found.length) notice.ok(`Found ${found.length} model${found.length > 1 ? "s" : ""} on this computer.`);
    else throw new Error(`No LLM server answered on this computer (ports ${ports.join(", ")}). ` +
      "Start Ollama, llama.cpp, LM Studio or vLLM, then try again.");
  });
  find.classList.add("secondary");
  return h("div", {}, h("h3", {}, "Local LLM"), h("div", { class: "actions" }, find), chooser, notice);
}

function sttSection(settings) {
  const info = h("div", {}, "Loading…");
  const notice = noticeArea();
  settings.then((s) => replace(info, table([
    ["Engine", s.stt_engine], ["Model", s.stt_model],
  ]))).catch((err) => { replace(info); notice.error(err); });
  return section("Speech to text", info,
    h("p", { class: "hint" }, "Speech is transcribed on this computer. Choose with ",
      "INTERVOO_STT_ENGINE (faster-whisper or pocketsphinx) and INTERVOO_STT_MODEL; ",
      "`intervoo stt check` tests them."), notice);
}

function privacySection() {
  const toggles = Object.entries(PREFERENCES).map(([name, [label]]) => {
    const box = h("input", { type: "checkbox", checked: preference(name) });
    box.addEventListener("change", () => localStorage.setItem(`intervoo.pref.${name}`, String(box.checked)));
    return h("label", { class: "choice" }, box, label);
  });
  return section("Privacy",
    h("p", {}, "Audio is never stored or sent anywhere: it is transcribed in memory and discarded. ",
      "Only what you save (resume, stories, practice answers, saved answers) is kept."), toggles);
}

function dataSection() {
  const notice = noticeArea();
  const exportButton = h("button", { type: "button", class: "secondary" }, "Download all my data");
  exportButton.addEventListener("click", () => withBusy(exportButton, notice, async () => {
    downloadJson("intervoo-export.json", await get("/api/data/export"));
    notice.ok("Downloaded.");
  }));
  const confirmInput = h("input", { type: "text", autocomplete: "off", "aria-label": "Type DELETE to confirm" });
  const deleteButton = h("button", { type: "button", class: "danger" }, "Delete all my data");
  deleteButton.addEventListener("click", () => withBusy(deleteButton, notice, async () => {
    if (confirmInput.value !== "DELETE") throw new Error("Type DELETE in the box first: this cannot be undone.");
    const { deleted } = await del("/api/data");
    const rows = Object.values(deleted).reduce((a, b) => a + b, 0);
    sessionStorage.clear();
    notice.ok(`Deleted ${rows} records. Download your data first next time if you want a copy.`);
  }));
  return section("Your data", h("div", { class: "actions" }, exportButton),
    h("p", {}, "Delete everything Intervoo keeps about you (type DELETE to confirm):"),
    h("div", { class: "actions" }, confirmInput, deleteButton), notice);
}
