"""``python -m wsis_data``: the command line (see `wsis_data.cli`)."""

import sys

from wsis_data.cli import main

if __name__ == "__main__":
    sys.exit(main())
