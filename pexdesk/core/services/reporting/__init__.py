"""PDF bilans (reportlab platypus), Qt-free.

``catalog`` and ``periods`` say what can be asked for and check a request without
importing reportlab (the application's « Bilans » screen is built from them);
``build`` lays a bilan out: ``build_report`` for the command line, ``gather_report`` +
``render_report`` for a worker thread. This package imports nothing itself, so that
importing one of its light modules does not load the PDF machinery.
"""
