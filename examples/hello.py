#!/usr/bin/env python3
"""Says hello from whichever agent runs it."""
import os
import platform
import sys

print(f"Hello from TaskGrid! Task {os.environ.get('TASKGRID_TASK_ID', '?')} ran on {platform.node()} "
      f"with Python {sys.version.split()[0]}.")
if len(sys.argv) > 1:
    print("Arguments:", " ".join(sys.argv[1:]))
