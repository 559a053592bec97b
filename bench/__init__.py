"""The benchmark harness: ``python bench/run.py`` (or ``tox -e bench``). Not part of the tests."""
