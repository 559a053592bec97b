"""Documents that describe the service, built from the type model: OpenAPI (``openapi``)."""
