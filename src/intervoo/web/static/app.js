const status = document.getElementById("health");
try {
  const res = await fetch("/healthz");
  const body = await res.json();
  status.textContent = `Server ${body.status}, version ${body.version}.`;
} catch (err) {
  status.textContent = `The Intervoo server is not reachable: ${err}`;
}
