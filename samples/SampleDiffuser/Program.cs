// A library user's second program: load a Diffuser TemporalUnet saved by PyTorch (safetensors, Diffuser's
// state_dict names), check it against the output PyTorch stored beside the weights, then sample trajectories
// from a diffusion model around it, without and with reward guidance.
// Usage: SampleDiffuser [checkpoint.safetensors]   (default: the repository's tests/fixtures/temporal_unet.safetensors)
// Exits non-zero when a check fails (CI runs it).
using Engine;
using Engine.Diffusion;
using Engine.NN;

string path = args.Length > 0 ? args[0] : Path.Combine("tests", "fixtures", "temporal_unet.safetensors");
const int Horizon = 16, ObservationDim = 4, ActionDim = 2, Transition = ObservationDim + ActionDim, Batch = 4;

// Diffuser's TemporalUnet(horizon=16, transition_dim=6, dim=8, dim_mults=(1, 2)), main-branch layout.
var net = new TemporalUnet(Horizon, Transition, new Generator(0), dim: 8, dimMults: [1, 2]);

// The file also holds the test's inputs and outputs ("io.*", "grad.*"): a lenient load reports them as
// unexpected, and would report any missing or mis-shaped weight.
var report = Checkpoint.Load(net, path, LoadOptions.NonStrict);
Console.WriteLine($"loaded {report.Loaded.Count} tensors; {report.Unexpected.Count} other entries in the file");
bool ok = report.Missing.Count == 0 && report.ShapeMismatches.Count == 0;

// The network reproduces PyTorch's output on PyTorch's input.
var io = SafeTensors.Load(path);
var yOurs = net.Forward(io["io.x"], io["io.t"]);                         // [2, 16, 6]
double err = (yOurs - io["io.y"]).Abs().Max().Item();
Console.WriteLine($"max |ours − PyTorch| on the stored input: {err:E2}");
ok &= err < 1e-4;

// Sampling: 20 cosine steps, every trajectory starting from observation 0.
var diffusion = new GaussianDiffusion(net, Horizon, ObservationDim, ActionDim, steps: 20);
var start = new Dictionary<int, Tensor> { [0] = Tensor.Zeros([Batch, ObservationDim]) };   // τ → [batch, obs]
var cond = new Conditioning(start, Batch, Horizon, Transition, ActionDim, DType.Float32);
var plain = diffusion.PSampleLoop(Batch, cond, new Generator(1));                          // [4, 16, 6]

// Guidance by a differentiable reward ρ(x, t) = Σ over steps of the first observation channel: [batch].
Reward rho = (x, t) => x.Slice(2, ActionDim, ActionDim + 1).Sum([1, 2]);
var zero = diffusion.PSampleLoop(Batch, cond, new Generator(1), reward: rho, guide: new GuideOptions(Scale: 0));
var guided = diffusion.PSampleLoop(Batch, cond, new Generator(1), reward: rho, guide: new GuideOptions(Scale: 0.5, NGuideSteps: 2));
Console.WriteLine($"samples {string.Join("×", guided.Shape)}; ρ plain {rho(plain, plain).Mean().Item():F3}, guided {rho(guided, guided).Mean().Item():F3}");

// ω = 0 gives the unguided samples bit for bit; ω > 0 moves them; the start stays conditioned.
ok &= plain.ToArrayFloat().SequenceEqual(zero.ToArrayFloat());
ok &= !plain.ToArrayFloat().SequenceEqual(guided.ToArrayFloat());
ok &= guided.Slice(1, 0, 1).Slice(2, ActionDim, Transition).Abs().Max().Item() == 0;
ok &= guided.ToArrayFloat().All(float.IsFinite);

Console.WriteLine(ok ? "SampleDiffuser: OK" : "SampleDiffuser: FAILED");
return ok ? 0 : 1;
