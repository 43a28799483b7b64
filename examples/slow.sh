#!/bin/sh
# Counts to the first argument (default 30), one step a second: something to watch and to cancel.
steps=${1:-30}
i=1
while [ "$i" -le "$steps" ]; do
  echo "step $i of $steps"
  sleep 1
  i=$((i + 1))
done
