using Engine.Autodiff;

namespace Engine.NN;

/// <summary>
/// Diffuser's exponential moving average of parameters. The trainer calls <see cref="Step"/> with its step
/// counter after every optimiser step; every <see cref="UpdateEvery"/> steps the EMA model is either reset to
/// a copy of the model (step &lt; <see cref="StartStep"/>) or updated ema ← β·ema + (1−β)·model.
/// </summary>
public sealed class Ema
{
    private readonly Parameter[] _model, _ema;

    /// <param name="model">The trained model.</param>
    /// <param name="emaModel">A second instance of the same architecture that holds the average.</param>
    /// <param name="decay">β of ema ← β·ema + (1−β)·model.</param>
    /// <param name="startStep">Before this step the average is a plain copy of the model.</param>
    /// <param name="updateEvery">Update once every this many steps.</param>
    public Ema(Module model, Module emaModel, double decay = 0.995, int startStep = 2000, int updateEvery = 10)
    {
        if (decay is < 0 or > 1) throw new ArgumentException($"Ema: decay must be in [0, 1], got {decay}");
        if (updateEvery <= 0) throw new ArgumentException($"Ema: updateEvery must be positive, got {updateEvery}");
        var a = model.NamedParameters().ToArray();
        var b = emaModel.NamedParameters().ToArray();
        if (a.Length != b.Length || a.Zip(b).Any(p => p.First.Name != p.Second.Name || !p.First.Parameter.Shape.SequenceEqual(p.Second.Parameter.Shape)))
            throw new ArgumentException("Ema: the EMA model's parameters differ from the model's in names or shapes");
        _model = a.Select(p => p.Parameter).ToArray();
        _ema = b.Select(p => p.Parameter).ToArray();
        Decay = decay; StartStep = startStep; UpdateEvery = updateEvery;
        Model = model; EmaModel = emaModel;
        emaModel.CopyFrom(model);
    }

    /// <summary>The trained model.</summary>
    public Module Model { get; }

    /// <summary>The model holding the average.</summary>
    public Module EmaModel { get; }

    /// <summary>β.</summary>
    public double Decay { get; }

    /// <summary>Steps before which the average is a copy.</summary>
    public int StartStep { get; }

    /// <summary>Steps between updates.</summary>
    public int UpdateEvery { get; }

    /// <summary>Diffuser's rule at trainer step <paramref name="step"/>: act only when step % updateEvery == 0.</summary>
    public void Step(int step)
    {
        if (step % UpdateEvery != 0) return;
        if (step < StartStep) Reset();
        else Update();
    }

    /// <summary>ema ← model.</summary>
    public void Reset()
    {
        using var _ = Autograd.NoGrad();
        for (int i = 0; i < _ema.Length; i++) _ema[i].Value = _model[i].Value.Detach().Clone();
    }

    /// <summary>ema ← β·ema + (1−β)·model.</summary>
    public void Update()
    {
        using var _ = Autograd.NoGrad();
        for (int i = 0; i < _ema.Length; i++)
            _ema[i].Value = _ema[i].Value.Detach() * Decay + _model[i].Value.Detach() * (1 - Decay);
    }
}
