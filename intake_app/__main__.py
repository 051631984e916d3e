"""`python -m intake_app`: hands over to the command line (absolute import for PyInstaller)."""

import sys

from intake_app.cli import main

if __name__ == "__main__":
    sys.exit(main())
