"""Graph analytics as plain functions over networkx graphs and pandas tables.

One module per question: `relationship_risk` (accounts resting on one employee),
`communities` (Louvain communities of the KNOWS graph and the people bridging them),
`centrality` (PageRank weighted by relationship strength), `similar_accounts`
(prospects from purchase history). Each docstring's examples run as doctests.
"""
