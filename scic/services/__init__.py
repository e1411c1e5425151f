"""Domain services: verb_noun functions that take the session, check the rule, record
who acted, flush, and return the object. The request commits."""


class ServiceError(ValueError):
    """A rule refused the action; the message is shown to the user as is (French)."""
