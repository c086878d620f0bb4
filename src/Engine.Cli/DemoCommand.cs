using System.CommandLine;
using System.Diagnostics;
using Engine.Autodiff;

namespace Engine.Cli;

/// <summary>
/// `engine demo`: fits a small Mish network to sin(x) with Adam, then checks a Hessian-vector product
/// of the fitted loss, in both forms, against finite differences of gradients. Exits non-zero if the
/// fit or the check fails, so it doubles as a smoke test of the engine.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var steps = new Option<int>("--steps") { Description = "Adam steps for the fit", DefaultValueFactory = _ => 600 };
        var seed = new Option<int>("--seed") { Description = "random seed", DefaultValueFactory = _ => 0 };
        var command = new Command("demo", "Fit a small network and check a Hessian-vector product against finite differences.") { steps, seed };
        command.SetAction(parse => Run(parse.GetValue(steps), parse.GetValue(seed)));
        return command;
    }

    private static int Run(int steps, int seed)
    {
        if (steps < 1) throw InputException.InvalidValue("--steps", steps, "must be 1 or more");
        if (seed < 0) throw InputException.InvalidValue("--seed", seed, "must be 0 or more");
        var g = new Generator((ulong)seed);
        // Data: 256 points of sin on [−π, π]; network 1 → 32 → 32 → 1 with Mish.
        var x = Tensor.Uniform(g, [256, 1], -Math.PI, Math.PI, DType.Float64);
        var y = x.Sin();
        int[] widths = [1, 32, 32, 1];
        var parameters = new List<Tensor>();
        for (int i = 0; i + 1 < widths.Length; i++)
        {
            double bound = 1 / Math.Sqrt(widths[i]);
            parameters.Add(Tensor.Uniform(g, [widths[i], widths[i + 1]], -bound, bound, DType.Float64).RequiresGrad());
            parameters.Add(Tensor.Uniform(g, [widths[i + 1]], -bound, bound, DType.Float64).RequiresGrad());
        }
        Tensor Predict(IReadOnlyList<Tensor> p, Tensor input)
        {
            var h = input;
            for (int i = 0; i < p.Count; i += 2)
            {
                h = h.MatMul(p[i]) + p[i + 1];
                if (i + 2 < p.Count) h = h.Mish();
            }
            return h;
        }
        Tensor Loss(IReadOnlyList<Tensor> p) => (Predict(p, x) - y).Square().Mean();

        Console.WriteLine($"Fitting sin(x) with a 1-32-32-1 Mish network ({parameters.Sum(p => p.Numel)} parameters), Adam, {steps} steps");
        var watch = Stopwatch.StartNew();
        var m = parameters.Select(p => p.ZerosLike()).ToArray();
        var v = parameters.Select(p => p.ZerosLike()).ToArray();
        double first = 0, last = 0;
        for (int step = 1; step <= steps; step++)
        {
            var loss = Loss(parameters);
            var grads = Autograd.Grad(loss, parameters.ToArray());
            last = loss.Item();
            if (step == 1) first = last;
            if (step == 1 || step % (steps / 5 == 0 ? 1 : steps / 5) == 0) Console.WriteLine($"  step {step,5}  loss {last:E3}");
            using var _ = Autograd.NoGrad();
            double c1 = 1 - Math.Pow(0.9, step), c2 = 1 - Math.Pow(0.999, step);
            for (int i = 0; i < parameters.Count; i++)
            {
                m[i] = m[i] * 0.9 + grads[i] * 0.1;
                v[i] = v[i] * 0.999 + grads[i].Square() * 0.001;
                parameters[i] = (parameters[i] - m[i] / ((v[i] / c2).Sqrt() + 1e-8) * (1e-2 / c1)).RequiresGrad();
            }
        }
        Console.WriteLine($"  loss {first:E3} → {last:E3} in {watch.Elapsed.TotalSeconds:F1} s");

        // Hessian-vector product of the loss with respect to the first weight matrix, three ways.
        var w0 = parameters[0].Detach();
        Tensor LossOfW0(Tensor w) => Loss([w, .. parameters.Skip(1).Select(p => p.Detach())]);
        var direction = Tensor.RandN(g, w0.Shape, DType.Float64);
        var fwd = Functional.Hvp(LossOfW0, w0, direction, HvpMode.ForwardOverReverse);
        var rev = Functional.Hvp(LossOfW0, w0, direction, HvpMode.ReverseOverReverse);
        const double eps = 1e-5;
        var fd = (Functional.Gradient(LossOfW0, w0 + direction * eps) - Functional.Gradient(LossOfW0, w0 - direction * eps)) / (2 * eps);
        double scale = fd.Abs().Max().Item();
        double errFwd = (fwd - fd).Abs().Max().Item() / scale, errRev = (rev - fd).Abs().Max().Item() / scale;
        Console.WriteLine("Hessian-vector product of the loss in the first layer's weights (float64):");
        Console.WriteLine($"  forward-over-reverse vs finite differences: max relative error {errFwd:E2}");
        Console.WriteLine($"  reverse-over-reverse vs finite differences: max relative error {errRev:E2}");

        bool fitted = last < 0.05 * first, hvpOk = errFwd < 1e-6 && errRev < 1e-6;
        Console.WriteLine(fitted && hvpOk ? "demo: OK" : "demo: FAILED");
        return fitted && hvpOk ? 0 : 1;
    }
}
