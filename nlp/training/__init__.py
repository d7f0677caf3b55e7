"""Training the relation model from annotated worlds (`make model`)."""
