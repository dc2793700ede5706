import sys

from diplomacy.cli import main

sys.exit(main())
