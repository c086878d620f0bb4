using System.Diagnostics;
using System.Globalization;
using Engine.Diffusion;
using Engine.Distributed;
using Engine.NN;

namespace Engine.Bench.Peer;

/// <summary>
/// `dp-scaling [K] [steps]`, alone or under `mpirun -np N`: the maze default's diffusion training step (TemporalUnet dim 16,
/// mults 1-2-4, H 64, 6 channels, batch 32) with K micro-batches shared by the job's ranks, and the gradient exchange
/// alone (what <see cref="MicroBatchGradients.Combine"/> moves for that network). Rank 0 prints one JSON line: the
/// step's median and best wall time, the exchange's, and the bytes each rank sends per step — the inputs of the
/// speed-up model in docs/distributed.md.
/// </summary>
public static class DataParallelProbe
{
    public static int Run(string[] args)
    {
        int k = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2;
        int steps = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 30;
        using var world = Communicator.World();
        var exchange = new CommunicatorGradientExchange(world);
        const int horizon = 64, obs = 4, act = 2, batch = 32;
        TemporalUnet Net(ulong seed) => new(horizon, obs + act, new Generator(seed), dim: 16, dimMults: [1, 2, 4], attentionSlots: false);
        var model = Net(1);
        var diffusion = new GaussianDiffusion(model, horizon, obs, act, steps: 20, cosineSchedule: true, predictEpsilon: false, clipDenoised: true, actionWeight: 1);
        var trainer = new DiffusionTrainer(diffusion, Net(2), Data(horizon, obs, act), new Generator(4), batch)
        {
            Parallel = new DataParallel(k, exchange),
        };
        for (int i = 0; i < 3; i++) trainer.TrainStep(); // warm-up: JIT, storage pool
        var step = Times(world, steps, () => trainer.TrainStep());

        // The exchange alone: the same alltoall + allgather of one step, on slots of the network's size.
        long parameters = model.Parameters().Sum(p => p.Value.Numel);
        int slot = checked((int)parameters + model.Parameters().Count());
        int slice = (slot + world.Size - 1) / world.Size, own = (k + world.Size - 1) / world.Size;
        var send = new float[world.Size * own * slice];
        var received = new float[send.Length];
        var sums = new float[world.Size * slice];
        var exchangeTimes = Times(world, steps, () =>
        {
            exchange.Alltoall<float>(send, received);
            exchange.Allgather<float>(received.AsSpan(0, slice), sums);
        });
        if (world.Rank == 0)
        {
            long bytes = 4L * (send.Length - own * slice + sums.Length - slice); // what leaves this rank: other ranks' blocks and slices
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{{\"probe\":\"dp-scaling\",\"ranks\":{world.Size},\"mpi\":\"{world.Implementation}\",\"micro_batches\":{k},\"parameters\":{parameters},\"steps\":{steps},\"step_median_ms\":{step.Median:F2},\"step_best_ms\":{step.Best:F2},\"exchange_median_ms\":{exchangeTimes.Median:F3},\"exchange_best_ms\":{exchangeTimes.Best:F3},\"bytes_sent_per_rank\":{bytes},\"load_avg\":\"{LoadAverage()}\"}}"));
        }
        return 0;
    }

    /// <summary>Median and best wall time of <paramref name="n"/> calls, each started together on every rank.</summary>
    private static (double Median, double Best) Times(ICommunicator world, int n, Action action)
    {
        var ms = new double[n];
        for (int i = 0; i < n; i++)
        {
            world.Barrier();
            using var scope = Tensor.Scope();
            long t0 = Stopwatch.GetTimestamp();
            action();
            ms[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        }
        Array.Sort(ms);
        return (ms[n / 2], ms[0]);
    }

    private static SequenceDataset Data(int horizon, int obs, int act)
    {
        var g = new Generator(3);
        var episodes = Enumerable.Range(0, 8).Select(_ => new Episode(
            Enumerable.Range(0, 200 * obs).Select(_ => g.NextNormal()).ToArray(),
            Enumerable.Range(0, 200 * act).Select(_ => g.NextNormal()).ToArray(), 200, obs, act)).ToList();
        return new SequenceDataset(episodes, horizon, 200, rule: PaddingRule.Diffuser);
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "";
}
