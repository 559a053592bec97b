# conftest.py: any other create_app setting, for every test of the session
import pytest


@pytest.fixture(scope="session")
def mockgraph_config(mockgraph_config):
    return {**mockgraph_config, "MOCKGRAPH_MAX_TOP": 50}
