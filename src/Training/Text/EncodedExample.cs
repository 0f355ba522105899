namespace SweepCluster.Training.Text;

/// <summary>
/// One example ready for the model, padded to a fixed length:
/// <c>[CLS] a [SEP]</c> or <c>[CLS] a [SEP] b [SEP]</c>, then <c>[PAD]</c>s.
/// </summary>
/// <param name="InputIds">Token ids, length = the encoding's maxLength.</param>
/// <param name="TokenTypeIds">Segment ids: 0 for [CLS], the first text and its [SEP]; 1 for the second text and its [SEP]; 0 for padding.</param>
/// <param name="AttentionMask">1 for real tokens, 0 for padding.</param>
public sealed record EncodedExample(int[] InputIds, int[] TokenTypeIds, int[] AttentionMask)
{
    /// <summary>Number of real (non-padding) tokens; they always come first.</summary>
    public int TokenCount
    {
        get
        {
            var count = 0;
            while (count < AttentionMask.Length && AttentionMask[count] != 0)
            {
                count++;
            }

            return count;
        }
    }
}
