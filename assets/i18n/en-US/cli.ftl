# The command line's text output (never its JSON, codes or exit codes).
