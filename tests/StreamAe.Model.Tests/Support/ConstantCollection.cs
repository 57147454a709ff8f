namespace StreamAe.Model.Tests.Support;

/// <summary>A thread that collects garbage and runs finalizers without pause, so a TorchSharp temporary whose
/// finalizer frees native memory libtorch still reads is caught within seconds instead of minutes.</summary>
internal sealed class ConstantCollection : IDisposable
{
    private readonly Thread _thread;
    private volatile bool _stop;
    private int _collections;

    public ConstantCollection()
    {
        _thread = new Thread(() =>
        {
            while (!_stop)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                Interlocked.Increment(ref _collections);
            }
        }) { IsBackground = true };
        _thread.Start();
    }

    public int Collections => Volatile.Read(ref _collections);

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
    }
}
