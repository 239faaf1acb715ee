import pytest


@pytest.fixture(scope="session")
def nlp():
    import renovex

    return renovex.load()
