// The practice API in one place, so the screens do not depend on its exact paths.
import { get, post } from "./api.js";

export const startSession = (count) => post("/api/practice/sessions", { count });
export const answer = (sessionId, position, text, extractStory) =>
  post(`/api/practice/sessions/${encodeURIComponent(sessionId)}/answers`,
    { position, answer: text, extract_story: extractStory });
export const endSession = (sessionId) =>
  post(`/api/practice/sessions/${encodeURIComponent(sessionId)}/end`);
export const progress = () => get("/api/practice/progress");
