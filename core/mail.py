"""What a mail gateway raises when one message is refused but the next, to someone else, may
go: a run that sends to many (the reminder digests) records the failure and carries on, as it
does for a mail server that refuses a recipient. Gateways above core (letters.notify) raise a
subclass; the apps below them catch this without importing them."""


class MessageRefused(Exception):
    """This message was refused for something in it (its address, its content); the gateway
    itself is working."""
