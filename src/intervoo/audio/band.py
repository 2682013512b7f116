"""Is this channel narrow-band? A phone call (8 kHz, resampled up) carries nothing above 4 kHz.

The VAD is told so that it can hear such a channel with the model it was trained for at 8 kHz
(`intervoo.audio.vad`): Silero's 16 kHz branch hears telephone speech late and weakly ("eight
of spades, four of clubs" at -11 dBFS scored 0.3).

Measured on bench/real_speech.py's clips (power at 4.2-7.6 kHz over power at 0.1-3.8 kHz,
weighted by loudness, each clip whole): wideband speech -11 to -35 dB (FLEURS, LibriVox,
Harvard sentences, also after Opus at 12 kbit/s or 10 dB of pink noise); the same clips through
an 8 kHz line -48 to -118 dB, a real 8 kHz recording -74 dB. Between them, a 1961 broadcast
(JFK, -44 dB) is narrow in fact and heard well either way. The decision has hysteresis so such
a channel does not flap: narrow below -50 dB, wide again above -40 dB.
"""

from __future__ import annotations

import numpy as np

from intervoo.audio.frames import SAMPLE_RATE, Samples

NARROW_BELOW_DB = -50.0
WIDE_ABOVE_DB = -40.0
HEARD_ABOVE_DBFS = -70.0  # quieter windows (digital silence, dither) say nothing of the band
HALF_LIFE_S = 4.0  # older windows count less, so a channel that changes is followed
_LOW_BAND_HZ = (100.0, 3800.0)
_HIGH_BAND_HZ = (4200.0, 7600.0)


class BandWatch:
    """Follows one channel's bandwidth, one window at a time (all windows the same length)."""

    def __init__(self) -> None:
        self.narrow = False
        self._low = 0.0
        self._high = 0.0
        self._masks: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        self._keep = 1.0

    def update(self, window: Samples) -> bool:
        """Add `window`; True while the channel is narrow-band."""
        if float(np.sqrt(np.mean(window * window))) < 10 ** (HEARD_ABOVE_DBFS / 20):
            return self.narrow
        taper, low, high = self._masks_for(len(window))
        power = np.abs(np.fft.rfft(window * taper)) ** 2
        self._low = self._low * self._keep + float(power[low].sum())
        self._high = self._high * self._keep + float(power[high].sum())
        ratio_db = 10 * np.log10(max(self._high, 1e-30) / max(self._low, 1e-30))
        if self.narrow and ratio_db > WIDE_ABOVE_DB:
            self.narrow = False
        elif not self.narrow and ratio_db < NARROW_BELOW_DB:
            self.narrow = True
        return self.narrow

    def _masks_for(self, length: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if self._masks is None or len(self._masks[0]) != length:
            frequencies = np.fft.rfftfreq(length, 1 / SAMPLE_RATE)
            self._masks = (
                np.hanning(length).astype(np.float32),
                (frequencies >= _LOW_BAND_HZ[0]) & (frequencies < _LOW_BAND_HZ[1]),
                (frequencies >= _HIGH_BAND_HZ[0]) & (frequencies < _HIGH_BAND_HZ[1]),
            )
            self._keep = 0.5 ** (length / SAMPLE_RATE / HALF_LIFE_S)
        return self._masks
