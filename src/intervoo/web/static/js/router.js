// A small hash router: "#/live?demo=1" → the "live" screen with params {demo: "1"}.

export function parseHash(hash) {
  const raw = hash.replace(/^#\/?/, "");
  const [path, query = ""] = raw.split("?");
  return { name: path || "", params: Object.fromEntries(new URLSearchParams(query)) };
}

/**
 * Start routing. `screens` maps a name to `(root, params) => cleanup | undefined`.
 * The previous screen's cleanup runs before the next one renders (closing sockets, audio).
 */
export function startRouter(root, screens, fallback, onChange = () => {}) {
  let cleanup = null;
  const render = () => {
    const { name, params } = parseHash(location.hash);
    const screen = screens[name] ? name : fallback;
    if (typeof cleanup === "function") cleanup();
    root.replaceChildren();
    onChange(screen);
    cleanup = screens[screen](root, params);
  };
  window.addEventListener("hashchange", render);
  render();
}

export function go(name, params = {}) {
  const query = new URLSearchParams(params).toString();
  location.hash = `#/${name}${query ? `?${query}` : ""}`;
}
