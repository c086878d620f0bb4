using Engine.Experiments.Images;

namespace Engine.Experiments.Tests.Images;

public class AttributeScoresTests
{
    [Fact]
    public void Auc_is_the_share_of_correctly_ordered_pairs()
    {
        var g = new Generator(3);
        var scores = Enumerable.Range(0, 60).Select(_ => Math.Round(g.NextNormal(), 1)).ToArray(); // rounded: ties occur
        var labels = Enumerable.Range(0, 60).Select(i => i % 3 == 0).ToArray();
        double wins = 0, pairs = 0;
        for (int i = 0; i < 60; i++)
            for (int j = 0; j < 60; j++)
                if (!labels[i] && labels[j]) { pairs++; wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0; }
        var auc = AttributeScores.Auc(scores, labels);
        Assert.Equal(wins / pairs, auc.Value, 12);
        Assert.True(auc.Low < auc.Value && auc.Value < auc.High);
    }

    [Fact]
    public void Separated_scores_give_one_reversed_give_zero_and_constant_give_chance()
    {
        bool[] labels = [true, true, false, false, false];
        Assert.Equal(1, AttributeScores.Auc([0, 1, 2, 3, 4], labels).Value);
        Assert.Equal(0, AttributeScores.Auc([4, 3, 2, 1, 0], labels).Value);
        Assert.Equal(0.5, AttributeScores.Auc([1, 1, 1, 1, 1], labels).Value);
        Assert.True(double.IsNaN(AttributeScores.Auc([1, 2], [true, true]).Value));
    }

    [Fact]
    public void The_validation_threshold_separates_separable_scores_and_is_measured_on_other_scores()
    {
        double[] val = [0.1, 0.2, 0.3, 0.7, 0.8, 0.9];
        bool[] valLabels = [true, true, true, false, false, false];
        double theta = AttributeScores.ChooseThreshold(val, valLabels);
        Assert.InRange(theta, 0.3, 0.7);
        Assert.Equal(1, AttributeScores.BalancedAccuracy(val, valLabels, theta));
        // On a test split with one error in each class: (2/3 + 2/3) / 2.
        double[] test = [0.1, 0.2, 0.95, 0.05, 0.8, 0.9];
        var b = AttributeScores.BalancedAccuracyInterval(test, valLabels, theta);
        Assert.Equal(2.0 / 3, b.Value, 12);
        Assert.True(b.Low < b.Value && b.High > b.Value);
        // Constant scores cannot do better than chance.
        Assert.Equal(0.5, AttributeScores.BalancedAccuracy([1, 1, 1, 1], [true, false, true, false], AttributeScores.ChooseThreshold([1, 1, 1, 1], [true, false, true, false])));
    }
}
