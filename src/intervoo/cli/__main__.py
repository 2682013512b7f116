"""`python -m intervoo.cli …`: the same as `intervoo …`."""

from intervoo.cli import main

main()
