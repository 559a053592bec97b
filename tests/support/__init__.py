"""What the tests share: requests and payloads, tokens, servers in threads, fuzzing checks,
the docs' blocks and pages, raw-socket readers."""
