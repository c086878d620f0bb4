using Engine.Autodiff;
using Engine.Diffusion;
using Engine.NN;
using Engine.Rewards.Evaluation;

namespace Engine.Experiments.Maze2D;

/// <summary>
/// The maze metrics on held-out data: the reward heatmap and goal accuracy (paper §5.1, appendix E.1.9) and
/// the logistic-regression discriminability (docs/reference-facts.md §5a), with the split the authors lacked:
/// fitted on training windows, scored on held-out ones.
/// </summary>
public static class Maze2DEvaluation
{
    private const int Chunk = 4096;

    /// <summary>
    /// Strided windows of held-out base sequences, noised at t = 0 as the authors' heatmap does, each scored
    /// by the window network; scores winsorised at 0.5 % per tail and scaled to [0, 1]; every state of a window
    /// gets its window's score; binned by <see cref="RewardHeatmap"/>.
    /// </summary>
    /// <param name="window">ρ over one window: x: [n, h, C], t: [n] → [n, 1].</param>
    /// <param name="schedule">The diffusion's noise schedule (the windows are noised at t = 0).</param>
    public static RewardHeatmap Heatmap(ITrajectoryModel window, int windowHorizon, SequenceDataset sequences, DiffusionSchedule schedule,
        Engine.Envs.Maze2D.MazeLayout layout, int count, Generator g)
    {
        int horizon = sequences.Horizon, transitionDim = sequences.TransitionDim, actionDim = sequences.ActionDim, h = windowHorizon, n = horizon / h;
        var idx = Enumerable.Range(0, count).Select(_ => (int)g.NextInt(sequences.Count)).ToArray();
        var scores = new List<double>();
        var positions = new List<(double, double)[]>();
        using (Autograd.NoGrad())
            for (int start = 0; start < count; start += Chunk / n)
            {
                var part = idx.Skip(start).Take(Chunk / n).ToArray();
                var (x0, _) = sequences.Batch(part);
                int b = part.Length;
                var xt = schedule.QSample(x0, new int[b], Tensor.RandN(g, x0.Shape));
                var windows = xt.Reshape(b, h, n, transitionDim).Permute(0, 2, 1, 3).Reshape(b * n, h, transitionDim).Contiguous();
                var r = window.Forward(windows, Tensor.FromArray(new int[b * n], b * n)).Reshape(b * n).ToArrayDouble();
                scores.AddRange(r);
                // One window at a time: the limits normaliser clips a whole array when any of it leaves [−1, 1].
                var w = windows.ToArrayDouble();
                for (int k = 0; k < b * n; k++)
                {
                    var obs = new double[h * (transitionDim - actionDim)];
                    for (int j = 0; j < h; j++)
                        Array.Copy(w, (k * h + j) * transitionDim + actionDim, obs, j * (transitionDim - actionDim), transitionDim - actionDim);
                    var world = sequences.ObservationNormalizer.Unnormalize(obs);
                    positions.Add(Enumerable.Range(0, h).Select(j => (world[j * (transitionDim - actionDim)], world[j * (transitionDim - actionDim) + 1])).ToArray());
                }
            }
        var unit = Winsorize.ToUnitRange(scores, 0.005);
        var statePositions = new List<(double X, double Y)>();
        var stateScores = new List<double>();
        for (int k = 0; k < unit.Length; k++)
            foreach (var p in positions[k]) { statePositions.Add(p); stateScores.Add(unit[k]); }
        return RewardHeatmap.Build(statePositions, stateScores, layout.Rows, layout.Cols);
    }

    /// <summary>
    /// Scores of <paramref name="count"/> random windows of a dataset at small noise, t ~ U{0 … tMax−1}, and the
    /// dataset episode each window was cut from.
    /// </summary>
    public static Scored Scores(Func<Tensor, Tensor, Tensor> score, SequenceDataset data, GaussianDiffusion diffusion, int count, int tMax, Generator g)
    {
        var result = new List<double>();
        var episodes = new List<int>();
        using var _ = Autograd.NoGrad();
        int chunk = Math.Max(1, Chunk / data.Horizon);
        for (int start = 0; start < count; start += chunk)
        {
            int b = Math.Min(chunk, count - start);
            var idx = Enumerable.Range(0, b).Select(_ => (int)g.NextInt(data.Count)).ToArray();
            episodes.AddRange(idx.Select(i => data.Index(i).Episode));
            var (x0, _) = data.Batch(idx);
            var t = Enumerable.Range(0, b).Select(_ => (int)g.NextInt(tMax)).ToArray();
            var xt = diffusion.QSample(x0, t, Tensor.RandN(g, x0.Shape));
            result.AddRange(score(xt, GaussianDiffusion.StepTensor(t, xt)).Reshape(b).ToArrayDouble());
        }
        return new Scored(result.ToArray(), episodes.ToArray());
    }

    /// <summary>Window scores and, per window, the index of its episode in the dataset it came from.</summary>
    public sealed record Scored(double[] Values, int[] Episodes);

    /// <summary>
    /// <see cref="Discriminate(double[], double[], Scored, Scored)"/> on <paramref name="count"/> scored windows of each
    /// dataset (training sets to fit, held-out sets to test), drawn in that order from <paramref name="g"/>.
    /// </summary>
    public static Discriminability Discriminate(Func<Tensor, Tensor, Tensor> score, SequenceDataset baseTrain, SequenceDataset expertTrain,
        SequenceDataset baseTest, SequenceDataset expertTest, GaussianDiffusion diffusion, int count, int tMax, Generator g) =>
        Discriminate(Scores(score, baseTrain, diffusion, count, tMax, g).Values, Scores(score, expertTrain, diffusion, count, tMax, g).Values,
            Scores(score, baseTest, diffusion, count, tMax, g), Scores(score, expertTest, diffusion, count, tMax, g));

    /// <summary>
    /// Balanced accuracy of a one-feature logistic regression and the share of held-out scores it puts on the right
    /// side; <see cref="HeldOut"/> holds the held-out windows' outcomes per episode, for the bootstrap interval.
    /// </summary>
    public sealed record Discriminability(double TrainBalancedAccuracy, double TestBalancedAccuracy, double Boundary, int TrainSamples, int TestSamples, HeldOutTallies HeldOut);

    /// <summary>
    /// Logistic regression (balanced classes) on winsorised (1 %) scores of training windows, expert = 1, base = 0;
    /// held-out scores are clipped to the fitted range, then classified.
    /// </summary>
    public static Discriminability Discriminate(double[] baseTrain, double[] expertTrain, Scored baseTest, Scored expertTest)
    {
        var fitX = baseTrain.Concat(expertTrain).ToArray();
        var fitY = baseTrain.Select(_ => false).Concat(expertTrain.Select(_ => true)).ToArray();
        var w = Winsorize.Apply(fitX, 0.01, 0.01);
        double lo = w.Min(), hi = w.Max();
        var model = LogisticRegression.Fit(w, fitY);
        var testX = baseTest.Values.Concat(expertTest.Values).Select(v => Math.Clamp(v, lo, hi)).ToArray();
        var testY = baseTest.Values.Select(_ => false).Concat(expertTest.Values.Select(_ => true)).ToArray();
        var heldOut = new HeldOutTallies(Tallies(baseTest, expert: false), Tallies(expertTest, expert: true));
        return new Discriminability(model.BalancedAccuracy(w, fitY), model.BalancedAccuracy(testX, testY),
            model.Weight == 0 ? double.NaN : -model.Bias / model.Weight, fitX.Length, testX.Length, heldOut);

        // One tally per episode that gave at least one window, in episode order.
        EpisodeTally[] Tallies(Scored s, bool expert) =>
            s.Values.Zip(s.Episodes)
                .GroupBy(v => v.Second)
                .OrderBy(e => e.Key)
                .Select(e => new EpisodeTally(e.Count(v => model.Predict(Math.Clamp(v.First, lo, hi)) == expert), e.Count()))
                .ToArray();
    }
}
