#!/bin/bash
# Paper Table 2 at this machine's size: PPO on the true and on the extracted maze reward (window and shaping),
# goal 1 of each maze, PPO seeds 0-2, 300k steps, 50 evaluation episodes. Rewards: seed-0 runs of `engine maze2d`
# at the small default (umaze: the paper-goal run of the generalisation section). Pinned to core 1.
set -e
E="nice -n 5 taskset -c 1 dotnet /work/run-bin6/engine.dll"
cd /work/ppo-table
for maze in open medium large; do
  [ -f reward-$maze/report.md ] || $E maze2d --maze $maze --goals 1 --seeds 0 --out reward-$maze > reward-$maze.log 2>&1
done
for maze in umaze open medium large; do
  from=reward-$maze; [ $maze = umaze ] && from=/work/goals-runs/umaze-paper
  for reward in true shaping window; do
    args="--from $from"; [ $reward = true ] && args=""
    $E maze2d ppo --maze $maze --goal 1 --reward $reward $args --seeds 0,1,2 --steps 300000 --episodes 50 --workers 1 --out ppo-$maze > ppo-$maze-$reward.log 2>&1
    echo "$maze $reward done $(date)" >> progress.txt
  done
done
echo "all done $(date)" >> progress.txt
