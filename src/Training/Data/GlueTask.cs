namespace SweepCluster.Training.Data;

/// <summary>The GLUE tasks Dodge et al. (2020) fine-tuned on, with their TSV layouts (see <see cref="GlueTsvReader"/>).</summary>
public enum GlueTask
{
    /// <summary>Stanford Sentiment Treebank, binary: one sentence, labels 0/1.</summary>
    Sst2,

    /// <summary>Corpus of Linguistic Acceptability: one sentence, labels 0/1, evaluated with Matthews correlation.</summary>
    Cola,

    /// <summary>Microsoft Research Paraphrase Corpus: sentence pairs, labels 0/1, evaluated with F1 and accuracy.</summary>
    Mrpc,

    /// <summary>Recognizing Textual Entailment: sentence pairs, labels entailment/not_entailment.</summary>
    Rte,
}
