using Engine.Kernels.Conv;

namespace Engine.Kernels.Tests;

/// <summary>conv1d and its input and weight gradients against loops written from the definitions.</summary>
[Collection(IlgpuCollection.Name)]
public sealed class ConvTests(IlgpuFixture gpu)
{
    public static TheoryData<int, int, int, int> Configs => new()
    {
        { 5, 1, 2, 1 }, // the U-Net's Conv1dBlock
        { 3, 2, 1, 1 }, // Downsample1d
        { 3, 1, 0, 2 }, // dilation
        { 4, 2, 1, 1 }, // Upsample1d's shape, read as a conv
    };

    [Theory]
    [MemberData(nameof(Configs))]
    public void Conv1dMatchesTheDefinition(int k, int stride, int pad, int dil)
    {
        const int batch = 2, cIn = 3, lIn = 11, cOut = 4;
        int lout = Conv1dShape.ConvOutLength(lIn, k, stride, pad, dil);
        var s = new Conv1dShape(batch, cIn, lIn, cOut, lout, k, stride, pad, dil);
        var x = TestData.Floats(batch * cIn * lIn, seed: 31);
        var w = TestData.Floats(cOut * cIn * k, seed: 32);
        var bias = TestData.Floats(cOut, seed: 33);
        using var xb = gpu.Upload(x);
        using var wb = gpu.Upload(w);
        using var bb = gpu.Upload(bias);
        using var yb = gpu.Zeros<float>(batch * cOut * lout);
        gpu.Kernels.Conv.Conv1d<float>(s, xb.View, wb.View, bb.View, yb.View);
        var expected = new double[batch * cOut * lout];
        for (int b = 0; b < batch; b++)
            for (int o = 0; o < cOut; o++)
                for (int l = 0; l < lout; l++)
                {
                    double sum = bias[o];
                    for (int c = 0; c < cIn; c++)
                        for (int t = 0; t < k; t++)
                        {
                            int p = l * stride - pad + t * dil;
                            if (p >= 0 && p < lIn) sum += (double)w[(o * cIn + c) * k + t] * x[(b * cIn + c) * lIn + p];
                        }
                    expected[(b * cOut + o) * lout + l] = sum;
                }
        TestData.Close(expected, yb.GetAsArray1D(), 1e-5);
    }

    [Theory]
    [MemberData(nameof(Configs))]
    public void InputGradientsMatchTheScatterDefinition(int k, int stride, int pad, int dil)
    {
        const int batch = 2, cIn = 3, lIn = 10, cOut = 2;
        int lout = Conv1dShape.ConvOutLength(lIn, k, stride, pad, dil);
        var s = new Conv1dShape(batch, cIn, lIn, cOut, lout, k, stride, pad, dil);
        var gy = TestData.Floats(batch * cOut * lout, seed: 34);
        var w = TestData.Floats(cOut * cIn * k, seed: 35);
        using var gb = gpu.Upload(gy);
        using var wb = gpu.Upload(w);
        using var dxb = gpu.Zeros<float>(batch * cIn * lIn);
        gpu.Kernels.Conv.Conv1dInputGrad<float>(s, gb.View, wb.View, dxb.View);
        // Scatter form: every output position's cotangent flows back to the input positions its taps read.
        var expected = new double[batch * cIn * lIn];
        for (int b = 0; b < batch; b++)
            for (int o = 0; o < cOut; o++)
                for (int l = 0; l < lout; l++)
                    for (int c = 0; c < cIn; c++)
                        for (int t = 0; t < k; t++)
                        {
                            int p = l * stride - pad + t * dil;
                            if (p >= 0 && p < lIn) expected[(b * cIn + c) * lIn + p] += (double)w[(o * cIn + c) * k + t] * gy[(b * cOut + o) * lout + l];
                        }
        TestData.Close(expected, dxb.GetAsArray1D(), 1e-5);
    }

    [Theory]
    [MemberData(nameof(Configs))]
    public void TheInputGradientIsTheAdjointOfConv(int k, int stride, int pad, int dil)
    {
        // ⟨conv(x), g⟩ = ⟨x, conv_input_grad(g)⟩ with the same weight and shape.
        const int batch = 1, cIn = 2, lIn = 9, cOut = 3;
        int lout = Conv1dShape.ConvOutLength(lIn, k, stride, pad, dil);
        var s = new Conv1dShape(batch, cIn, lIn, cOut, lout, k, stride, pad, dil);
        var x = TestData.Floats(batch * cIn * lIn, seed: 36);
        var w = TestData.Floats(cOut * cIn * k, seed: 37);
        var g = TestData.Floats(batch * cOut * lout, seed: 38);
        using var xb = gpu.Upload(x);
        using var wb = gpu.Upload(w);
        using var gb = gpu.Upload(g);
        using var yb = gpu.Zeros<float>(batch * cOut * lout);
        using var gxb = gpu.Zeros<float>(batch * cIn * lIn);
        gpu.Kernels.Conv.Conv1d<float>(s, xb.View, wb.View, null, yb.View);
        gpu.Kernels.Conv.Conv1dInputGrad<float>(s, gb.View, wb.View, gxb.View);
        var y = yb.GetAsArray1D();
        var gx = gxb.GetAsArray1D();
        double left = 0, right = 0;
        for (int i = 0; i < g.Length; i++) left += (double)y[i] * g[i];
        for (int i = 0; i < x.Length; i++) right += (double)x[i] * gx[i];
        Assert.Equal(left, right, 1e-4);
    }

    [Theory]
    [MemberData(nameof(Configs))]
    public void WeightGradientsMatchTheDefinition(int k, int stride, int pad, int dil)
    {
        const int batch = 2, cIn = 2, lIn = 8, cOut = 3;
        int lout = Conv1dShape.ConvOutLength(lIn, k, stride, pad, dil);
        var s = new Conv1dShape(batch, cIn, lIn, cOut, lout, k, stride, pad, dil);
        var x = TestData.Floats(batch * cIn * lIn, seed: 39);
        var gy = TestData.Floats(batch * cOut * lout, seed: 40);
        using var xb = gpu.Upload(x);
        using var gyb = gpu.Upload(gy);
        using var gwb = gpu.Zeros<float>(cOut * cIn * k);
        gpu.Kernels.Conv.Conv1dWeightGrad<float>(s, xb.View, gyb.View, gwb.View);
        var expected = new double[cOut * cIn * k];
        for (int o = 0; o < cOut; o++)
            for (int c = 0; c < cIn; c++)
                for (int t = 0; t < k; t++)
                    for (int b = 0; b < batch; b++)
                        for (int l = 0; l < lout; l++)
                        {
                            int p = l * stride - pad + t * dil;
                            if (p >= 0 && p < lIn) expected[(o * cIn + c) * k + t] += (double)gy[(b * cOut + o) * lout + l] * x[(b * cIn + c) * lIn + p];
                        }
        TestData.Close(expected, gwb.GetAsArray1D(), 1e-5);
    }
}
