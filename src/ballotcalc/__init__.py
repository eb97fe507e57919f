"""ballotcalc: judge UK trade union ballot results against the law that applied, exactly.

The library API lives in `ballotcalc.api`; importing this package costs nothing beyond the version.
"""

from ballotcalc._version import __version__

__all__ = ["__version__"]
