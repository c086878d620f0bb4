namespace Engine.NN;

/// <summary>An indexed list of modules named "0", "1", … as torch.nn.ModuleList (no forward of its own).</summary>
public sealed class ModuleList<T> : Module where T : Module
{
    private readonly List<T> _items = [];

    public ModuleList(params T[] items)
    {
        foreach (var m in items) Add(m);
    }

    public ModuleList<T> Add(T module)
    {
        RegisterModule(_items.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), module);
        _items.Add(module);
        return this;
    }

    public int Count => _items.Count;
    public T this[int i] => _items[i];
    public IEnumerable<T> Items => _items;
}
