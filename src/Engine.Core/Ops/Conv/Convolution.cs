using Engine.Backends;
using Engine.Ops;

namespace Engine;

public sealed partial class Tensor
{
    /// <summary>
    /// 1-D convolution (cross-correlation, as PyTorch's conv1d). x: [batch, inChannels, length],
    /// weight: [outChannels, inChannels/groups, kernel], bias: [outChannels] → [batch, outChannels, outLength],
    /// outLength = (length + 2·padding − dilation·(kernel − 1) − 1)/stride + 1.
    /// Composite: im2col, then one GEMM per group over all batch positions; its derivatives come from
    /// those of im2col (col2im) and matmul, so they are exact to any order.
    /// </summary>
    public static Tensor Conv1d(Tensor x, Tensor weight, Tensor? bias = null, int stride = 1, int padding = 0, int dilation = 1, int groups = 1)
    {
        const string op = "conv1d";
        Checks.Rank(op, x, 3, "[batch, channels, length]");
        Checks.Rank(op, weight, 3, "[outChannels, inChannels/groups, kernel]");
        Checks.SameDType(op, x, weight);
        int batch = x.Dims[0], cin = x.Dims[1], cout = weight.Dims[0], k = weight.Dims[2];
        if (stride < 1 || dilation < 1 || padding < 0 || groups < 1)
            throw new ArgumentException($"{op}: stride {stride}, dilation {dilation}, groups {groups} must be positive and padding {padding} non-negative");
        if (cin % groups != 0 || cout % groups != 0 || weight.Dims[1] != cin / groups)
            throw new ArgumentException($"{op}: input {ShapeUtil.Format(x.Dims)} and weight {ShapeUtil.Format(weight.Dims)} do not fit groups={groups} (weight must be [outChannels, {cin}/{groups}, kernel])");
        var geometry = new ConvGeometry(k, stride, padding, dilation);
        int outLength = geometry.OutLength(x.Dims[2]);
        if (outLength <= 0)
            throw new ArgumentException($"{op}: input length {x.Dims[2]} is too short for kernel {k}, dilation {dilation}, padding {padding}");
        CheckBias(op, bias, cout);

        Tensor y;
        if (groups == 1 && x.Backend is IFusedConvBackend && x.DType.IsFloat() && x.FwdLevel == 0 && weight.FwdLevel == 0)
        {
            // The fused product never materialises im2col(x) in the forward pass; its reverse rule
            // recomputes it for the weight gradient (cheaper than writing it out and keeping it).
            // Forward-mode tangents take the composite below.
            var w2 = weight.Reshape(cout, cin * k);
            if (bias == null) return new ConvGemmOp(geometry, false).Apply(x, w2);
            // A bias of another dtype or with tangents takes the ordinary add (which validates it).
            if (bias.DType != x.DType || bias.FwdLevel != 0 || bias.Backend != x.Backend)
                return new ConvGemmOp(geometry, false).Apply(x, w2) + bias.Reshape(cout, 1);
            return new ConvGemmOp(geometry, true).Apply(x, w2, bias);
        }
        // cols: [batch, cin·k, outLength], stored as [cin·k, batch, outLength].
        var cols = new Im2ColOp(geometry).Apply(x);
        if (groups == 1)
        {
            var flat = cols.Permute(1, 0, 2).Reshape(cin * k, batch * outLength);
            y = weight.Reshape(cout, cin * k).MatMul(flat).Reshape(cout, batch, outLength).Permute(1, 0, 2);
        }
        else
        {
            var g = cols.Permute(1, 0, 2).Reshape(groups, cin / groups * k, batch * outLength);
            y = weight.Reshape(groups, cout / groups, cin / groups * k).MatMul(g)
                .Reshape(cout, batch, outLength).Permute(1, 0, 2);
        }
        return bias == null ? y.Contiguous() : y + bias.Reshape(cout, 1);
    }

    /// <summary>
    /// Transposed 1-D convolution (PyTorch's conv_transpose1d), the adjoint of <see cref="Conv1d"/> in x.
    /// x: [batch, inChannels, length], weight: [inChannels, outChannels/groups, kernel], bias: [outChannels]
    /// → [batch, outChannels, (length − 1)·stride − 2·padding + dilation·(kernel − 1) + outputPadding + 1].
    /// </summary>
    public static Tensor ConvTranspose1d(Tensor x, Tensor weight, Tensor? bias = null, int stride = 1, int padding = 0, int outputPadding = 0, int dilation = 1, int groups = 1)
    {
        const string op = "conv_transpose1d";
        Checks.Rank(op, x, 3, "[batch, channels, length]");
        Checks.Rank(op, weight, 3, "[inChannels, outChannels/groups, kernel]");
        Checks.SameDType(op, x, weight);
        int batch = x.Dims[0], cin = x.Dims[1], length = x.Dims[2], k = weight.Dims[2];
        int coutPerGroup = weight.Dims[1], cout = coutPerGroup * groups;
        if (stride < 1 || dilation < 1 || padding < 0 || groups < 1 || outputPadding < 0)
            throw new ArgumentException($"{op}: stride {stride}, dilation {dilation}, groups {groups} must be positive, padding {padding} and outputPadding {outputPadding} non-negative");
        if (weight.Dims[0] != cin || cin % groups != 0)
            throw new ArgumentException($"{op}: input {ShapeUtil.Format(x.Dims)} and weight {ShapeUtil.Format(weight.Dims)} do not fit groups={groups} (weight must be [{cin}, outChannels/groups, kernel])");
        if (outputPadding >= Math.Max(stride, dilation))
            throw new ArgumentException($"{op}: outputPadding {outputPadding} must be smaller than stride {stride} or dilation {dilation}");
        CheckBias(op, bias, cout);
        int outLength = (length - 1) * stride - 2 * padding + dilation * (k - 1) + outputPadding + 1;
        if (outLength <= 0) throw new ArgumentException($"{op}: output length {outLength} is not positive for input {ShapeUtil.Format(x.Dims)}");

        var xs = x.Permute(1, 0, 2).Reshape(groups, cin / groups, batch * length);
        // cols[g] = W[g]ᵀ · x[g]: [groups, coutPerGroup·k, batch·length].
        var w = weight.Reshape(groups, cin / groups, coutPerGroup * k).Transpose(1, 2);
        var cols = w.MatMul(xs).Reshape(cout * k, batch, length).Permute(1, 0, 2);
        var y = new Col2ImOp(new ConvGeometry(k, stride, padding, dilation), outLength).Apply(cols);
        return bias == null ? y : y + bias.Reshape(cout, 1);
    }

    private static void CheckBias(string op, Tensor? bias, int channels)
    {
        if (bias != null && (bias.Rank != 1 || bias.Dims[0] != channels))
            throw new ArgumentException($"{op}: bias must have shape [{channels}], got {ShapeUtil.Format(bias.Dims)}");
    }
}
