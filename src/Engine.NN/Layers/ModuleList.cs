namespace Engine.NN;

/// <summary>An indexed list of modules named "0", "1", … as torch.nn.ModuleList (no forward of its own).</summary>
public sealed class ModuleList<T> : Module where T : Module
{
    private readonly List<T> _items = [];

    /// <summary>A list holding <paramref name="items"/> in order.</summary>
    public ModuleList(params T[] items)
    {
        foreach (var m in items) Add(m);
    }

    /// <summary>Appends <paramref name="module"/> under the next index; returns this list.</summary>
    public ModuleList<T> Add(T module)
    {
        RegisterModule(_items.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), module);
        _items.Add(module);
        return this;
    }

    /// <summary>The number of modules.</summary>
    public int Count => _items.Count;
    /// <summary>The module at index <paramref name="i"/>.</summary>
    public T this[int i] => _items[i];
    /// <summary>The modules in order.</summary>
    public IEnumerable<T> Items => _items;
}
