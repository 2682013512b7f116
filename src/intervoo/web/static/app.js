// Entry point: the navigation, the server check, and the screens behind the hash router.
import { get } from "./js/api.js";
import { startRouter } from "./js/router.js";
import { onboardingScreen } from "./js/screens/onboarding.js";
import { liveScreen } from "./js/screens/live.js";
import { debriefScreen } from "./js/screens/debrief.js";
import { practiceScreen } from "./js/screens/practice.js";
import { storiesScreen } from "./js/screens/stories.js";
import { progressScreen } from "./js/screens/progress.js";
import { settingsScreen } from "./js/screens/settings.js";

const screens = {
  onboarding: onboardingScreen,
  live: liveScreen,
  debrief: debriefScreen,
  practice: practiceScreen,
  stories: storiesScreen,
  progress: progressScreen,
  settings: settingsScreen,
};

function markCurrent(name) {
  for (const link of document.querySelectorAll("nav a[data-screen]")) {
    if (link.dataset.screen === name) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  document.title = `Intervoo · ${name}`;
}

async function checkServer() {
  const status = document.getElementById("server-status");
  try {
    await get("/healthz");
    status.className = "notice";
    status.textContent = "";
  } catch (err) {
    status.className = "notice error";
    status.textContent = err.message;
  }
}

// Without a hash, a new user lands on setup; someone with a resume goes to the live screen.
async function firstScreen() {
  if (location.hash) return;
  try {
    await get("/api/resume");
    location.replace("#/live");
  } catch {
    location.replace("#/onboarding");
  }
}

await checkServer();
await firstScreen();
startRouter(document.getElementById("screen"), screens, "onboarding", markCurrent);
window.addEventListener("online", checkServer);
