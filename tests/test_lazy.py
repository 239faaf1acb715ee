"""core.lazy.cached: computed once per instance, then read from the instance."""
from renovex.core.lazy import cached


class Thing:
    calls = 0

    @cached
    def value(self) -> int:
        """The answer."""
        Thing.calls += 1
        return 42


def test_computed_once_then_stored_on_the_instance():
    thing = Thing()
    assert thing.value == 42 and thing.value == 42 and Thing.calls == 1
    assert thing.__dict__["value"] == 42 and Thing.value.__doc__ == "The answer."
    assert Thing().value == 42 and Thing.calls == 2
