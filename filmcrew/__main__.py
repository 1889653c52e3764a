"""`python3 -m filmcrew ...`: the same command line as `filmcrew ...` (filmcrew/launch.py), for a checkout that was
not installed with pip."""

import sys

from filmcrew.launch import main

sys.exit(main())
