namespace Engine.Kernels;

/// <summary>
/// Marks a static method as an ILGPU kernel entry point. Every kernel is explicitly grouped (launched
/// with a <c>KernelConfig</c>); the PTX compile test finds kernels through this attribute, so a kernel
/// without it is a kernel nobody checks compiles for the GPU.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class KernelEntryAttribute : Attribute;
