"""The Excel front end: the xlwings add-in's "Run main" button, working through the ranges of the open master.

A front end like `cli/`: it calls `jobs/`, and only this package talks to xlwings.
"""
