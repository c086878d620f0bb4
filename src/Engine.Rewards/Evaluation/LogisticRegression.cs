namespace Engine.Rewards.Evaluation;

/// <summary>
/// One-feature logistic regression with balanced class weights and L2 penalty on the slope, as
/// scikit-learn's LogisticRegression(class_weight="balanced", C=1) that the authors use: it minimises
/// ½w² + C·Σᵢ sᵢ·log(1 + exp(−yᵢ(w·xᵢ + b))) with yᵢ ∈ {−1, +1} and sᵢ = n / (2·n_class(i)). Fitted by
/// Newton's method on (w, b), which converges in a few steps for this convex two-parameter problem.
/// </summary>
/// <param name="Weight">The slope w.</param>
/// <param name="Bias">The intercept b; the decision boundary is x = −b/w.</param>
public sealed record LogisticRegression(double Weight, double Bias)
{
    /// <summary>Fits (w, b) to one score per sample.</summary>
    /// <param name="x">The feature (e.g. a reward) of each sample.</param>
    /// <param name="label">The class of each sample (true = positive).</param>
    /// <param name="c">Inverse regularisation strength C (scikit-learn's default 1).</param>
    /// <exception cref="ArgumentException">The lists differ in length, or one class is missing.</exception>
    public static LogisticRegression Fit(IReadOnlyList<double> x, IReadOnlyList<bool> label, double c = 1.0)
    {
        int n = x.Count;
        if (n != label.Count) throw new ArgumentException($"logistic regression: {n} scores but {label.Count} labels");
        int positives = label.Count(l => l);
        if (positives == 0 || positives == n) throw new ArgumentException("logistic regression: both classes must be present");
        double sPos = n / (2.0 * positives), sNeg = n / (2.0 * (n - positives));
        double w = 0, b = 0;
        for (int iter = 0; iter < 100; iter++)
        {
            double gw = w, gb = 0, hww = 1, hwb = 0, hbb = 1e-12;
            for (int i = 0; i < n; i++)
            {
                double y = label[i] ? 1 : -1, s = label[i] ? sPos : sNeg;
                double z = y * (w * x[i] + b);
                double p = 1 / (1 + Math.Exp(z));          // σ(−z)
                double q = p * (1 - p);
                gw -= c * s * y * x[i] * p;
                gb -= c * s * y * p;
                hww += c * s * q * x[i] * x[i];
                hwb += c * s * q * x[i];
                hbb += c * s * q;
            }
            double det = hww * hbb - hwb * hwb;
            double dw = (hbb * gw - hwb * gb) / det, db = (hww * gb - hwb * gw) / det;
            w -= dw;
            b -= db;
            if (Math.Abs(dw) + Math.Abs(db) < 1e-12 * (1 + Math.Abs(w) + Math.Abs(b))) break;
        }
        return new LogisticRegression(w, b);
    }

    /// <summary>The predicted class of feature value <paramref name="x"/>: w·x + b &gt; 0.</summary>
    public bool Predict(double x) => Weight * x + Bias > 0;

    /// <summary>The mean of the per-class accuracies (what weighting samples by n/n_class gives).</summary>
    public double BalancedAccuracy(IReadOnlyList<double> x, IReadOnlyList<bool> label)
    {
        int tp = 0, pos = 0, tn = 0, neg = 0;
        for (int i = 0; i < x.Count; i++)
        {
            if (label[i]) { pos++; if (Predict(x[i])) tp++; }
            else { neg++; if (!Predict(x[i])) tn++; }
        }
        if (pos == 0 || neg == 0) throw new ArgumentException("balanced accuracy: both classes must be present");
        return 0.5 * ((double)tp / pos + (double)tn / neg);
    }
}
