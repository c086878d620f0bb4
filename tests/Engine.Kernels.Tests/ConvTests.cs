using Engine.Kernels.Conv;

namespace Engine.Kernels.Tests;

/// <summary>conv1d, conv_transpose1d and the weight gradient against loops written from the definitions.</summary>
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
        const int B = 2, Cin = 3, Lin = 11, Cout = 4;
        int lout = Conv1dShape.ConvOutLength(Lin, k, stride, pad, dil);
        var s = new Conv1dShape(B, Cin, Lin, Cout, lout, k, stride, pad, dil);
        var x = TestData.Floats(B * Cin * Lin, seed: 31);
        var w = TestData.Floats(Cout * Cin * k, seed: 32);
        var bias = TestData.Floats(Cout, seed: 33);
        using var xb = gpu.Upload(x);
        using var wb = gpu.Upload(w);
        using var bb = gpu.Upload(bias);
        using var yb = gpu.Zeros<float>(B * Cout * lout);
        gpu.Kernels.Conv.Conv1d(s, xb.View, wb.View, bb.View, yb.View);
        var expected = new double[B * Cout * lout];
        for (int b = 0; b < B; b++)
            for (int o = 0; o < Cout; o++)
                for (int l = 0; l < lout; l++)
                {
                    double sum = bias[o];
                    for (int c = 0; c < Cin; c++)
                        for (int t = 0; t < k; t++)
                        {
                            int p = l * stride - pad + t * dil;
                            if (p >= 0 && p < Lin) sum += (double)w[(o * Cin + c) * k + t] * x[(b * Cin + c) * Lin + p];
                        }
                    expected[(b * Cout + o) * lout + l] = sum;
                }
        TestData.Close(expected, yb.GetAsArray1D(), 1e-5);
    }

    [Theory]
    [MemberData(nameof(Configs))]
    public void ConvTransposeMatchesTheScatterDefinition(int k, int stride, int pad, int dil)
    {
        const int B = 2, Cin = 3, Lin = 6, Cout = 2;
        int lout = Conv1dShape.TransposeOutLength(Lin, k, stride, pad, dil);
        var s = new Conv1dShape(B, Cin, Lin, Cout, lout, k, stride, pad, dil);
        var x = TestData.Floats(B * Cin * Lin, seed: 34);
        var w = TestData.Floats(Cin * Cout * k, seed: 35);
        using var xb = gpu.Upload(x);
        using var wb = gpu.Upload(w);
        using var yb = gpu.Zeros<float>(B * Cout * lout);
        gpu.Kernels.Conv.ConvTranspose1d(s, xb.View, wb.View, null, yb.View);
        // Scatter form (the way PyTorch defines it): every input element adds w·x into y[l·s − p + k·d].
        var expected = new double[B * Cout * lout];
        for (int b = 0; b < B; b++)
            for (int c = 0; c < Cin; c++)
                for (int l = 0; l < Lin; l++)
                    for (int o = 0; o < Cout; o++)
                        for (int t = 0; t < k; t++)
                        {
                            int j = l * stride - pad + t * dil;
                            if (j >= 0 && j < lout) expected[(b * Cout + o) * lout + j] += (double)w[(c * Cout + o) * k + t] * x[(b * Cin + c) * Lin + l];
                        }
        TestData.Close(expected, yb.GetAsArray1D(), 1e-5);
    }

    [Theory]
    [MemberData(nameof(Configs))]
    public void ConvTransposeIsTheAdjointOfConv(int k, int stride, int pad, int dil)
    {
        // ⟨conv(x), g⟩ = ⟨x, conv_transpose(g)⟩ with the same weight: the identity conv's backward relies on.
        const int B = 1, Cin = 2, Lin = 9, Cout = 3;
        int lout = Conv1dShape.ConvOutLength(Lin, k, stride, pad, dil);
        var x = TestData.Floats(B * Cin * Lin, seed: 36);
        var w = TestData.Floats(Cout * Cin * k, seed: 37);
        var g = TestData.Floats(B * Cout * lout, seed: 38);
        using var xb = gpu.Upload(x);
        using var wb = gpu.Upload(w);
        using var gb = gpu.Upload(g);
        using var yb = gpu.Zeros<float>(B * Cout * lout);
        using var gxb = gpu.Zeros<float>(B * Cin * Lin);
        gpu.Kernels.Conv.Conv1d(new Conv1dShape(B, Cin, Lin, Cout, lout, k, stride, pad, dil), xb.View, wb.View, null, yb.View);
        gpu.Kernels.Conv.ConvTranspose1d(new Conv1dShape(B, Cout, lout, Cin, Lin, k, stride, pad, dil), gb.View, wb.View, null, gxb.View);
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
        const int B = 2, Cin = 2, Lin = 8, Cout = 3;
        int lout = Conv1dShape.ConvOutLength(Lin, k, stride, pad, dil);
        var s = new Conv1dShape(B, Cin, Lin, Cout, lout, k, stride, pad, dil);
        var x = TestData.Floats(B * Cin * Lin, seed: 39);
        var gy = TestData.Floats(B * Cout * lout, seed: 40);
        using var xb = gpu.Upload(x);
        using var gyb = gpu.Upload(gy);
        using var gwb = gpu.Zeros<float>(Cout * Cin * k);
        using var gwt = gpu.Zeros<float>(Cout * Cin * k);
        gpu.Kernels.Conv.Conv1dWeightGrad(s, xb.View, gyb.View, gwb.View);
        // The transpose conv taking gy [B,Cout,Lout] to x-shaped output has weight [Cout, Cin, K]; its weight
        // gradient for input gy and output gradient x is the same sum.
        gpu.Kernels.Conv.ConvTranspose1dWeightGrad(new Conv1dShape(B, Cout, lout, Cin, Lin, k, stride, pad, dil), gyb.View, xb.View, gwt.View);
        var expected = new double[Cout * Cin * k];
        for (int o = 0; o < Cout; o++)
            for (int c = 0; c < Cin; c++)
                for (int t = 0; t < k; t++)
                    for (int b = 0; b < B; b++)
                        for (int l = 0; l < lout; l++)
                        {
                            int p = l * stride - pad + t * dil;
                            if (p >= 0 && p < Lin) expected[(o * Cin + c) * k + t] += (double)gy[(b * Cout + o) * lout + l] * x[(b * Cin + c) * Lin + p];
                        }
        TestData.Close(expected, gwb.GetAsArray1D(), 1e-5);
        TestData.Close(expected, gwt.GetAsArray1D(), 1e-5);
    }
}
