// A library user's first program: fit a small network with Adam, then a Hessian-vector product of the
// fitted loss in the first layer's weights, in both forms, checked against finite differences of gradients.
// Exits non-zero when the fit or the check fails (CI runs it).
using Engine;
using Engine.Autodiff;
using Engine.NN;

var g = new Generator(seed: 0);
var x = Tensor.Uniform(g, [128, 1], -Math.PI, Math.PI, DType.Float64);   // [128, 1]
var y = x.Sin();                                                          // [128, 1]

// 1 → 32 → 32 → 1 with Mish, in float64.
var net = new Sequential(new Linear(1, 32, g), new Mish(), new Linear(32, 32, g), new Mish(), new Linear(32, 1, g));
net.To(DType.Float64);
var adam = new Adam(net.Parameters(), lr: 1e-2);
Tensor Loss() => (net.Forward(x) - y).Square().Mean();                   // 0-d

double first = 0, last = 0;
for (int step = 1; step <= 400; step++)
{
    using var scope = Tensor.Scope();                                     // frees each step's intermediates
    adam.ZeroGrad();
    var loss = Loss();
    loss.Backward();
    adam.Step();
    last = loss.Item();
    if (step == 1) first = last;
    if (step % 100 == 0) Console.WriteLine($"step {step,4}  loss {last:E3}");
}

// H·v of the loss in the first layer's weight [32, 1], the other parameters fixed.
var parameters = net.Parameters().Select(p => p.Value.Detach()).ToArray();
Tensor LossOfW0(Tensor w0) => net.WithParameters([w0, .. parameters[1..]], Loss);
var w = parameters[0];
var v = Tensor.RandN(g, w.Shape, DType.Float64);
var forward = Functional.Hvp(LossOfW0, w, v, HvpMode.ForwardOverReverse);
var reverse = Functional.Hvp(LossOfW0, w, v, HvpMode.ReverseOverReverse);
const double eps = 1e-5;
var fd = (Functional.Gradient(LossOfW0, w + v * eps) - Functional.Gradient(LossOfW0, w - v * eps)) / (2 * eps);
double scale = fd.Abs().Max().Item();
double errForward = (forward - fd).Abs().Max().Item() / scale, errReverse = (reverse - fd).Abs().Max().Item() / scale;
Console.WriteLine($"loss {first:E3} → {last:E3}");
Console.WriteLine($"H·v forward-over-reverse vs finite differences: {errForward:E2}; reverse-over-reverse: {errReverse:E2}");

bool ok = last < 0.05 * first && errForward < 1e-6 && errReverse < 1e-6;
Console.WriteLine(ok ? "TrainMlp: OK" : "TrainMlp: FAILED");
return ok ? 0 : 1;
