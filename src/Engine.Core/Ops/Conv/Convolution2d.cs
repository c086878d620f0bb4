using Engine.Backends;
using Engine.Ops;

namespace Engine;

public sealed partial class Tensor
{
    /// <summary>
    /// 2-D convolution (cross-correlation, as PyTorch's conv2d). x: [batch, inChannels, height, width],
    /// weight: [outChannels, inChannels/groups, kh, kw], bias: [outChannels] → [batch, outChannels, outHeight, outWidth],
    /// outHeight = (height + 2·padding.H − dilation.H·(kh − 1) − 1)/stride.H + 1 (and so for the width).
    /// Composite: 2-D im2col (two 1-D im2cols), then one GEMM per group over all batch positions; its
    /// derivatives come from those of im2col (col2im) and matmul, so they are exact to any order.
    /// </summary>
    public static Tensor Conv2d(Tensor x, Tensor weight, Tensor? bias, (int H, int W) stride, (int H, int W) padding, (int H, int W) dilation, int groups = 1)
    {
        const string op = "conv2d";
        Checks.Rank(op, x, 4, "[batch, channels, height, width]");
        Checks.Rank(op, weight, 4, "[outChannels, inChannels/groups, kh, kw]");
        Checks.SameDType(op, x, weight);
        Checks.Float(op, x);
        int batch = x.Dims[0], cin = x.Dims[1], cout = weight.Dims[0];
        var g = Geometry2d(op, weight.Dims[2], weight.Dims[3], stride, padding, dilation, groups);
        if (cin % groups != 0 || cout % groups != 0 || weight.Dims[1] != cin / groups)
            throw new ArgumentException($"{op}: input {ShapeUtil.Format(x.Dims)} and weight {ShapeUtil.Format(weight.Dims)} do not fit groups={groups} (weight must be [outChannels, {cin}/{groups}, kh, kw])");
        int outH = g.OutHeight(x.Dims[2]), outW = g.OutWidth(x.Dims[3]);
        if (outH <= 0 || outW <= 0)
            throw new ArgumentException($"{op}: input {ShapeUtil.Format(x.Dims)} is too small for kernel {weight.Dims[2]}x{weight.Dims[3]}, dilation {dilation}, padding {padding}");
        CheckBias(op, bias, cout);

        if (groups == 1 && x.Backend is IFusedConv2dBackend && x.FwdLevel == 0 && weight.FwdLevel == 0)
        {
            // As Conv1d: the fused product never materialises im2col(x); its reverse rule recomputes it
            // for the weight gradient. Forward-mode tangents take the composite below.
            var w2 = weight.Reshape(cout, cin * g.Taps);
            if (bias == null) return new ConvGemmOp(g, false).Apply(x, w2);
            if (bias.DType != x.DType || bias.FwdLevel != 0 || bias.Backend != x.Backend)
                return new ConvGemmOp(g, false).Apply(x, w2) + bias.Reshape(cout, 1, 1);
            return new ConvGemmOp(g, true).Apply(x, w2, bias);
        }
        // cols: [cin·kh·kw, batch·outH·outW], split by group into [groups, cin/groups·kh·kw, batch·outH·outW].
        var cols = g.Columns(x).Reshape(groups, cin / groups * g.Taps, batch * outH * outW);
        var y = weight.Reshape(groups, cout / groups, cin / groups * g.Taps).MatMul(cols)
            .Reshape(cout, batch, outH, outW).Permute(1, 0, 2, 3);
        return bias == null ? y.Contiguous() : y + bias.Reshape(cout, 1, 1);
    }

    /// <summary>2-D convolution with the same stride, padding and dilation along both axes (see the full overload).</summary>
    public static Tensor Conv2d(Tensor x, Tensor weight, Tensor? bias = null, int stride = 1, int padding = 0, int dilation = 1, int groups = 1) =>
        Conv2d(x, weight, bias, (stride, stride), (padding, padding), (dilation, dilation), groups);

    /// <summary>
    /// Transposed 2-D convolution (PyTorch's conv_transpose2d), the adjoint of <see cref="Conv2d(Tensor, Tensor, Tensor?, ValueTuple{int, int}, ValueTuple{int, int}, ValueTuple{int, int}, int)"/> in x.
    /// x: [batch, inChannels, height, width], weight: [inChannels, outChannels/groups, kh, kw], bias: [outChannels]
    /// → [batch, outChannels, (height − 1)·stride.H − 2·padding.H + dilation.H·(kh − 1) + outputPadding.H + 1, … likewise for the width].
    /// </summary>
    public static Tensor ConvTranspose2d(Tensor x, Tensor weight, Tensor? bias, (int H, int W) stride, (int H, int W) padding,
        (int H, int W) outputPadding, (int H, int W) dilation, int groups = 1)
    {
        const string op = "conv_transpose2d";
        Checks.Rank(op, x, 4, "[batch, channels, height, width]");
        Checks.Rank(op, weight, 4, "[inChannels, outChannels/groups, kh, kw]");
        Checks.SameDType(op, x, weight);
        Checks.Float(op, x);
        int batch = x.Dims[0], cin = x.Dims[1], height = x.Dims[2], width = x.Dims[3];
        int coutPerGroup = weight.Dims[1], cout = coutPerGroup * groups, kh = weight.Dims[2], kw = weight.Dims[3];
        var g = Geometry2d(op, kh, kw, stride, padding, dilation, groups);
        if (weight.Dims[0] != cin || cin % groups != 0)
            throw new ArgumentException($"{op}: input {ShapeUtil.Format(x.Dims)} and weight {ShapeUtil.Format(weight.Dims)} do not fit groups={groups} (weight must be [{cin}, outChannels/groups, kh, kw])");
        if (outputPadding.H < 0 || outputPadding.W < 0 || outputPadding.H >= Math.Max(stride.H, dilation.H) || outputPadding.W >= Math.Max(stride.W, dilation.W))
            throw new ArgumentException($"{op}: outputPadding {outputPadding} must be non-negative and smaller than stride {stride} or dilation {dilation} on each axis");
        CheckBias(op, bias, cout);
        int outH = (height - 1) * stride.H - 2 * padding.H + dilation.H * (kh - 1) + outputPadding.H + 1;
        int outW = (width - 1) * stride.W - 2 * padding.W + dilation.W * (kw - 1) + outputPadding.W + 1;
        if (outH <= 0 || outW <= 0) throw new ArgumentException($"{op}: output size {outH}x{outW} is not positive for input {ShapeUtil.Format(x.Dims)}");

        var xs = x.Permute(1, 0, 2, 3).Reshape(groups, cin / groups, batch * height * width);
        // cols[g] = W[g]ᵀ · x[g]: [groups, coutPerGroup·kh·kw, batch·height·width], i.e. [cout·kh·kw, …].
        var w = weight.Reshape(groups, cin / groups, coutPerGroup * g.Taps).Transpose(1, 2);
        var cols = w.MatMul(xs).Reshape(cout * g.Taps, batch * height * width);
        var y = g.Image(cols, batch, cout, [outH, outW]);
        return bias == null ? y : y + bias.Reshape(cout, 1, 1);
    }

    /// <summary>Transposed 2-D convolution with the same settings along both axes (see the full overload).</summary>
    public static Tensor ConvTranspose2d(Tensor x, Tensor weight, Tensor? bias = null, int stride = 1, int padding = 0, int outputPadding = 0, int dilation = 1, int groups = 1) =>
        ConvTranspose2d(x, weight, bias, (stride, stride), (padding, padding), (outputPadding, outputPadding), (dilation, dilation), groups);

    private static ConvGeometry2d Geometry2d(string op, int kh, int kw, (int H, int W) stride, (int H, int W) padding, (int H, int W) dilation, int groups)
    {
        if (stride.H < 1 || stride.W < 1 || dilation.H < 1 || dilation.W < 1 || padding.H < 0 || padding.W < 0 || groups < 1 || kh < 1 || kw < 1)
            throw new ArgumentException($"{op}: stride {stride}, dilation {dilation}, groups {groups} and kernel {kh}x{kw} must be positive and padding {padding} non-negative");
        return new ConvGeometry2d(new ConvGeometry(kh, stride.H, padding.H, dilation.H), new ConvGeometry(kw, stride.W, padding.W, dilation.W));
    }
}
