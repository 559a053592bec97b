"""The official msgraph-beta-sdk client against a live ``mockgraph serve`` (``tox -e sdk``)."""
