using SweepCluster.Training.Metrics;

namespace SweepCluster.Training.Tests.Metrics;

public sealed class ClassificationMetricsTests
{
    // tp = 2 (0, 2), fp = 1 (1), fn = 1 (3), tn = 1 (4).
    private static readonly int[] SmallLabels = [1, 0, 1, 1, 0];
    private static readonly int[] SmallPredictions = [1, 1, 1, 0, 0];

    [Fact]
    public void Accuracy_SmallExample_ThreeOfFive()
    {
        Assert.Equal(0.6, ClassificationMetrics.Accuracy(SmallLabels, SmallPredictions));
    }

    [Fact]
    public void BinaryF1_SmallExample_TwoThirds()
    {
        // 2·tp / (2·tp + fp + fn) = 4 / 6
        Assert.Equal(2.0 / 3.0, ClassificationMetrics.BinaryF1(SmallLabels, SmallPredictions), 1e-15);
    }

    [Fact]
    public void MatthewsCorrelation_SmallExample_OneSixth()
    {
        // (tp·tn − fp·fn) / sqrt((tp+fp)(tp+fn)(tn+fp)(tn+fn)) = (2 − 1) / sqrt(3·3·2·2) = 1/6
        Assert.Equal(1.0 / 6.0, ClassificationMetrics.MatthewsCorrelation(SmallLabels, SmallPredictions), 1e-15);
    }

    [Fact]
    public void AllMetrics_ConfusionMatrixSixThreeOneTwo_HandWorkedValues()
    {
        // tp = 6, tn = 3, fp = 1, fn = 2 (n = 12).
        var (labels, predictions) = FromConfusion(tp: 6, tn: 3, fp: 1, fn: 2);

        Assert.Equal(0.75, ClassificationMetrics.Accuracy(labels, predictions)); // 9 / 12
        Assert.Equal(0.8, ClassificationMetrics.BinaryF1(labels, predictions), 1e-15); // 12 / 15
        // (18 − 2) / sqrt(7·8·4·5) = 16 / sqrt(1120) = 0.47809144373375745
        Assert.Equal(0.47809144373375745, ClassificationMetrics.MatthewsCorrelation(labels, predictions), 1e-15);
    }

    [Fact]
    public void BinaryF1_NoPositivesAnywhere_IsZeroLikeSklearnZeroDivision()
    {
        Assert.Equal(0.0, ClassificationMetrics.BinaryF1([0, 0, 0], [0, 0, 0]));
    }

    [Fact]
    public void BinaryF1_NoPositivePredictions_IsZero()
    {
        Assert.Equal(0.0, ClassificationMetrics.BinaryF1([1, 0, 1], [0, 0, 0]));
    }

    [Fact]
    public void BinaryF1_Perfect_IsOne()
    {
        Assert.Equal(1.0, ClassificationMetrics.BinaryF1([1, 0, 1], [1, 0, 1]));
    }

    [Fact]
    public void BinaryF1_NonBinaryLabel_Throws()
    {
        Assert.Throws<ArgumentException>(() => ClassificationMetrics.BinaryF1([0, 2], [0, 1]));
    }

    [Fact]
    public void MatthewsCorrelation_ConstantPredictor_IsZero()
    {
        Assert.Equal(0.0, ClassificationMetrics.MatthewsCorrelation([1, 0, 1, 1], [1, 1, 1, 1]));
    }

    [Fact]
    public void MatthewsCorrelation_SingleClassLabels_IsZero()
    {
        Assert.Equal(0.0, ClassificationMetrics.MatthewsCorrelation([0, 0, 0], [0, 1, 0]));
    }

    [Fact]
    public void MatthewsCorrelation_Inverted_IsMinusOne()
    {
        Assert.Equal(-1.0, ClassificationMetrics.MatthewsCorrelation([0, 1, 0, 1], [1, 0, 1, 0]));
    }

    [Fact]
    public void MatthewsCorrelation_ThreeClasses_SklearnMulticlassFormula()
    {
        // c = 3, s = 6, true counts (2, 2, 2), predicted counts (3, 1, 2):
        // (3·6 − (6 + 2 + 4)) / sqrt((36 − 14)(36 − 12)) = 6 / sqrt(528) = 0.26111648393354675
        Assert.Equal(0.26111648393354675, ClassificationMetrics.MatthewsCorrelation([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 2]), 1e-15);
    }

    [Fact]
    public void Accuracy_LengthMismatchOrEmpty_Throws()
    {
        Assert.Throws<ArgumentException>(() => ClassificationMetrics.Accuracy([0, 1], [0]));
        Assert.Throws<ArgumentException>(() => ClassificationMetrics.Accuracy([], []));
    }

    private static (int[] Labels, int[] Predictions) FromConfusion(int tp, int tn, int fp, int fn)
    {
        var labels = new List<int>();
        var predictions = new List<int>();
        void Add(int count, int label, int prediction)
        {
            for (var i = 0; i < count; i++)
            {
                labels.Add(label);
                predictions.Add(prediction);
            }
        }

        // Interleave the cells a little so nothing depends on sorted input.
        Add(fn, 1, 0);
        Add(tp, 1, 1);
        Add(fp, 0, 1);
        Add(tn, 0, 0);
        return ([.. labels], [.. predictions]);
    }
}
