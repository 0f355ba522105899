using System.CommandLine;
using System.Text;
using System.Text.Json;
using SweepCluster.Training.Checkpoints;
using SweepCluster.Training.Data;

namespace SweepCluster.Cli.Commands;

/// <summary>
/// <c>sweep predict --model DIR --data FILE [--out FILE] [--text-field F] [--text-pair-field F] [--batch-size N]</c>:
/// runs a fine-tuned model folder (Hugging Face layout) over a JSONL, CSV or TSV file and writes one JSON
/// line per example: <c>id</c>, <c>logits</c>, <c>probabilities</c> (softmax) and <c>label</c> (the arg-max
/// class's name from <c>id2label</c>); a regression model writes <c>prediction</c> instead of the last two.
/// </summary>
internal static class PredictCommand
{
    public static Command Create(TextWriter output)
    {
        var model = new Option<string>("--model") { Description = "Model folder: config.json, model.safetensors, vocab.txt (e.g. a trial's model/)", Required = true };
        var data = new Option<string>("--data") { Description = "Examples to classify: .jsonl, .csv or .tsv (labels not needed)", Required = true };
        var outFile = new Option<string?>("--out") { Description = "Write the JSON lines here instead of standard output" };
        var textField = new Option<string>("--text-field") { Description = "Field/column with the text", DefaultValueFactory = _ => "text" };
        var pairField = new Option<string?>("--text-pair-field") { Description = "Field/column with the second text of pair tasks" };
        var batchSize = new Option<int>("--batch-size") { Description = "Examples per forward pass", DefaultValueFactory = _ => 32 };
        var threads = new Option<int>("--threads") { Description = "Compute threads", DefaultValueFactory = _ => 1 };
        var command = new Command("predict", "Classify a data file with a fine-tuned model folder (one JSON line per example)")
        {
            model, data, outFile, textField, pairField, batchSize, threads,
        };
        command.SetAction((parse, ct) => RunAsync(
            new PredictRequest(parse.GetValue(model)!, parse.GetValue(data)!, parse.GetValue(outFile), parse.GetValue(textField)!,
                parse.GetValue(pairField), parse.GetValue(batchSize), parse.GetValue(threads)),
            output, ct));
        return command;
    }

    public static async Task<int> RunAsync(PredictRequest request, TextWriter output, CancellationToken cancellationToken)
    {
        if (request.BatchSize < 1 || request.Threads < 1)
        {
            throw new CliException(ExitCodes.BadInput, $"--batch-size and --threads must be at least 1, got {request.BatchSize} and {request.Threads}");
        }

        var (model, examples) = LoadInputs(request);
        if (request.OutFile is { } path)
        {
            var full = Path.GetFullPath(path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            await using var file = new StreamWriter(full, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            await PredictionWriter.WriteAsync(model, examples, request.BatchSize, file, cancellationToken);
        }
        else
        {
            await PredictionWriter.WriteAsync(model, examples, request.BatchSize, output, cancellationToken);
        }

        return ExitCodes.Ok;
    }

    private static (FineTunedModel Model, List<TextExample> Examples) LoadInputs(PredictRequest request)
    {
        var fields = new FieldMapping(request.TextField, request.TextPairField);
        var extension = Path.GetExtension(request.Data).ToLowerInvariant();
        Func<List<TextExample>> read = extension switch
        {
            ".jsonl" => () => JsonlExampleReader.Read(request.Data, fields, requireLabels: false),
            ".csv" => () => CsvExampleReader.Read(request.Data, fields, requireLabels: false),
            ".tsv" => () => TsvExampleReader.Read(request.Data, fields, requireLabels: false),
            _ => throw new CliException(ExitCodes.BadInput, $"--data {request.Data}: unknown extension '{extension}' (expected .jsonl, .csv or .tsv)"),
        };

        try
        {
            var model = FineTunedModel.Load(request.Model, request.Threads);
            return (model, read());
        }
        catch (Exception e) when (e is DataFormatException or InvalidDataException or JsonException)
        {
            throw new CliException(ExitCodes.BadInput, e.Message);
        }
    }
}
