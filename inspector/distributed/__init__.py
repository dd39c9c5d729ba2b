"""Distributed fleet scans over one Redis server (`inspector fleet --redis`, `inspector worker`).

- The coordinator (`fleet.py --redis` → coordinator.py) clears the run's keys, publishes each
  site's crawl settings, seeds the start pages, stores every page the workers send back into
  the site's history, and finalizes a site (rules, findings.json, report) once its crawl has
  drained; then it writes the fleet summary. Results land on the coordinator's machine only.
- Workers (worker.py) run Scrapy with scrapy-redis's scheduler and priority queue: any number
  of them, on any machines, take requests from the one shared queue.
- shared.py holds the Redis layout and the Lua scripts that keep it exact: a pop leases the
  request to the worker; finishing a request (its new links, its page record and the release
  of its lease) is one atomic step; a dead worker's leases go back to the queue.
"""
