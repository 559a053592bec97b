"""The service itself, without HTTP: errors, tokens, the type model, schemas, OData, the store.

Nothing here imports Flask or werkzeug (``tests/test_layers.py``)."""
