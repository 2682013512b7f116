"""`python -m intervoo.cli …`: the same as `intervoo …`."""

from intervoo.cli.app import main

main()
