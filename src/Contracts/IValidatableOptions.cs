namespace StreamAe.Contracts;

/// <summary>
/// Options that check themselves, the one way every options type does: all problems at once, each naming its full
/// configuration key, so the daemon can report them together at start before it connects to anything.
/// </summary>
public interface IValidatableOptions
{
    /// <param name="section">The key the options are bound at (<c>Pipelines:0:Window</c>); errors name keys under it.</param>
    IEnumerable<string> Validate(string section);
}

public static class ValidatableOptionsExtensions
{
    /// <summary>For a component handed its options in code: refuses invalid ones with every problem in one exception.</summary>
    public static void ThrowIfInvalid(this IValidatableOptions options, string section)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate(section).ToList();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(options));
        }
    }
}
