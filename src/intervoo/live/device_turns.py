"""When a device that endpoints its own speech should end a turn (issue 30).

The browser's recognizer runs its VAD and decodes at a pause, but the rule that ends a
finished question after ~200 ms of silence and lets a trailing phrase ("tell me about a
time when…") wait for the rest needs the question-completeness scorer, which lives here. So
the device sends the words it heard at the pause and the server answers with the silence
they need: the server path's own rule (`intervoo.audio.endpoint.turn_end_silence_ms`), with
no log-probability since a device's decoder scores its words on its own scale.
"""

from __future__ import annotations

from intervoo.audio.endpoint import EndpointConfig, turn_end_silence_ms
from intervoo.events import TurnEndEvent
from intervoo.live.protocol import DeviceTranscript
from intervoo.questions.completeness import completeness

_CONFIG = EndpointConfig()


def turn_end(said: DeviceTranscript) -> TurnEndEvent | None:
    """The `turn_end` answer to a device's partial sent at a pause; None for any other."""
    if said.pause is None:
        return None
    silence = turn_end_silence_ms(said.text, completeness, _CONFIG)
    return TurnEndEvent(said.channel, said.pause, silence)
