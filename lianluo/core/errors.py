"""Domain errors raised by services and turned into Chinese messages by views and the API."""


class ServiceError(Exception):
    """A request that cannot be carried out as asked; the message is shown to the user."""


class PermissionDeniedError(ServiceError):
    """The actor may not do this."""
