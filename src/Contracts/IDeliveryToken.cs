namespace StreamAe.Contracts;

/// <summary>
/// Travels with a window from its source to the sinks. The sink side calls <see cref="Delivered"/> once every
/// output has durably written what the window produced; only then may the source commit the offsets behind it.
/// </summary>
public interface IDeliveryToken
{
    void Delivered();
}
