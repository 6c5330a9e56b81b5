"""The recogniser: classify a draft's units (title, salutation, headings and their levels, run-in
headings, leads, closing…) and build the document model from them (structure.py).  It works on
units and text alone; the readers make the units and docgen.api.read_input runs the pipeline."""
