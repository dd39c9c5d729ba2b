"""互动回应差: interaction channels and the answers to their messages (contract v1.1)."""
