"""A rule that always fails, for the engine's isolation test."""
RULE_ID = "test.broken"


def check(site):
    raise RuntimeError("boom")


def prepare(config):
    raise RuntimeError("bad data")
