# custom_config/ overrides a session fixture in its own conftest.py: it runs as a pytest project
# of its own (tests/test_docs.py), not inside this session, whose server is already built.
collect_ignore = ["custom_config"]
