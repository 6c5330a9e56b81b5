"""docgen's local web page (``docgen serve``): the page in static/, the HTTP API in app.py, and
the one adapter to the rest of docgen in engine.py.  Needs the ``web`` extra (Flask, waitress)."""
