// The practice API (/api/practice) in one place.
import { get, post } from "./api.js";

const session = (id) => `/api/practice/sessions/${encodeURIComponent(id)}`;

/** → {session_id, questions: [{attempt_id, position, text, kind, competency, answered}]} */
export const startSession = (length, autoExtract, questions = []) =>
  post("/api/practice/sessions", { length, auto_extract: autoExtract,
    ...(questions.length ? { questions } : {}) });
/** A typed answer, or a spoken one as the pipeline's candidate transcripts (gives pace). */
export const answerText = (id, attemptId, text) =>
  post(`${session(id)}/answers`, { attempt_id: attemptId, text });
export const answerSpoken = (id, attemptId, transcripts) =>
  post(`${session(id)}/answers`, { attempt_id: attemptId, transcripts });
export const sessionAttempts = (id) => get(session(id));
export const critique = (attemptId) =>
  post(`/api/practice/attempts/${encodeURIComponent(attemptId)}/critique`);
export const drafts = () => get("/api/practice/drafts");
export const approveDraft = (storyId) =>
  post(`/api/practice/drafts/${encodeURIComponent(storyId)}/approve`);
export const progress = () => get("/api/practice/progress");
export const PROGRESS_SVG = "/api/practice/progress.svg";
