"""``mockgraph record``: a reverse proxy that writes a client's exchanges with a real Graph
as fixtures ``mockgraph check`` replays, with nothing secret on disk."""
