"""The live session: transcripts (or audio) in, questions and streamed suggestions out."""
