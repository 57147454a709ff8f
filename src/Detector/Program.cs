using StreamAe.Detector.Cli;

return await StreamAeCommandLine.RunAsync(args);
