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
    return new Promise((resolve, reject) => {
      socket.onopen = () => {
        socket.send(JSON.stringify({ type: "start", ...start }));
        resolve();
      };
      socket.onerror = () => reject(new Error("Could not open the live connection to the " +
        "Intervoo server. Is it running?"));
      socket.onmessage = (message) => this.receive(message.data);
      socket.onclose = (event) => {
        const expected = this.stopping;
        this.socket = null;
        this.onClose({ expected, code: event.code, reason: event.reason });
      };
    });
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
  }

  /** One audio frame; dropped (not queued forever) if the socket is backed up or closed. */
  sendAudio(frame) {
    if (this.open && this.socket.bufferedAmount < 1_000_000) this.socket.send(frame);
  }

  ask(text) {
    if (!this.open) throw new Error("Not connected.");
    this.socket.send(JSON.stringify({ type: "ask", text }));
  }

  stop() {
    if (!this.socket) return;
    this.stopping = true;
    if (this.open) this.socket.send(JSON.stringify({ type: "stop" }));
    // The server closes after finishing the visible answer; don't wait for it forever.
    const socket = this.socket;
    setTimeout(() => socket.readyState < WebSocket.CLOSING && socket.close(1000), 5000);
  }
}
