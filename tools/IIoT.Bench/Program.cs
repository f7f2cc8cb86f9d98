using IIoT.Bench;

return await BenchCommand.RunAsync(args);
