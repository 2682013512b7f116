// Pop-out: the current question and answer in a small always-on-top window (Document
// Picture-in-Picture, Chrome/Edge 116+). The panel moves there and comes back on close.

export async function popOut(panel, onKey) {
  if (!("documentPictureInPicture" in window)) {
    throw new Error("This browser has no pop-out window (Document Picture-in-Picture); " +
      "narrow this window beside the meeting instead: the screen works at 360 px.");
  }
  const placeholder = document.createComment("live panel");
  const pip = await window.documentPictureInPicture.requestWindow({ width: 380, height: 520 });
  for (const sheet of document.querySelectorAll('link[rel="stylesheet"]')) {
    const link = pip.document.createElement("link");
    link.rel = "stylesheet";
    link.href = sheet.href;
    pip.document.head.append(link);
  }
  pip.document.body.classList.add("pip");
  panel.replaceWith(placeholder);
  pip.document.body.append(panel);
  pip.document.addEventListener("keydown", onKey);
  pip.addEventListener("pagehide", () => {
    placeholder.replaceWith(panel);
  }, { once: true });
}
