"""Speex's acoustic echo canceller (libspeexdsp, BSD, Xiph), called through ctypes.

libspeexdsp is the system library PulseAudio and PipeWire themselves use (Debian/Ubuntu
`libspeexdsp1`, macOS `brew install speexdsp`); its C API has not changed since 2008. Where it
is missing, `SpeexCanceller()` raises EchoError and the caller goes on without cancellation
(the crosstalk filter on the transcripts still works).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools

import numpy as np

from intervoo.audio.capture import CaptureError
from intervoo.audio.frames import SAMPLE_RATE, Pcm16

FRAME = 256  # 16 ms
_SET_SAMPLING_RATE = 24  # speex_echo.h: SPEEX_ECHO_SET_SAMPLING_RATE
_LIBRARY_NAMES = ("speexdsp", "libspeexdsp.so.1", "libspeexdsp.dylib", "libspeexdsp-1")


class EchoError(CaptureError):
    """No echo canceller on this machine; the message says what to install."""


@functools.cache
def _library() -> ctypes.CDLL:
    for name in _LIBRARY_NAMES:
        path = ctypes.util.find_library(name) or name
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        if hasattr(lib, "speex_echo_state_init"):
            return _declare(lib)
    raise EchoError(
        "echo cancellation needs libspeexdsp (apt-get install libspeexdsp1, "
        "brew install speexdsp); going on without it"
    )


def _declare(lib: ctypes.CDLL) -> ctypes.CDLL:
    pointer = ctypes.c_void_p
    lib.speex_echo_state_init.restype = pointer
    lib.speex_echo_state_init.argtypes = [ctypes.c_int, ctypes.c_int]
    lib.speex_echo_ctl.argtypes = [pointer, ctypes.c_int, pointer]
    lib.speex_echo_cancellation.argtypes = [pointer, pointer, pointer, pointer]
    lib.speex_echo_state_destroy.argtypes = [pointer]
    return lib


class SpeexCanceller:
    """One channel pair's adaptive filter (`tail_ms` long); `process` takes whole FRAMEs."""

    def __init__(self, tail_ms: int) -> None:
        self._lib = _library()
        self._state = self._lib.speex_echo_state_init(FRAME, SAMPLE_RATE * tail_ms // 1000)
        if not self._state:
            raise EchoError("the echo canceller could not start (out of memory?)")
        rate = ctypes.c_int(SAMPLE_RATE)
        self._lib.speex_echo_ctl(self._state, _SET_SAMPLING_RATE, ctypes.byref(rate))

    def process(self, near: Pcm16, far: Pcm16) -> Pcm16:
        near = np.ascontiguousarray(near, dtype=np.int16)
        far = np.ascontiguousarray(far, dtype=np.int16)
        out = np.empty_like(near)
        for at in range(0, len(near) - len(near) % FRAME, FRAME):
            self._lib.speex_echo_cancellation(
                self._state,
                near[at:].ctypes.data,
                far[at:].ctypes.data,
                out[at:].ctypes.data,
            )
        return out

    def __del__(self) -> None:
        state, self._state = getattr(self, "_state", None), None
        if state:
            self._lib.speex_echo_state_destroy(state)
