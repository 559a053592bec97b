"""The mock on a socket: granian in this process (``server``), the app on granian's thread
(``bridge``); it reaches the app only through WSGI and the app's ``Hosting`` hook. Beside them,
``mockgraph serve``'s options (``options``) and its request log (``request_log``, which reads
the app's journal)."""
