namespace Engine.Experiments.Images;

/// <summary>An estimate with a 95 % interval.</summary>
public sealed record Estimate(double Value, double Low, double High);

/// <summary>
/// How well a score separates images without the attribute (expected high reward) from images with it (expected
/// low): the ROC AUC, and the balanced accuracy of the rule "has the attribute ⇔ score &lt; θ" with θ chosen on a
/// validation split and measured on a test split. Chance is 0.5 for both.
/// </summary>
public static class AttributeScores
{
    /// <summary>
    /// P(score of an image without the attribute &gt; score of one with it), ties counted ½ (the Mann–Whitney
    /// statistic), with the Hanley–McNeil (1982) normal interval. NaN when a class is empty.
    /// </summary>
    public static Estimate Auc(IReadOnlyList<double> scores, IReadOnlyList<bool> hasAttribute)
    {
        var pos = Enumerable.Range(0, scores.Count).Where(i => !hasAttribute[i]).Select(i => scores[i]).ToArray();
        var neg = Enumerable.Range(0, scores.Count).Where(i => hasAttribute[i]).Select(i => scores[i]).ToArray();
        if (pos.Length == 0 || neg.Length == 0) return new(double.NaN, double.NaN, double.NaN);
        double wins = 0;
        foreach (var p in pos)
            foreach (var n in neg)
                wins += p > n ? 1 : p == n ? 0.5 : 0;
        double a = wins / ((double)pos.Length * neg.Length);
        double q1 = a / (2 - a), q2 = 2 * a * a / (1 + a);
        double se = Math.Sqrt((a * (1 - a) + (pos.Length - 1) * (q1 - a * a) + (neg.Length - 1) * (q2 - a * a)) / ((double)pos.Length * neg.Length));
        return new(a, Math.Max(0, a - 1.96 * se), Math.Min(1, a + 1.96 * se));
    }

    /// <summary>Mean of the true-positive rate (attribute found) and true-negative rate (attribute-free kept) of "score &lt; θ".</summary>
    public static double BalancedAccuracy(IReadOnlyList<double> scores, IReadOnlyList<bool> hasAttribute, double threshold)
    {
        var (tpr, tnr, _, _) = Rates(scores, hasAttribute, threshold);
        return (tpr + tnr) / 2;
    }

    private static (double Tpr, double Tnr, int Positives, int Negatives) Rates(IReadOnlyList<double> scores, IReadOnlyList<bool> hasAttribute, double threshold)
    {
        int p = 0, n = 0, tp = 0, tn = 0;
        for (int i = 0; i < scores.Count; i++)
            if (hasAttribute[i]) { p++; if (scores[i] < threshold) tp++; }
            else { n++; if (scores[i] >= threshold) tn++; }
        return (p == 0 ? double.NaN : (double)tp / p, n == 0 ? double.NaN : (double)tn / n, p, n);
    }

    /// <summary>
    /// The θ that maximises the balanced accuracy on the given (validation) scores: the midpoint between two
    /// neighbouring sorted scores, or just past either end; the first best one in ascending order.
    /// </summary>
    public static double ChooseThreshold(IReadOnlyList<double> scores, IReadOnlyList<bool> hasAttribute)
    {
        var sorted = scores.Distinct().Order().ToArray();
        if (sorted.Length == 0) throw new ArgumentException("AttributeScores: no scores to choose a threshold from");
        var candidates = new List<double> { sorted[0] - 1 };
        for (int i = 0; i + 1 < sorted.Length; i++) candidates.Add((sorted[i] + sorted[i + 1]) / 2);
        candidates.Add(sorted[^1] + 1);
        double best = double.NegativeInfinity, theta = candidates[0];
        foreach (var c in candidates)
        {
            double b = BalancedAccuracy(scores, hasAttribute, c);
            if (b > best) { best = b; theta = c; }
        }
        return theta;
    }

    /// <summary>
    /// The balanced accuracy of "score &lt; θ" on the test split with a normal 95 % interval: the two rates are
    /// independent binomial proportions, so Var = ¼(p₁(1−p₁)/n₁ + p₀(1−p₀)/n₀).
    /// </summary>
    public static Estimate BalancedAccuracyInterval(IReadOnlyList<double> scores, IReadOnlyList<bool> hasAttribute, double threshold)
    {
        var (tpr, tnr, p, n) = Rates(scores, hasAttribute, threshold);
        if (p == 0 || n == 0) return new(double.NaN, double.NaN, double.NaN);
        double b = (tpr + tnr) / 2;
        double se = 0.5 * Math.Sqrt(tpr * (1 - tpr) / p + tnr * (1 - tnr) / n);
        return new(b, Math.Max(0, b - 1.96 * se), Math.Min(1, b + 1.96 * se));
    }
}
