"""Regenerate `data/interview.wav` from `sample.QUESTIONS` (needs espeak-ng and sox).

    python -m intervoo.demo.make_audio

Run once when the questions change, and commit the file: users never need the tools.
16 kHz mono 16-bit (what the pipeline takes), silences kept just long enough for the
endpointer, so the file stays small.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from intervoo.demo.sample import QUESTIONS, data_path

RATE = 16_000
LEAD_S = 0.4
# After each question: longer than the detector's two-part merge gap (4 s), so each
# question stands alone, as it would after the candidate's answer; the last needs only
# enough silence for the endpointer.
GAP_S = 4.4
TAIL_S = 1.8
VOICE = "en-us+m3"
WORDS_PER_MINUTE = 165


def _run(args: list[str]) -> None:
    subprocess.run(args, check=True, capture_output=True)


def make(out: Path) -> None:
    with tempfile.TemporaryDirectory() as work:
        parts: list[str] = []
        for index, question in enumerate(QUESTIONS):
            raw = Path(work) / f"q{index}.wav"
            _run(["espeak-ng", "-v", VOICE, "-s", str(WORDS_PER_MINUTE), "-w", str(raw), question])
            padded = Path(work) / f"p{index}.wav"
            lead = LEAD_S if index == 0 else 0
            tail = TAIL_S if index == len(QUESTIONS) - 1 else GAP_S
            _run(["sox", str(raw), "-r", str(RATE), "-c", "1", "-b", "16", str(padded),
                  "pad", str(lead), str(tail)])  # fmt: skip
            parts.append(str(padded))
        _run(["sox", *parts, str(out)])


if __name__ == "__main__":
    target = data_path("interview.wav")
    make(target)
    sys.stdout.write(f"wrote {target} ({target.stat().st_size} bytes)\n")
