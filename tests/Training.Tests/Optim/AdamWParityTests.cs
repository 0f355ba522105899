using System.Diagnostics;
using System.Text.Json.Nodes;
using SweepCluster.TestKit;
using SweepCluster.Training.Model;
using SweepCluster.Training.Optim;
using SweepCluster.Training.Randomness;

namespace SweepCluster.Training.Tests.Optim;

/// <summary>
/// Runs the same three steps (clip, AdamW with decoupled weight decay on two parameter groups, linear
/// warm-up schedule) here and in PyTorch via tests/Parity/adamw_parity.py, and compares.
/// </summary>
public sealed class AdamWParityTests
{
    private const int Steps = 3;
    private const double PeakLr = 0.05;
    private const int Warmup = 1;
    private const int Total = 4;
    private const double WeightDecay = 0.1;
    private const double Eps = 1e-6;
    private const double MaxNorm = 4.0;

    [RequiresTorchFact]
    public async Task ThreeStepsWithClippingAndSchedule_MatchPyTorch()
    {
        var rng = new Rng(2024);
        Parameter[] parameters =
        [
            Make(rng, "encoder.dense.weight", [4, 6], decay: true),
            Make(rng, "encoder.dense.bias", [6], decay: false),
            Make(rng, "encoder.LayerNorm.weight", [37], decay: false),
            Make(rng, "classifier.weight", [2, 19], decay: true),
        ];
        // Gradient per step; scaled up on step 2 so that clipping triggers on some steps and not others.
        var grads = parameters.Select(p => Enumerable.Range(0, Steps).Select(s => Gaussian(rng, p.Data.Length, s == 1 ? 3.0 : 0.3)).ToArray()).ToArray();
        var initial = parameters.Select(p => p.Data.ToArray()).ToArray();

        var torch = await RunPyTorchAsync(parameters, grads);

        var options = new AdamWOptions { WeightDecay = WeightDecay, Epsilon = Eps };
        var optimizer = new AdamW(parameters, options);
        var schedule = new LinearWarmupSchedule(PeakLr, Warmup, Total);
        var lrs = torch["lrs"]!.AsArray();
        var norms = torch["norms"]!.AsArray();
        var clipped = 0;
        for (var s = 0; s < Steps; s++)
        {
            for (var i = 0; i < parameters.Length; i++)
            {
                grads[i][s].CopyTo(parameters[i].Grad, 0);
            }

            var norm = GradientClipping.ClipGradNorm(parameters, MaxNorm);
            clipped += norm > MaxNorm ? 1 : 0;
            AssertRelative(norms[s]!.GetValue<double>(), norm, 1e-6, "norm");
            var lr = optimizer.Update(schedule);
            AssertRelative(lrs[s]!.GetValue<double>(), lr, 1e-15, "lr");
        }

        Assert.InRange(clipped, 1, Steps - 1);
        var state = optimizer.ExportState().ToDictionary(t => t.Name, t => t.Data);
        var torchParams = torch["params"]!.AsArray();
        for (var i = 0; i < parameters.Length; i++)
        {
            var reference = torchParams[i]!;
            var name = parameters[i].Name;
            Assert.Equal(name, reference["name"]!.GetValue<string>());
            Assert.Equal(Steps, reference["step"]!.GetValue<double>());
            CompareTensor(Floats(reference["data"]!), parameters[i].Data, name);
            CompareTensor(Floats(reference["exp_avg"]!), state[name + AdamW.ExpAvgSuffix], name + ".exp_avg");
            CompareTensor(Floats(reference["exp_avg_sq"]!), state[name + AdamW.ExpAvgSqSuffix], name + ".exp_avg_sq");

            // The parameters move by ~1e-2 of their size; compare the moves too, so the check is not just "close to start".
            var torchDelta = Floats(reference["data"]!).Select((x, j) => x - initial[i][j]).ToArray();
            var ourDelta = parameters[i].Data.Select((x, j) => x - initial[i][j]).ToArray();
            CompareTensor(torchDelta, ourDelta, name + " update", relative: 1e-4);
        }
    }

    private static async Task<JsonNode> RunPyTorchAsync(Parameter[] parameters, float[][][] grads)
    {
        var directory = Directory.CreateTempSubdirectory("adamw-parity-");
        try
        {
            var input = Path.Combine(directory.FullName, "input.json");
            var output = Path.Combine(directory.FullName, "output.json");
            var spec = new JsonObject
            {
                ["lr"] = PeakLr,
                ["warmup"] = Warmup,
                ["total"] = Total,
                ["steps"] = Steps,
                ["betas"] = new JsonArray(0.9, 0.999),
                ["eps"] = Eps,
                ["weight_decay"] = WeightDecay,
                ["max_norm"] = MaxNorm,
                ["params"] = new JsonArray([.. parameters.Select((p, i) => (JsonNode)new JsonObject
                {
                    ["name"] = p.Name,
                    ["shape"] = new JsonArray([.. p.Shape.Select(d => (JsonNode)d)]),
                    ["decay"] = p.Decay,
                    ["data"] = Doubles(p.Data),
                    ["grads"] = new JsonArray([.. grads[i].Select(g => (JsonNode)Doubles(g))]),
                })]),
            };
            await File.WriteAllTextAsync(input, spec.ToJsonString());

            var script = Path.Combine(RepositoryRoot(), "tests", "Parity", "adamw_parity.py");
            var start = new ProcessStartInfo(TorchPython.Executable!, [script, input, output])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var process = Process.Start(start)!;
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, $"adamw_parity.py failed: {await stdout}{await stderr}");
            return JsonNode.Parse(await File.ReadAllTextAsync(output))!;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "tests", "Parity", "adamw_parity.py")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("tests/Parity/adamw_parity.py not found above " + AppContext.BaseDirectory);
    }

    private static Parameter Make(Rng rng, string name, int[] shape, bool decay)
    {
        var p = new Parameter(name, shape, decay);
        Gaussian(rng, p.Data.Length, 1.0).CopyTo(p.Data, 0);
        return p;
    }

    private static float[] Gaussian(Rng rng, int length, double scale)
    {
        var values = new float[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = (float)(scale * rng.NextGaussian());
        }

        return values;
    }

    // float → double is exact, and a double's shortest JSON form parses back to the same double in Python,
    // so torch.tensor(..., dtype=float32) sees exactly our float32 values.
    private static JsonArray Doubles(float[] values) => new([.. values.Select(v => (JsonNode)(double)v)]);

    private static float[] Floats(JsonNode node) => [.. node.AsArray().Select(v => (float)v!.GetValue<double>())];

    private static void CompareTensor(float[] expected, float[] actual, string what, double relative = 1e-6)
    {
        Assert.Equal(expected.Length, actual.Length);
        // Relative to each value, floored at 0.1 of the tensor's largest magnitude: float32 rounding scales with
        // the operands, so a weight that lands near 0 after a large update carries the update's absolute error.
        var floor = 0.1 * expected.Max(MathF.Abs);
        for (var j = 0; j < expected.Length; j++)
        {
            var tolerance = relative * Math.Max(Math.Abs(expected[j]), floor);
            Assert.True(
                Math.Abs(expected[j] - actual[j]) <= tolerance,
                $"{what}[{j}]: torch {expected[j]:R}, ours {actual[j]:R}, tolerance {tolerance:R}");
        }
    }

    private static void AssertRelative(double expected, double actual, double relative, string what) =>
        Assert.True(Math.Abs(expected - actual) <= relative * Math.Abs(expected), $"{what}: torch {expected:R}, ours {actual:R}");
}
