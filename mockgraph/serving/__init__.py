"""The mock on a socket: granian in this process (``server``), the app on granian's thread
(``bridge``). It reaches the app only through WSGI and the app's ``Hosting`` hook."""
