"""Allow ``python -m sqs_analysis``."""

from sqs_analysis.cli import main

raise SystemExit(main())
