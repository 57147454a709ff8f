using StreamAe.Cli;
using StreamAe.Model.Scoring;

// Before any thread allocates: the malloc settings (arena cap above all) only shape arenas created afterwards.
NativeHeap.KeepFreedMemory();
return await StreamAeCommandLine.RunAsync(args);
