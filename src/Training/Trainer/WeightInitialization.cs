namespace SweepCluster.Training.Trainer;

/// <summary>Which weights the weight-initialization seed draws when a run starts fresh.</summary>
public enum WeightInitialization
{
    /// <summary>Only the newly created classifier head (<c>classifier.weight/bias</c>): fine-tuning a pretrained encoder.</summary>
    Head,

    /// <summary>Every parameter (BERT's initialization): training from scratch.</summary>
    All,
}
