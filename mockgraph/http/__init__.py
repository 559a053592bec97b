"""What sees a WSGI environ: the app factory, Graph's routes served ahead of Flask, the admin
API, the inspector, and the one way an environ is built and an app called."""
