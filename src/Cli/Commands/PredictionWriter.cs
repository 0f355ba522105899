using System.Text;
using System.Text.Json;
using SweepCluster.Training.Checkpoints;
using SweepCluster.Training.Data;
using SweepCluster.Training.Text;
using SweepCluster.Training.Trainer;

namespace SweepCluster.Cli.Commands;

/// <summary>Batches examples through a <see cref="FineTunedModel"/> and writes one JSON object per line.</summary>
internal static class PredictionWriter
{
    public static async Task WriteAsync(FineTunedModel model, IReadOnlyList<TextExample> examples, int batchSize, TextWriter output, CancellationToken cancellationToken)
    {
        var classifier = model.Model;
        var outputs = classifier.NumLabels;
        var rows = new int[batchSize];
        var encoded = new List<EncodedExample>(batchSize);
        var buffer = new MemoryStream();
        for (var start = 0; start < examples.Count; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(batchSize, examples.Count - start);
            encoded.Clear();
            for (var i = 0; i < count; i++)
            {
                var e = examples[start + i];
                encoded.Add(model.Tokenizer.Encode(e.Text, e.TextPair, model.MaxLength));
                rows[i] = i;
            }

            var packed = Training.Text.EncodedBatch.Pack(encoded, rows.AsSpan(0, count), trimToLongest: true);
            var batch = new Training.Model.EncodedBatch(packed.BatchSize, packed.SequenceLength, packed.InputIds, packed.TokenTypeIds, packed.AttentionMask);
            var logits = new float[count * outputs];
            classifier.Predict(batch, logits);
            for (var i = 0; i < count; i++)
            {
                buffer.SetLength(0);
                using (var w = new Utf8JsonWriter(buffer))
                {
                    WriteLine(w, examples[start + i].Id, start + i, logits.AsSpan(i * outputs, outputs), model.LabelNames);
                }

                await output.WriteLineAsync(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length).AsMemory(), cancellationToken);
            }
        }

        await output.FlushAsync(cancellationToken);
    }

    private static void WriteLine(Utf8JsonWriter w, string? id, int index, ReadOnlySpan<float> logits, IReadOnlyList<string> labels)
    {
        w.WriteStartObject();
        if (id is not null)
        {
            w.WriteString("id", id);
        }
        else
        {
            w.WriteNumber("id", index);
        }

        w.WriteStartArray("logits");
        foreach (var v in logits)
        {
            w.WriteNumberValue(v);
        }

        w.WriteEndArray();
        if (logits.Length == 1)
        {
            w.WriteNumber("prediction", logits[0]);
            w.WriteEndObject();
            return;
        }

        // Softmax in double: probabilities that sum to 1 up to double rounding.
        double max = logits[0];
        foreach (var v in logits)
        {
            max = Math.Max(max, v);
        }

        var sum = 0.0;
        foreach (var v in logits)
        {
            sum += Math.Exp(v - max);
        }

        w.WriteStartArray("probabilities");
        foreach (var v in logits)
        {
            w.WriteNumberValue(Math.Exp(v - max) / sum);
        }

        w.WriteEndArray();
        w.WriteString("label", labels[Validator.ArgMax(logits)]);
        w.WriteEndObject();
    }
}
