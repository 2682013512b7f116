"""The copilot: context, prompts per question kind, and the offline composer."""
