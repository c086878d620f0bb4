#!/bin/bash
# The position reward (the run's smoothed reward heatmap at the agent's position) on the same four rewards as run.sh,
# same PPO seeds, budget and evaluation episodes. Build /work/run-bin7.
set -e
E="nice -n 5 dotnet /work/run-bin7/engine.dll"
cd /work/ppo-table
for maze in umaze open medium large; do
  from=reward-$maze; [ $maze = umaze ] && from=/work/goals-runs/umaze-paper
  $E maze2d ppo --maze $maze --goal 1 --reward position --from $from --seeds 0,1,2 --steps 300000 --episodes 50 --workers 1 --out ppo-$maze > ppo-$maze-position.log 2>&1
  echo "$maze position done $(date)" >> progress.txt
done
echo "position all done $(date)" >> progress.txt
