// Audio capture for the live screen. The interviewer source is pluggable:
//   "tab"   the meeting tab's audio through getDisplayMedia (the normal case)
//   "mic"   the microphone, for when the meeting plays through speakers (and for tests:
//           Chromium's fake capture device feeds a WAV file through this path)
//   "demo"  the bundled sample interview, played from the server's demo audio file
//   "none"  nobody (practice, where only the candidate's microphone is heard)
// The candidate channel is always the microphone (optional). Audio stays in this browser
// except as protocol frames to our own server, which transcribes and discards it.
import { authFetch } from "../api.js";

export const CHANNEL = { interviewer: 0, candidate: 1 };

export class CaptureError extends Error {
  constructor(message) {
    super(message);
    this.name = "CaptureError";
  }
}

const MIC_CONSTRAINTS = { echoCancellation: true, noiseSuppression: true, autoGainControl: true };

// The browser's echo cancellation takes out of the microphone only what this browser plays
// (on some systems only this page): a desktop meeting app's sound, and often a meeting tab's,
// still reaches the microphone from speakers. The server drops the interviewer's words it
// hears there (live/crosstalk.py); headphones avoid it altogether.
const ECHO_NOTE = "If the meeting plays through speakers, your microphone also hears the " +
  "interviewer: the browser's echo cancellation cannot remove a meeting app's sound (nor, in " +
  "some browsers, another tab's). Intervoo drops their words from your side; headphones avoid it.";
const NO_ECHO_CANCELLATION = "This browser did not turn on echo cancellation for your " +
  "microphone. Intervoo drops the interviewer's words it hears on your side; headphones avoid it.";

function echoWarning(stream, interviewer) {
  const settings = stream.getAudioTracks()[0]?.getSettings?.() || {};
  if (settings.echoCancellation === false) return NO_ECHO_CANCELLATION;
  return interviewer === "tab" ? ECHO_NOTE : null;
}

function explain(err, what) {
  if (err instanceof CaptureError) return err;
  if (err?.name === "NotAllowedError") {
    return new CaptureError(`${what} was not allowed. Allow it in the browser's address bar ` +
      "(the camera/microphone icon) and press Start again.");
  }
  if (err?.name === "NotFoundError" || err?.name === "NotReadableError") {
    return new CaptureError(`${what} is not available (none found, or another app holds it). ` +
      "Plug one in, close the other app, or pick another source.");
  }
  return new CaptureError(`${what} failed: ${err?.message || err}`);
}

async function tabStream() {
  if (!navigator.mediaDevices?.getDisplayMedia) {
    throw new CaptureError("This browser cannot share a tab's audio. Use Chrome or Edge, or pick " +
      "'Microphone' and let the meeting play through your speakers.");
  }
  let stream;
  try {
    // Chrome only shares tab audio alongside video; the video track is stopped at once.
    stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: true });
  } catch (err) {
    throw explain(err, "Sharing the meeting tab");
  }
  stream.getVideoTracks().forEach((track) => track.stop());
  if (stream.getAudioTracks().length === 0) {
    throw new CaptureError("You shared without audio. Press Start again, choose the meeting's " +
      "browser tab and tick 'Also share tab audio' (windows and screens have no audio on most systems).");
  }
  return stream;
}

async function micStream(what) {
  if (!navigator.mediaDevices?.getUserMedia) {
    throw new CaptureError("This browser gives no microphone access here (a page needs " +
      "http://127.0.0.1 or https).");
  }
  try {
    return await navigator.mediaDevices.getUserMedia({ audio: MIC_CONSTRAINTS });
  } catch (err) {
    throw explain(err, what);
  }
}

async function demoSource(context) {
  const response = await authFetch("/api/demo/audio");
  if (!response.ok) throw new CaptureError("The demo interview audio could not be loaded.");
  const buffer = await context.decodeAudioData(await response.arrayBuffer());
  const node = context.createBufferSource();
  node.buffer = buffer;
  return node;
}

/**
 * Start capturing. `onFrame(arrayBuffer)` gets each protocol frame; `onEnded()` runs when an
 * interviewer source ends by itself (demo finished, tab sharing stopped). Returns `stop()`.
 */
export async function startCapture({ interviewer, candidateMic, onFrame, onEnded, onWarning }) {
  const streams = [];
  const context = new AudioContext();
  try {
    await context.audioWorklet.addModule("/static/js/live/pcm-worklet.js");
    const sink = context.createGain();
    sink.gain.value = 0; // worklets must reach the destination to be pulled; keep them silent
    sink.connect(context.destination);
    const wire = (source, tag) => {
      const node = new AudioWorkletNode(context, "pcm16-downsampler",
        { processorOptions: { channelTag: tag } });
      node.port.onmessage = (event) => onFrame(event.data);
      source.connect(node).connect(sink);
    };
    if (interviewer === "none") {
      // Practice: only the candidate speaks.
    } else if (interviewer === "demo") {
      const node = await demoSource(context);
      wire(node, CHANNEL.interviewer);
      node.connect(context.destination); // let the user hear the sample interview
      node.onended = () => onEnded?.();
      node.start();
    } else {
      const stream = interviewer === "tab" ? await tabStream() : await micStream("The microphone");
      streams.push(stream);
      stream.getAudioTracks()[0].addEventListener("ended", () => onEnded?.());
      wire(context.createMediaStreamSource(stream), CHANNEL.interviewer);
    }
    if (candidateMic && interviewer !== "mic") {
      try {
        const stream = await micStream("Your microphone");
        streams.push(stream);
        wire(context.createMediaStreamSource(stream), CHANNEL.candidate);
        const echo = echoWarning(stream, interviewer);
        if (echo) onWarning?.(echo);
      } catch (err) {
        // Your own voice only adds context: the interviewer alone is enough to go on.
        if (interviewer === "none") throw err;
        onWarning?.(`${err.message} Going on without your side of the conversation.`);
      }
    }
    await context.resume();
  } catch (err) {
    release(context, streams);
    throw explain(err, "Audio capture");
  }
  return () => release(context, streams);
}

function release(context, streams) {
  for (const stream of streams) stream.getTracks().forEach((track) => track.stop());
  if (context.state !== "closed") context.close();
}
