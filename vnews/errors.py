"""Failures a user can act on: the command reports them in one line, without a traceback."""


class ActionableError(RuntimeError):
    """A failure whose message says what happened and what to do."""
