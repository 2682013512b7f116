"""The demo: a sample candidate (resume, stories, target) and a short spoken interview.

`intervoo demo` and the web UI's "Try the demo" load the sample candidate and play
`data/interview.wav` (espeak-ng speech, 16 kHz mono, made by `make_audio.py`) through the
real pipeline, so a new user sees Intervoo work without a real interview or any setup.
"""
