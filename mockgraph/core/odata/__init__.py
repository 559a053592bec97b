"""OData query options: parsing and checking them (``query``), evaluating ``$filter``
(``filtering``)."""
