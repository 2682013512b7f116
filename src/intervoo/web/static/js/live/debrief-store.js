// The last live session's debrief, held in this tab's memory only: never written to storage,
// gone on reload. Only what the user saves (a story, or the whole debrief) reaches the server.
let current = null;

export function keepDebrief(debrief) {
  current = debrief;
}

export function lastDebrief() {
  return current;
}
