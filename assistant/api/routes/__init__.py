"""One router per resource, each a thin wrapper over the use cases in ``tools``."""
