"""After the interview: a debrief built from the session's record (`intervoo.live.record`)."""
