using Engine.Diffusion;

namespace Engine.Theory.Tests.Support;

/// <summary>
/// A diffusion model of a 2-D distribution, trained by the production pipeline: N points of a <see cref="NoisedMixture"/>
/// as the actions of one episode (with a constant 1-D observation, conditioned as Diffuser conditions the first
/// observation), a horizon-1 <see cref="SequenceDataset"/> with identity normalisers (so model coordinates are data
/// coordinates), <see cref="GaussianDiffusion"/> (cosine schedule, x̂₀ prediction) around a <see cref="PlaneDenoiser"/>,
/// and <see cref="DiffusionTrainer"/> (Adam, float32 batches as the trainer draws them). The trained network is then
/// widened to float64 for analysis. Samples seen by the diffusion are [batch, 1, 3]: two point channels, then the
/// observation, held at 0.
/// </summary>
public static class PlaneDiffusion
{
    public const int ObservationChannels = 1;

    public static GaussianDiffusion Train(NoisedMixture data, Normals rnd, Generator g, int steps, int trainSteps, int hidden = 32, int points = 2000)
    {
        var actions = Enumerable.Range(0, points).SelectMany(_ => data.Sample(rnd)).ToArray();
        var episode = new Episode(new double[points * ObservationChannels], actions, points, ObservationChannels, 2);
        var dataset = new SequenceDataset([episode], horizon: 1, maxPathLength: points,
            observationNormalizer: new LimitsNormalizer([-1.0], [1.0]), actionNormalizer: new LimitsNormalizer([-1.0, -1.0], [1.0, 1.0]));
        var model = new PlaneDenoiser(2 + ObservationChannels, g, hidden);
        var diffusion = new GaussianDiffusion(model, horizon: 1, observationDim: ObservationChannels, actionDim: 2, steps: steps);
        var trainer = new DiffusionTrainer(diffusion, new PlaneDenoiser(2 + ObservationChannels, g, hidden), dataset, g, batchSize: 128, lr: 2e-3);
        for (int k = 0; k < trainSteps; k++) trainer.TrainStep();
        model.To(DType.Float64);
        return diffusion;
    }
}
