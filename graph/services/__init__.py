"""Graph services: plain functions over a `GraphStore` that answer people's questions.

Every score a service returns explains itself: its components, their weights, and the
evidence (interaction ids and snippets) behind it.
"""
