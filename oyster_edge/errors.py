"""Errors a user can act on: the CLI prints their message on one line, never a traceback."""


class OysterError(Exception):
    """A problem with the user's input or machine, explained in the message."""

    exit_code = 1


class NotEnoughMemory(OysterError):
    exit_code = 2


class NotEnoughDisk(OysterError):
    exit_code = 1
