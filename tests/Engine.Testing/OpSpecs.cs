namespace Engine.Testing;

/// <summary>Where an op's inputs are sampled: its smooth region (derivative checks must not straddle a kink or leave the domain).</summary>
public enum Domain
{
    /// <summary>Standard normal.</summary>
    Real,
    /// <summary>Uniform in [0.5, 2].</summary>
    Positive,
    /// <summary>|x| uniform in [0.2, 1.5] with a random sign: away from the kinks at 0.</summary>
    AwayFromZero,
}

/// <summary>One row of the op table: a differentiable function of some inputs, their shapes and domain.</summary>
public sealed record OpSpec(string Name, Func<Tensor[], Tensor> F, int[][] Shapes, Domain Domain = Domain.Real, bool SecondOrder = true)
{
    public override string ToString() => Name;

    public Tensor[] Sample(Generator g) => Shapes.Select(s => SampleOne(g, s, Domain)).ToArray();

    public static Tensor SampleOne(Generator g, int[] shape, Domain domain) => domain switch
    {
        Domain.Positive => Tensor.Uniform(g, shape, 0.5, 2.0, DType.Float64),
        Domain.AwayFromZero => Tensor.Uniform(g, shape, 0.2, 1.5, DType.Float64) * (Tensor.Rand(g, shape, DType.Float64) > 0.5).Sub1Sign(),
        _ => Tensor.RandN(g, shape, DType.Float64),
    };
}

internal static class SignHelpers
{
    /// <summary>Maps a 0/1 mask to ±1.</summary>
    public static Tensor Sub1Sign(this Tensor mask) => mask * 2.0 - 1.0;
}

/// <summary>
/// The table of every differentiable op, driving the gradient checks (first and second order, both
/// modes). Adding an op means adding a row here.
/// </summary>
public static class OpSpecs
{
    /// <summary>Fresh per use, so it lives on whichever backend is the default when the row runs.</summary>
    private static Tensor Index() => Tensor.FromArray([2, 0, 2, 1], 4);

    public static readonly OpSpec[] All =
    [
        // Elementwise unary.
        new("neg", x => -x[0], [[3, 4]]),
        new("exp", x => x[0].Exp(), [[3, 4]]),
        new("log", x => x[0].Log(), [[3, 4]], Domain.Positive),
        new("sqrt", x => x[0].Sqrt(), [[3, 4]], Domain.Positive),
        new("abs", x => x[0].Abs(), [[3, 4]], Domain.AwayFromZero),
        new("sin", x => x[0].Sin(), [[3, 4]]),
        new("cos", x => x[0].Cos(), [[3, 4]]),
        new("tanh", x => x[0].Tanh(), [[3, 4]]),
        new("sigmoid", x => x[0].Sigmoid(), [[3, 4]]),
        new("softplus", x => x[0].Softplus(), [[3, 4]]),
        new("relu", x => x[0].Relu(), [[3, 4]], Domain.AwayFromZero),
        new("leaky_relu", x => x[0].LeakyRelu(0.1), [[3, 4]], Domain.AwayFromZero),
        new("square", x => x[0].Square(), [[3, 4]]),
        new("reciprocal", x => x[0].Reciprocal(), [[3, 4]], Domain.Positive),
        new("erf", x => x[0].Erf(), [[3, 4]]),
        new("mish", x => x[0].Mish(), [[3, 4]]),
        new("gelu", x => x[0].Gelu(), [[3, 4]]),
        new("silu", x => x[0].Silu(), [[3, 4]]),
        new("pow_scalar", x => x[0].Pow(2.5), [[3, 4]], Domain.Positive),
        new("clamp", x => x[0].Clamp(-0.1, 0.1) + x[0] * 0.0, [[3, 4]], Domain.AwayFromZero),
        new("clamp_inside", x => (x[0] * 0.01).Clamp(-1, 1), [[3, 4]]),
        new("add_scalar", x => x[0] + 1.5, [[3, 4]]),
        new("rsub_scalar", x => 1.5 - x[0], [[3, 4]]),
        new("mul_scalar", x => x[0] * -2.0, [[3, 4]]),
        new("rdiv_scalar", x => 2.0 / x[0], [[3, 4]], Domain.Positive),

        // Elementwise binary, with broadcasting.
        new("add", x => x[0] + x[1], [[3, 4], [3, 4]]),
        new("add_broadcast", x => x[0] + x[1], [[2, 3, 4], [3, 1]]),
        new("sub_broadcast", x => x[0] - x[1], [[4], [3, 4]]),
        new("mul_broadcast", x => x[0] * x[1], [[2, 1, 4], [3, 1]]),
        new("div", x => x[0] / x[1], [[3, 4], [3, 4]], Domain.Positive),
        new("div_broadcast", x => x[0] / x[1], [[3, 4], [4]], Domain.Positive),
        new("pow_tensor", x => Tensor.Pow(x[0], x[1]), [[3, 4], [3, 4]], Domain.Positive),
        new("maximum", x => Tensor.Maximum(x[0], x[1] + 3.0) + Tensor.Maximum(x[0], x[1] - 3.0), [[3, 4], [3, 4]], Domain.AwayFromZero),
        new("minimum", x => Tensor.Minimum(x[0], x[1] + 3.0) + Tensor.Minimum(x[0], x[1] - 3.0), [[3, 4], [3, 4]], Domain.AwayFromZero),
        new("where", x => Tensor.Where(x[0] > 0.0, x[1], x[2] * 2.0), [[3, 4], [3, 4], [4]], Domain.AwayFromZero),

        // Reductions.
        new("sum_all", x => x[0].Sum(), [[3, 4, 5]]),
        new("sum_axes", x => x[0].Sum([0, 2]), [[3, 4, 5]]),
        new("sum_keepdim", x => x[0].Sum([1], keepDim: true) * x[0], [[3, 4, 5]]),
        new("mean", x => x[0].Mean([-1]), [[3, 4, 5]]),
        new("max", x => x[0].Max([1]), [[3, 4, 5]]),
        new("min_keepdim", x => x[0].Min([0, 2], keepDim: true), [[3, 4, 5]]),
        new("var", x => x[0].Var([1]), [[3, 4, 5]]),
        new("var_biased", x => x[0].Var([0, 2], unbiased: false), [[3, 4, 5]]),
        new("logsumexp", x => x[0].LogSumExp([1]), [[3, 4, 5]]),
        new("softmax", x => x[0].Softmax(-1), [[3, 5]]),
        new("log_softmax", x => x[0].LogSoftmax(0), [[3, 5]]),

        // Views and structure.
        new("reshape", x => x[0].Reshape(4, -1).Square(), [[2, 3, 4]]),
        new("permute", x => x[0].Permute(2, 0, 1) * Tensor.Arange(3, DType.Float64), [[2, 3, 4]]),
        new("reshape_of_transpose", x => x[0].Transpose(0, 1).Reshape(-1) * x[0].Transpose(0, 1).Reshape(-1), [[3, 4]]),
        new("expand", x => x[0].Expand(2, 3, 4).Square(), [[3, 1]]),
        new("slice_step", x => x[0].Slice(1, 1, 6, 2).Square(), [[3, 7]]),
        new("select", x => x[0].Select(0, -1).Exp(), [[3, 4]]),
        new("squeeze_unsqueeze", x => x[0].Unsqueeze(1).Squeeze(1).Unsqueeze(0).Sin(), [[3, 4]]),
        new("contiguous", x => x[0].T.Contiguous().Square(), [[3, 4]]),
        new("concat", x => Tensor.Concat([x[0], x[1].Square()], 1), [[2, 3], [2, 2]]),
        new("stack", x => Tensor.Stack([x[0], x[1] * x[0]], 1), [[2, 3], [2, 3]]),
        new("pad", x => x[0].Pad([1, 2, 0, 1], 0.5).Square(), [[2, 3]]),
        new("pad_replicate", x => x[0].PadReplicate([2, 1]).Square(), [[2, 3]]),
        new("index_select", x => x[0].IndexSelect(0, Index()).Square(), [[3, 4]]),
        new("index_add", x => x[0].Square().IndexAdd(1, Index(), [2, 3]), [[2, 4]]),
        new("windows", x => x[0].Windows(1, 3, 2).Square(), [[2, 7, 2]]),
        new("dot", x => Tensor.Dot(x[0], x[1].Sin()), [[3, 4], [3, 4]]),

        // Linear algebra.
        new("matmul", x => x[0].MatMul(x[1]), [[3, 4], [4, 5]]),
        new("matmul_batched_broadcast", x => x[0].MatMul(x[1]), [[2, 1, 3, 4], [3, 4, 2]]),
        new("matmul_transposed", x => x[0].T.MatMul(x[1].T), [[4, 3], [5, 4]]),
        new("matmul_vector", x => x[0].MatMul(x[1]), [[3, 4], [4]]),
        new("matmul_square", x => x[0].MatMul(x[0]), [[3, 3]]),
        new("matmul_rows_by_matrix", x => x[0].MatMul(x[1]), [[2, 3, 4], [4, 5]]),
        new("linear", x => Tensor.Linear(x[0], x[1], x[2]), [[3, 4], [5, 4], [5]]),
        new("linear_grouped_bias", x => Tensor.Linear(x[0], x[1], x[2]), [[2, 3, 4], [5, 4], [2, 1, 5]]),
        new("linear_strided", x => Tensor.Linear(x[0].Permute(1, 0, 2), x[1].T, x[2]), [[3, 2, 4], [4, 5], [5]]),

        // Convolution and normalisation.
        new("conv1d", x => Tensor.Conv1d(x[0], x[1], x[2], padding: 2), [[2, 3, 7], [4, 3, 5], [4]]),
        new("conv1d_strided_dilated", x => Tensor.Conv1d(x[0], x[1], null, stride: 2, padding: 1, dilation: 2), [[2, 2, 9], [3, 2, 3]]),
        new("conv1d_kernel_wider_than_input", x => Tensor.Conv1d(x[0], x[1], null, padding: 2), [[2, 2, 1], [3, 2, 5]]),
        new("conv1d_groups", x => Tensor.Conv1d(x[0], x[1], x[2], padding: 1, groups: 2), [[2, 4, 6], [6, 2, 3], [6]]),
        new("conv_transpose1d", x => Tensor.ConvTranspose1d(x[0], x[1], x[2], stride: 2, padding: 1), [[2, 3, 5], [3, 2, 4], [2]]),
        new("conv_transpose1d_outpad_groups", x => Tensor.ConvTranspose1d(x[0], x[1], null, stride: 2, padding: 1, outputPadding: 1, groups: 2), [[1, 4, 4], [4, 1, 3]]),
        new("conv1d_gemm", x => new Engine.Ops.ConvGemmOp(new Engine.Ops.ConvGeometry(3, 1, 1, 1), true).Apply(x[0], x[1], x[2]), [[2, 3, 7], [4, 9], [4]]),
        new("conv1d_gemm_no_bias_strided", x => new Engine.Ops.ConvGemmOp(new Engine.Ops.ConvGeometry(3, 2, 1, 2), false).Apply(x[0], x[1]), [[2, 2, 9], [3, 6]]),
        new("conv1d_input_grad", x => new Engine.Ops.ConvInputGradOp(new Engine.Ops.ConvGeometry(3, 1, 1, 1), 7).Apply(x[0], x[1]), [[2, 4, 7], [4, 9]]),
        new("conv1d_input_grad_strided", x => new Engine.Ops.ConvInputGradOp(new Engine.Ops.ConvGeometry(3, 2, 1, 2), 9).Apply(x[0], x[1]), [[2, 3, 4], [3, 6]]),
        new("conv1d_weight_grad", x => new Engine.Ops.ConvWeightGradOp(new Engine.Ops.ConvGeometry(3, 1, 1, 1)).Apply(x[0], x[1]), [[2, 4, 7], [2, 3, 7]]),
        new("conv1d_weight_grad_strided", x => new Engine.Ops.ConvWeightGradOp(new Engine.Ops.ConvGeometry(3, 2, 1, 2)).Apply(x[0], x[1]), [[2, 3, 4], [2, 2, 9]]),
        new("conv2d", x => Tensor.Conv2d(x[0], x[1], x[2], padding: 1), [[2, 3, 5, 4], [4, 3, 3, 2], [4]]),
        new("conv2d_strided_dilated_rect", x => Tensor.Conv2d(x[0], x[1], null, stride: (2, 1), padding: (1, 2), dilation: (1, 2)), [[2, 2, 6, 5], [3, 2, 3, 2]]),
        new("conv2d_groups", x => Tensor.Conv2d(x[0], x[1], x[2], stride: 2, padding: 1, groups: 2), [[1, 4, 5, 5], [6, 2, 3, 3], [6]]),
        new("conv2d_kernel_wider_than_input", x => Tensor.Conv2d(x[0], x[1], null, padding: 2), [[1, 2, 2, 1], [2, 2, 3, 5]]),
        new("conv_transpose2d", x => Tensor.ConvTranspose2d(x[0], x[1], x[2], stride: 2, padding: 1), [[2, 3, 3, 4], [3, 2, 4, 3], [2]]),
        new("conv_transpose2d_outpad_groups_rect", x => Tensor.ConvTranspose2d(x[0], x[1], null, stride: (2, 3), padding: (1, 0), outputPadding: (1, 2), dilation: (1, 1), groups: 2), [[1, 4, 3, 2], [4, 1, 3, 2]]),
        new("avg_pool2d", x => x[0].AvgPool2d(2), [[2, 3, 5, 4]]),
        new("upsample_nearest2d", x => x[0].UpsampleNearest2d(2), [[2, 3, 2, 3]]),
        new("conv2d_gemm", x => new Engine.Ops.ConvGemmOp(Conv2dGeometry(3, 2, 1, 1, 1, 1, 1, 2), true).Apply(x[0], x[1], x[2]), [[2, 3, 4, 5], [4, 18], [4]]),
        new("conv2d_input_grad", x => new Engine.Ops.ConvInputGradOp(Conv2dGeometry(3, 2, 1, 1, 1, 1, 1, 2), [4, 5]).Apply(x[0], x[1]), [[2, 4, 4, 5], [4, 18]]),
        new("conv2d_input_grad_strided", x => new Engine.Ops.ConvInputGradOp(Conv2dGeometry(3, 3, 2, 2, 1, 0, 1, 1), [6, 5]).Apply(x[0], x[1]), [[2, 3, 3, 2], [3, 18]]),
        new("conv2d_weight_grad", x => new Engine.Ops.ConvWeightGradOp(Conv2dGeometry(3, 2, 1, 1, 1, 1, 1, 2)).Apply(x[0], x[1]), [[2, 4, 4, 5], [2, 3, 4, 5]]),
        new("avg_pool2d_overlapping_padded", x => x[0].AvgPool2d((3, 2), (2, 1), (1, 1)), [[2, 2, 5, 4]]),
        new("group_norm", x => Tensor.GroupNorm(x[0], 2, x[1], x[2]), [[2, 4, 5], [4], [4]]),
        new("group_norm_no_affine", x => Tensor.GroupNorm(x[0], 3), [[2, 6, 4]]),
        new("group_norm_bias_only_rank4", x => Tensor.GroupNorm(x[0], 2, null, x[1]), [[2, 4, 2, 3], [4]]),
        new("group_norm_image", x => Tensor.GroupNorm(x[0], 2, x[1], x[2]), [[2, 4, 3, 3], [4], [4]]),
        new("group_norm_input_grad_image", x => new Engine.Ops.GroupNormInputGradOp(2, 1e-5, true).Apply(x[0], x[1], x[2]), [[2, 4, 3, 2], [2, 4, 3, 2], [4]]),
        new("group_norm_affine_grad_image", x => new Engine.Ops.GroupNormAffineGradOp(2, 1e-5).Apply(x[0], x[1]), [[2, 4, 2, 3], [2, 4, 2, 3]]),
        new("group_norm_weight_only_rank2", x => Tensor.GroupNorm(x[0], 2, x[1]), [[3, 4], [4]]),
        // The fused backward primitives, through their own (composite) derivative rules.
        new("group_norm_input_grad", x => new Engine.Ops.GroupNormInputGradOp(2, 1e-5, true).Apply(x[0], x[1], x[2]), [[2, 4, 5], [2, 4, 5], [4]]),
        new("group_norm_input_grad_no_weight", x => new Engine.Ops.GroupNormInputGradOp(2, 1e-5, false).Apply(x[0], x[1]), [[2, 4, 3], [2, 4, 3]]),
        new("group_norm_affine_grad", x => new Engine.Ops.GroupNormAffineGradOp(2, 1e-5).Apply(x[0], x[1]), [[2, 4, 5], [2, 4, 5]]),
        new("layer_norm", x => Tensor.LayerNorm(x[0], [5], x[1], x[2]), [[3, 5], [5], [5]]),
    ];

    private static Engine.Ops.ConvGeometry2d Conv2dGeometry(int kh, int kw, int sh, int sw, int ph, int pw, int dh, int dw) =>
        new(new Engine.Ops.ConvGeometry(kh, sh, ph, dh), new Engine.Ops.ConvGeometry(kw, sw, pw, dw));

    public static IEnumerable<object[]> Names() => All.Select(s => new object[] { s.Name });

    public static OpSpec Get(string name) => All.Single(s => s.Name == name);
}
