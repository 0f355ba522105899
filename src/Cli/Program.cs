using SweepCluster.Cli;

return await SweepCli.RunAsync(args, Console.Out, Console.Error);
