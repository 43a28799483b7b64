#!/bin/sh
# Adds up the numbers of the data file (--data), one or more per line, separated by commas.
if [ -z "$TASKGRID_DATA" ]; then
  echo "sum.sh needs a data file: taskgrid submit examples/sum.sh --data numbers.csv" >&2
  exit 2
fi
tr ',' '\n' < "$TASKGRID_DATA" | awk 'NF { total += $1; n++ } END { printf "%d numbers, total %d\n", n, total }'
