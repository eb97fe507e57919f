"""One module per command; `ballotcalc.cli` only registers them and turns errors into messages."""
