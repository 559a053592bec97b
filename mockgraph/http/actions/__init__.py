"""The service's actions, each answered as Graph answers it (``core/model/actions.py`` declares
them; ``service.py`` routes them ahead of the item routes): ``classify.py`` (classifyFile,
classifyExactMatches), ``data_stores.py`` (lookup, a session's commit, cancel and renew),
``labels.py`` (evaluate, computeRightsAndInheritance, computeInheritance); ``jobs.py`` makes
the job or the value each answers."""

from __future__ import annotations

from collections.abc import Callable

from mockgraph.core.answers import Answer
from mockgraph.core.model import actions as a
from mockgraph.http.actions import classify, data_stores, labels

# The view of each action, by name.
VIEWS: dict[str, Callable[..., Answer]] = {
    a.CLASSIFY_FILE: classify.classify_file,
    a.CLASSIFY_EXACT_MATCHES: classify.classify_exact_matches,
    a.LOOKUP: data_stores.lookup,
    a.COMMIT: data_stores.commit,
    a.CANCEL: data_stores.cancel,
    a.RENEW: data_stores.renew,
    a.EVALUATE: labels.evaluate,
    a.COMPUTE_RIGHTS_AND_INHERITANCE: labels.compute_rights_and_inheritance,
    a.COMPUTE_INHERITANCE: labels.compute_inheritance,
}
