using System.Collections;
using System.Reflection;
using StreamAe.Detector.Configuration;

namespace StreamAe.Detector.Tests.Deployment;

/// <summary>
/// The configuration keys an options type binds (as Microsoft.Extensions.Configuration's binder sees them: public
/// settable properties, case-insensitive; list elements by index; dictionary entries by any name).
/// </summary>
internal static class OptionKeys
{
    /// <summary>Whether <paramref name="key"/> (sections joined by ':') names a property under <paramref name="root"/>.</summary>
    public static bool Binds(Type root, string key)
    {
        var type = root;
        foreach (var segment in key.Split(':'))
        {
            if (IsLeaf(type))
            {
                return false;
            }
            if (ElementType(type) is { } element)
            {
                if (!int.TryParse(segment, out _))
                {
                    return false;
                }
                type = element;
                continue;
            }
            if (DictionaryValueType(type) is { } value)
            {
                type = value;
                continue;
            }
            var property = Settable(type).FirstOrDefault(p => string.Equals(p.Name, segment, StringComparison.OrdinalIgnoreCase));
            if (property is null)
            {
                return false;
            }
            type = property.PropertyType;
        }
        return true;
    }

    /// <summary>Every leaf key under <paramref name="root"/>, list elements written as <c>N</c>, dictionaries as <c>NAME</c>.</summary>
    public static IEnumerable<string> Leaves(Type root, string prefix = "")
    {
        foreach (var property in Settable(root))
        {
            var key = prefix.Length == 0 ? property.Name : $"{prefix}:{property.Name}";
            var type = property.PropertyType;
            if (ElementType(type) is { } element && !IsLeaf(element))
            {
                foreach (var leaf in Leaves(element, key + ":N"))
                {
                    yield return leaf;
                }
            }
            else if (IsLeaf(type) || ElementType(type) is not null || DictionaryValueType(type) is not null)
            {
                yield return key;
            }
            else
            {
                foreach (var leaf in Leaves(type, key))
                {
                    yield return leaf;
                }
            }
        }
    }

    private static IEnumerable<PropertyInfo> Settable(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => property.SetMethod is { IsPublic: true } || IsCollection(property.PropertyType));

    private static bool IsCollection(Type type) => ElementType(type) is not null || DictionaryValueType(type) is not null;

    private static bool IsLeaf(Type type) => ConfigurationCheck.IsValue(type);

    private static Type? ElementType(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }
        if (type == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(type) || DictionaryValueType(type) is not null)
        {
            return null;
        }
        return type.IsGenericType ? type.GetGenericArguments()[0] : null;
    }

    private static Type? DictionaryValueType(Type type)
    {
        var dictionary = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>)
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>));
        return dictionary?.GetGenericArguments()[1];
    }
}
