"""Voice in: protocol frames, resampling, VAD, endpointing, file playback and mic capture.

Audio lives only in bounded in-memory buffers and is discarded once transcribed.
"""
