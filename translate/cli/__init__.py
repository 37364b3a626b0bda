"""The command line: thin typer commands that parse options, call :mod:`glossmt.translate.session` and print."""
