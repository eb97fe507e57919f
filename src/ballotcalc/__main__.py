"""`python -m ballotcalc`."""

from ballotcalc.cli import main

if __name__ == "__main__":
    main()
