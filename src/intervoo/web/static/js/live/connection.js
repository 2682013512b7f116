// The /ws/live client: one WebSocket, the protocol of DESIGN.md, events to one callback.
import { localToken } from "../api.js";

export class LiveConnection {
  /** `onEvent(event)` gets every server event; `onClose(info)` when the socket ends. */
  constructor({ onEvent, onClose }) {
    this.onEvent = onEvent;
    this.onClose = onClose;
    this.socket = null;
    this.sessionId = null;
    this.stopping = false;
  }

  get open() {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  /** Open the socket and send `start`; resolves once the server can take frames. */
  connect(start) {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    // A browser WebSocket cannot send Authorization: the token travels as a subprotocol.
    const token = localToken();
    const protocols = token ? ["intervoo", `intervoo.token.${token}`] : [];
    const socket = new WebSocket(`${scheme}://${location.host}/ws/live`, protocols);
    socket.binaryType = "arraybuffer";
    this.socket = socket;
    // Resolved by the server's `started` status, not by the socket opening: audio sent before
    // the session is ready (it loads the library first) would reach it in one burst, its
    // timestamps squeezed together, and two questions seconds apart would read as one.
    return new Promise((resolve, reject) => {
      this.ready = { resolve, reject };
      socket.onopen = () => socket.send(JSON.stringify({ type: "start", ...start }));
      socket.onerror = () => this.settle(new Error("Could not open the live connection to " +
        "the Intervoo server. Is it running?"));
      socket.onmessage = (message) => this.receive(message.data);
      socket.onclose = (event) => {
        const expected = this.stopping;
        this.socket = null;
        this.settle(new Error(event.reason || "The live session could not start."));
        this.onClose({ expected, code: event.code, reason: event.reason });
      };
    });
  }

  /** Settle the pending `connect`: resolved without an error, rejected with one. */
  settle(error) {
    const ready = this.ready;
    this.ready = null;
    if (ready) error ? ready.reject(error) : ready.resolve();
  }

  receive(data) {
    if (typeof data !== "string") return;
    let event;
    try {
      event = JSON.parse(data);
    } catch {
      return; // the server only sends JSON; anything else is not ours to show
    }
    if (event.type === "status" && event.session_id) this.sessionId = event.session_id;
    this.onEvent(event);
    if (event.type === "status" && event.state === "started") this.settle(null);
    else if (event.type === "error" && this.ready) this.settle(new Error(event.message));
  }

  /** One audio frame; dropped (not queued forever) if the socket is backed up or closed. */
  sendAudio(frame) {
    if (this.open && this.socket.bufferedAmount < 1_000_000) this.socket.send(frame);
  }

  /** Text recognised on this device (the browser's own recognizer): never audio. `pause`:
   *  the recognizer's id for text decoded at a pause, which the server answers (`turn_end`). */
  sendTranscript({ channel, text, final, pause }) {
    if (!this.open) return;
    const frame = { type: "transcript", channel, text, final };
    if (pause !== undefined) frame.pause = pause;
    this.socket.send(JSON.stringify(frame));
  }

  ask(text) {
    if (!this.open) throw new Error("Not connected.");
    this.socket.send(JSON.stringify({ type: "ask", text }));
  }

  /** `debrief`: ask for the session's debrief, which comes before the server closes. */
  stop({ debrief = false } = {}) {
    if (!this.socket) return;
    this.stopping = true;
    if (this.open) this.socket.send(JSON.stringify({ type: "stop", ...(debrief ? { debrief } : {}) }));
    // The server closes after finishing the visible answer (and the debrief); don't wait for
    // it forever.
    const socket = this.socket;
    const wait = debrief ? 60000 : 5000;
    setTimeout(() => socket.readyState < WebSocket.CLOSING && socket.close(1000), wait);
  }
}
