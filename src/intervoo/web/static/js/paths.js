// JSON paths as the resume parser writes them in its doubts: "work[2].startDate", "basics.email".

export function splitPath(path) {
  return path.split(/\.|\[(\d+)\]/).filter((part) => part !== undefined && part !== "")
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

export function getPath(obj, path) {
  return splitPath(path).reduce((node, key) => (node == null ? undefined : node[key]), obj);
}

/** Set a value, creating objects on the way (a missing `basics.location` for instance). */
export function setPath(obj, path, value) {
  const keys = splitPath(path);
  let node = obj;
  keys.slice(0, -1).forEach((key, i) => {
    if (node[key] == null) node[key] = typeof keys[i + 1] === "number" ? [] : {};
    node = node[key];
  });
  node[keys[keys.length - 1]] = value;
}

/** Does a doubt about `doubtPath` concern the field at `fieldPath`? ("work[1]" covers its fields.) */
export function concerns(doubtPath, fieldPath) {
  return fieldPath === doubtPath || fieldPath.startsWith(`${doubtPath}.`) ||
    fieldPath.startsWith(`${doubtPath}[`);
}
