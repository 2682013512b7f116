"""Practice mode: mock interviews for the active target, feedback without an LLM, and
story extraction that quietly grows the story library (the practice flywheel)."""
