"""The test hooks on the core: the journal, faults and Retry-After, job lifecycles, the clock,
seeding and the documented jobs. No Flask: the HTTP layer serves them (``mockgraph.http``)."""
