// The one way screens talk to the server: JSON in, JSON out, errors as readable sentences.

export class ApiError extends Error {
  constructor(message, status = 0) {
    super(message);
    this.name = "ApiError";
    this.status = status; // 0: the server could not be reached at all
  }
}

const UNREACHABLE =
  "The Intervoo server is not reachable. Is `intervoo serve` still running? " +
  "Nothing you typed is lost: try again once it is back.";

/** FastAPI errors carry `detail` as a string or as a list of validation problems. */
function describe(body, status) {
  const detail = body && body.detail;
  if (typeof detail === "string") return detail;
  if (Array.isArray(detail)) {
    return detail.map((d) => `${(d.loc || []).slice(1).join(".") || "request"}: ${d.msg}`).join("; ");
  }
  return `The server answered ${status}.`;
}

/** The local install's token, from the page itself (never a cookie: cookies reach every
 * port of 127.0.0.1). Empty on a multi-user server, which uses its session cookie. */
export function localToken() {
  return document.querySelector('meta[name="intervoo-token"]')?.content || "";
}

/** fetch with the local token as `Authorization: Bearer`. */
export function authFetch(path, init = {}) {
  const token = localToken();
  const headers = { ...(init.headers || {}) };
  if (token) headers.Authorization = `Bearer ${token}`;
  return fetch(path, { ...init, headers });
}

/** fetch + JSON; `body` may be a plain value (sent as JSON) or FormData. */
export async function api(method, path, body = undefined) {
  const init = { method, headers: { Accept: "application/json" } };
  if (body instanceof FormData) {
    init.body = body;
  } else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers["Content-Type"] = "application/json";
  }
  let response;
  try {
    response = await authFetch(path, init);
  } catch {
    throw new ApiError(UNREACHABLE, 0);
  }
  const text = await response.text();
  let parsed = null;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
  }
  if (!response.ok) throw new ApiError(describe(parsed, response.status), response.status);
  return parsed;
}

export const get = (path) => api("GET", path);
export const post = (path, body) => api("POST", path, body);
export const put = (path, body) => api("PUT", path, body);
export const patch = (path, body) => api("PATCH", path, body);
export const del = (path) => api("DELETE", path);
