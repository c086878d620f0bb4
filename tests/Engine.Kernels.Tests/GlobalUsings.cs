global using ILGPU;
global using ILGPU.Runtime;
global using Engine.Kernels.Layout;
