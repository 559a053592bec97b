"""``GET /beta/$metadata``: Graph's CSDL of the service (``specs/metadata.py`` builds it).

Graph serves it without a token, as every OData service serves its metadata: the route is
anonymous, so a client can read it before it signs in.
"""

from __future__ import annotations

from mockgraph.core.answers import Answer, xml_answer
from mockgraph.http.call import GraphCall
from mockgraph.specs.metadata import metadata_xml


def get_metadata(call: GraphCall) -> Answer:
    """The CSDL document."""
    return xml_answer(metadata_xml())
