#!/bin/bash
# The window reward with inputs clipped to the data's range, same rewards/seeds/budget as run.sh. Build /work/run-bin9.
cd /work/ppo-table
for maze in umaze open medium large; do
  from=reward-$maze; [ $maze = umaze ] && from=/work/goals-runs/umaze-paper
  nice -n 5 dotnet /work/run-bin9/engine.dll maze2d ppo --maze $maze --goal 1 --reward window-clipped --from $from --seeds 0,1,2 --steps 300000 --episodes 50 --workers 1 --out ppo-$maze > ppo-$maze-window-clipped.log 2>&1
  echo "$maze window-clipped done $(date)" >> progress.txt
done
