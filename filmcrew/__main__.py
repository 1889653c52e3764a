"""`python3 -m filmcrew ...`: the same command line as `filmcrew ...` (filmcrew/cli.py), for a checkout that was
not installed with pip."""

import sys

from filmcrew.cli import main

sys.exit(main())
