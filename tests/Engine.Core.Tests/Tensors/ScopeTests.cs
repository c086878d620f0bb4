using Engine.Autodiff;
using Engine.Backends.Cpu;

namespace Engine.Core.Tests.Tensors;

/// <summary>Dispose scopes and the CPU storage pool: freed memory is reused, never reachable from a live tensor.</summary>
public class ScopeTests
{
    [Fact]
    public void Scope_disposes_what_it_created_and_keeps_what_is_kept()
    {
        var outside = Tensor.Ones([3]);
        Tensor inside, kept;
        using (var scope = Tensor.Scope())
        {
            inside = outside * 2;
            kept = scope.Keep(inside + 1);
            Assert.Same(scope, TensorScope.Current);
            Assert.Equal(1, scope.Count);
        }
        Assert.Null(TensorScope.Current);
        var ex = Assert.Throws<ObjectDisposedException>(() => inside.Exp());
        Assert.Contains("exp", ex.Message);
        Assert.Equal([3f, 3f, 3f], kept.ToArrayFloat());
        Assert.Equal([1f, 1f, 1f], outside.ToArrayFloat());
    }

    [Fact]
    public void Keep_hands_a_tensor_to_the_enclosing_scope_only()
    {
        Tensor kept;
        using (var outer = Tensor.Scope())
        {
            using (var inner = Tensor.Scope()) kept = inner.Keep(Tensor.Ones([4]) * 3);
            Assert.Equal(12.0, kept.Sum().Item());
            Assert.Equal(2, outer.Count); // kept, and the sum above
        }
        Assert.Throws<ObjectDisposedException>(() => kept.ToArrayFloat());
    }

    [Fact]
    public void Views_share_their_base_storage()
    {
        Tensor view;
        using (var scope = Tensor.Scope())
        {
            var x = Tensor.Arange(6).Reshape(2, 3);
            view = scope.Keep(x.Transpose(0, 1));
        }
        Assert.Equal([0f, 3f, 1f, 4f, 2f, 5f], view.ToArrayFloat());
    }

    [Fact]
    public void DetachFromScope_survives_every_scope()
    {
        Tensor state;
        using (Tensor.Scope())
        using (Tensor.Scope())
            state = (Tensor.Ones([2]) * 5).DetachFromScope();
        Assert.Equal([5f, 5f], state.ToArrayFloat());
    }

    [Fact]
    public void Scopes_must_close_innermost_first()
    {
        var outer = Tensor.Scope();
        var inner = Tensor.Scope();
        Assert.Throws<InvalidOperationException>(() => outer.Dispose());
        inner.Dispose();
        outer.Dispose();
        Assert.Null(TensorScope.Current);
    }

    [Fact]
    public void Graph_values_freed_by_a_scope_make_backward_throw_not_misread()
    {
        var w = Tensor.Ones([CpuArrayPool.MinLength]).RequiresGrad();
        Tensor loss;
        using (var scope = Tensor.Scope()) loss = scope.Keep((w.Exp() * w).Sum());
        // Reuse the freed arrays for something else before the stale graph is walked.
        using (Tensor.Scope()) _ = Tensor.Ones([CpuArrayPool.MinLength]) * 7;
        Assert.Throws<ObjectDisposedException>(() => loss.Backward());
    }

    [Fact]
    public void Pool_reuses_released_arrays_and_zeroes_them_where_asked()
    {
        const int n = 12_347; // a length no other test uses, so parallel tests cannot take the array
        var a = Tensor.Full([n], 3.0);
        var array = CpuBackend.Data<float>(a.Storage);
        a.Dispose();
        var b = Tensor.Zeros([n]);
        Assert.Same(array, CpuBackend.Data<float>(b.Storage));
        Assert.All(b.ToArrayFloat(), v => Assert.Equal(0f, v));
        b.Dispose();
        b.Dispose(); // idempotent: the array must not enter the pool twice
        var c = Tensor.Ones([n]) + 1;                     // uninitialised outputs overwrite everything
        var d = Tensor.Zeros([n]);
        Assert.NotSame(CpuBackend.Data<float>(c.Storage), CpuBackend.Data<float>(d.Storage));
        Assert.All(c.ToArrayFloat(), v => Assert.Equal(2f, v));
    }

    [Fact]
    public void Results_do_not_depend_on_pooled_memory()
    {
        // A small network step run fresh, then again and again inside scopes that recycle its memory.
        var g = new Generator(3);
        var x = Tensor.RandN(g, [64, 40]);
        var w = Tensor.RandN(g, [40, 50]).RequiresGrad();
        double[] Step()
        {
            var y = (x.MatMul(w).Tanh() - 0.5).Square().Mean(0);
            var gw = Autograd.Grad(y.Sum(), [w], createGraph: true)[0];
            var h = Autograd.Grad(gw.Square().Sum(), [w])[0];
            return [.. y.ToArrayDouble(), .. h.ToArrayDouble()];
        }
        var reference = Step();
        for (int i = 0; i < 3; i++)
            using (Tensor.Scope())
                Assert.Equal(reference, Step());
    }

    [Fact]
    public void Dual_tensors_keep_their_tangent()
    {
        Tensor kept;
        using (var scope = Tensor.Scope())
        {
            var (value, tangent) = ForwardAD.Jvp(t => (t * t).Sum(), Tensor.Full([CpuArrayPool.MinLength], 2.0), Tensor.Ones([CpuArrayPool.MinLength]));
            kept = scope.Keep(tangent);
            Assert.Equal(4.0 * CpuArrayPool.MinLength, value.Item());
        }
        Assert.Equal(4.0 * CpuArrayPool.MinLength, kept.Item());
    }
}
