Console.WriteLine("benchmarks: none yet");
return 0;
