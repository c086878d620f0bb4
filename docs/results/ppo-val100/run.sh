#!/bin/bash
# Exploratory (validation seeds, not a headline): PPO on the window reward of the validation sweep's goal-1 rewards,
# seed 100, the same PPO seeds/budget/episodes as docs/results/ppo-table/run.sh. Build /work/run-bin8.
cd /work/ppo-val
for maze in open medium large umaze; do
  nice -n 5 dotnet /work/run-bin8/engine.dll maze2d ppo --maze $maze --goal 1 --reward window --from /work/maze-val/sweep/$maze --reward-seed 100 --seeds 0,1,2 --steps 300000 --episodes 50 --workers 1 --out ppo-$maze > ppo-$maze.log 2>&1
  echo "$maze done $(date)" >> progress.txt
done
