namespace StreamAe.Sink.Acks;

/// <summary>Told when every output holds a window, just before the window's acknowledgement goes upstream.</summary>
public interface IAcknowledgementObserver
{
    /// <param name="windowEndMs">The window's last sample timestamp (<see cref="Contracts.Window.EndMs"/>).</param>
    void Acknowledged(long windowEndMs);
}
