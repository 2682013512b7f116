// Never lose typed text: every draft field is mirrored to sessionStorage as the user types
// and restored when the screen is built again (navigation, reload, a server that was down).

const PREFIX = "intervoo.draft.";

export function loadDraft(key, fallback = "") {
  const saved = sessionStorage.getItem(PREFIX + key);
  return saved === null ? fallback : saved;
}

export function saveDraft(key, value) {
  sessionStorage.setItem(PREFIX + key, value);
}

export function clearDraft(key) {
  sessionStorage.removeItem(PREFIX + key);
}

/** Restore `control`'s value from its draft (if any) and keep the draft up to date. */
export function keepDraft(control, key, fallback = "") {
  control.value = loadDraft(key, fallback);
  control.addEventListener("input", () => saveDraft(key, control.value));
  return control;
}
