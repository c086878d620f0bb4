namespace Engine.RL;

/// <summary>Generalised advantage estimation (Schulman et al., 2016) over a rollout of N environments × T steps.</summary>
public static class GeneralizedAdvantage
{
    /// <summary>
    /// δₜ = rₜ + γ·V(sₜ₊₁)·(1 − doneₜ) − V(sₜ); Aₜ = δₜ + γλ·(1 − doneₜ)·Aₜ₊₁; returns = A + V, where doneₜ says
    /// step t ended its episode and V(s_T) is <paramref name="nextValues"/>.
    /// Shapes: <c>values, rewards, dones: [T, N]</c> row-major; <c>nextValues: [N]</c>.
    /// </summary>
    public static (double[] Advantages, double[] Returns) Compute(double[] values, double[] rewards, bool[] dones, double[] nextValues,
        double gamma, double lambda)
    {
        int n = nextValues.Length;
        if (n == 0 || values.Length % n != 0 || rewards.Length != values.Length || dones.Length != values.Length)
            throw new ArgumentException($"GeneralizedAdvantage: values {values.Length}, rewards {rewards.Length}, dones {dones.Length} must all be [T, {n}]");
        int steps = values.Length / n;
        var adv = new double[values.Length];
        var ret = new double[values.Length];
        for (int i = 0; i < n; i++)
        {
            double last = 0;
            for (int t = steps - 1; t >= 0; t--)
            {
                int k = t * n + i;
                double next = t == steps - 1 ? nextValues[i] : values[k + n];
                double keep = dones[k] ? 0 : 1;
                double delta = rewards[k] + gamma * next * keep - values[k];
                last = delta + gamma * lambda * keep * last;
                adv[k] = last;
                ret[k] = last + values[k];
            }
        }
        return (adv, ret);
    }

    /// <summary>1 − Var(returns − values) / Var(returns); NaN when the returns do not vary.</summary>
    public static double ExplainedVariance(double[] values, double[] returns)
    {
        double meanR = returns.Average(), varR = returns.Sum(r => (r - meanR) * (r - meanR)) / returns.Length;
        var diff = returns.Select((r, k) => r - values[k]).ToArray();
        double meanD = diff.Average(), varD = diff.Sum(d => (d - meanD) * (d - meanD)) / diff.Length;
        return varR == 0 ? double.NaN : 1 - varD / varR;
    }
}
