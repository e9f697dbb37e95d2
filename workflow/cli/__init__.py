"""The ``plan`` command: the click group, Norwegian click texts, one module per command.
The only place errors become messages and exit codes."""
