from tests.support.speech import whisper_engine  # noqa: F401  (session-scoped fixture)
