"""`inspector serve`: the office's web app over the scan history (triage, 整改 tracking, trends)."""
