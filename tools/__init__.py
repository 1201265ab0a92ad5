"""Use cases shared by every channel: scenarios, solves, evaluation, analytics, import/export."""
